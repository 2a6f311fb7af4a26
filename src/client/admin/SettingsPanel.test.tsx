import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeRulesChange,
  localDate,
  parseRulesOver,
  parseSchoolConfig,
  previewArrival,
  wallTime,
  writtenRules,
  YEAR_GROUPS,
  type SchoolConfig,
} from '../../domain/index';
import {
  previewSettingsResponseSchema,
  saveSettingsResponseSchema,
  settingsResponseSchema,
  type SettingsResponse,
} from '../../shared/api/settingsSchemas';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { AdminSection } from './AdminSection';
import {
  adminProfile,
  fakeAdminServer,
  ok,
  refused,
  sectionProps,
  type RecordedRequest,
} from './adminServer.fixture';
import { SettingsPanel } from './SettingsPanel';
import * as settingsApi from '../../shared/api/endpoints/settingsEndpoints';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const BASE = {
  id: 'oak',
  name: 'Oak Primary',
  sessions: {
    AM: { start: '08:45', registerCloses: '09:15' },
    PM: { start: '13:00', registerCloses: '13:15' },
  },
  terms: [{ name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' }],
};
const parsedBase = parseSchoolConfig(BASE);
if (!parsedBase.ok) throw new Error('the test school does not parse');
const CURRENT: SchoolConfig = parsedBase.value;
const GROUP = { id: 'g-3a', name: '3A', yearGroup: '3' };

const SETTINGS: SettingsResponse = {
  today: '2025-10-06',
  inForce: 0,
  rules: writtenRules(CURRENT),
  warnings: [],
  versions: [
    {
      version: 0,
      effectiveFrom: null,
      madeBy: null,
      madeAt: null,
      note: null,
      changes: [],
      rules: {},
    },
  ],
  groups: [GROUP],
};

/**
 * A server that checks rules with the domain itself, as the real one does: problems at their
 * paths (400), or the arrival decided by the register rule.
 */
function rulesServer(onSave?: (request: RecordedRequest) => ReturnType<typeof ok>) {
  return fakeAdminServer((request) => {
    if (request.method === 'GET' && request.path === settingsApi.readSettings.path) {
      return ok(settingsResponseSchema, SETTINGS);
    }
    const body = request.body as Record<string, unknown>;
    const parsed = parseRulesOver(BASE, body.rules);
    if (request.path === settingsApi.previewSettings.path) {
      if (!parsed.ok) {
        return refused(400, 'invalid_request', 'These settings have problems.', {
          issues: parsed.errors,
        });
      }
      const yearGroup = YEAR_GROUPS.find((y) => y === body.yearGroup) ?? '3';
      const preview = previewArrival(
        parsed.value,
        { id: String(body.groupId ?? ''), yearGroup },
        localDate('2025-10-06'),
        body.part === 'PM' ? 'PM' : 'AM',
        wallTime(String(body.arrival)),
      );
      return ok(previewSettingsResponseSchema, {
        code: preview.code,
        minutesLate: preview.minutesLate,
        sentence: preview.sentence,
        changes: describeRulesChange(CURRENT, parsed.value),
        warnings: parsed.warnings,
      });
    }
    if (onSave === undefined) throw new Error(`unexpected ${request.method} ${request.path}`);
    return onSave(request);
  });
}

async function typeInto(user: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  const box = screen.getByLabelText(label);
  await user.clear(box);
  if (text !== '') await user.type(box, text);
  return box;
}

describe('the settings screen', { timeout: 60_000 }, () => {
  it('shows the rules in force and previews what an arrival becomes as the times change', async () => {
    db = freshDb();
    const server = rulesServer();
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<SettingsPanel {...props} />);

    expect(await screen.findByLabelText('Morning register closes')).toHaveValue('09:15');
    expect(
      await screen.findByText(
        'A Year 3 pupil arriving at 09:06 is L, 21 minutes late (register 08:45 to 09:15).',
      ),
    ).toBeInTheDocument();

    await typeInto(user, 'Morning register closes', '09:05');
    expect(
      await screen.findByText(
        'A Year 3 pupil arriving at 09:06 is U, 21 minutes late (register 08:45 to 09:05).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Morning register closes at 09:05 (was 09:15)')).toBeInTheDocument();
    // The preview asked with the rules as edited, for the class's year group.
    const last = server.requests.filter((r) => r.path === settingsApi.previewSettings.path).at(-1);
    expect(last?.body).toMatchObject({
      rules: { sessions: { AM: { start: '08:45', registerCloses: '09:05' } } },
      yearGroup: '3',
      part: 'AM',
      arrival: '09:06',
    });
  });

  it.each([
    ['Morning register closes', '08:30', '"08:30" must be after the start time "08:45"'],
    ['Penalty notice at unauthorised sessions', 'ten', 'expected a number, got the text "ten"'],
    ['Inform the LA at unauthorised sessions', '0', 'must be a whole number, 1 or more, got 0'],
    ['Teachers', '/ H', "'H' is not a 2024 attendance code"],
    [
      'Hours in the school day',
      '13',
      'must be a number of hours more than 0 and at most 12, got 13',
    ],
  ])('shows the rules core’s message beside “%s” for a bad value', async (label, text, message) => {
    db = freshDb();
    const { props } = sectionProps(db, rulesServer().fetch);
    const user = userEvent.setup();
    render(<SettingsPanel {...props} />);
    await screen.findByLabelText(label);

    const box = await typeInto(user, label, text);

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription(expect.stringContaining(message));
  });

  it('adds times for a year group, and saves a version that the history then lists in words', async () => {
    db = freshDb();
    const saved: RecordedRequest[] = [];
    const server = rulesServer((request) => {
      saved.push(request);
      const body = request.body as { rules: unknown; effectiveFrom: string; note?: string };
      const parsed = parseRulesOver(BASE, body.rules);
      if (!parsed.ok) throw new Error('the screen saved rules that do not parse');
      const version = {
        version: 1,
        effectiveFrom: body.effectiveFrom,
        madeBy: { name: 'Sam Admin', role: 'admin' as const },
        madeAt: '2025-10-06T09:00:00.000Z',
        note: body.note ?? null,
        changes: describeRulesChange(CURRENT, parsed.value),
        rules: writtenRules(parsed.value),
      };
      return ok(
        saveSettingsResponseSchema,
        {
          version,
          settings: { ...SETTINGS, versions: [version, ...SETTINGS.versions] },
        },
        201,
      );
    });
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<SettingsPanel {...props} />);
    await screen.findByLabelText('Morning register closes');

    await user.click(screen.getByRole('button', { name: 'Add other times' }));
    await user.selectOptions(screen.getByLabelText('Other times 1: for'), 'Year 3');
    await typeInto(user, 'Other times 1: morning closes', '09:00');
    expect(
      await screen.findByText(
        'A Year 3 pupil arriving at 09:06 is U, 21 minutes late (register 08:45 to 09:00).',
      ),
    ).toBeInTheDocument();
    await typeInto(user, 'In force from', '2025-10-13');
    await user.type(screen.getByLabelText('Why (optional)'), 'Earlier close for Year 3');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    const history = await screen.findByRole('region', { name: 'History' });
    expect(within(history).getByText(/Version 1/)).toBeInTheDocument();
    expect(
      within(history).getByText('Year 3 now has its own times: morning 08:45 to 09:00'),
    ).toBeInTheDocument();
    expect(saved[0]?.body).toMatchObject({
      effectiveFrom: '2025-10-13',
      note: 'Earlier close for Year 3',
      rules: {
        sessionOverrides: [{ yearGroup: '3', AM: { start: '08:45', registerCloses: '09:00' } }],
      },
    });
  });

  it('shows a refused save’s message beside the effective date', async () => {
    db = freshDb();
    const message = '2025-10-01 is in the past: choose today (2025-10-06) or a later day';
    const server = rulesServer(() =>
      refused(400, 'invalid_request', `The settings were not saved: effectiveFrom: ${message}.`, {
        issues: [{ path: 'effectiveFrom', message }],
      }),
    );
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<SettingsPanel {...props} />);
    await screen.findByLabelText('Morning register closes');
    await typeInto(user, 'Morning register closes', '09:05');
    const date = await typeInto(user, 'In force from', '2025-10-01');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(date).toHaveAccessibleDescription(message);
  });
});

describe('Admin for the attendance lead', () => {
  it('offers the settings tab only', async () => {
    db = freshDb();
    const { props } = sectionProps(
      db,
      rulesServer().fetch,
      adminProfile({ role: 'attendance_lead' }),
    );
    render(<AdminSection {...props} />);
    const nav = screen.getByRole('navigation', { name: 'Administration' });
    expect(
      within(nav)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Settings']);
    expect(await screen.findByLabelText('Morning register closes')).toBeInTheDocument();
  });
});
