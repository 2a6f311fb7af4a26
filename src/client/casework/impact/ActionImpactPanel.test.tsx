import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pupilImpactResponseSchema,
  schoolImpactResponseSchema,
  type ImpactWindowWire,
  type PupilImpactResponse,
} from '../../../shared/api/caseworkImpactSchemas';
import { ActionImpactPanel } from './ActionImpactPanel';
import { fakeServer, okReply } from './caseworkServer.fixture';
import { SchoolImpactScreen } from './SchoolImpactScreen';

afterEach(cleanup);

const PUPIL = '00000000-0000-4000-8000-0000000000a1';
const ACTION = '00000000-0000-4000-8000-00000000c001';
const LETTER = '00000000-0000-4000-8000-00000000c002';

const win = (patch: Partial<ImpactWindowWire>): ImpactWindowWire => ({
  range: { from: '2025-01-20', to: '2025-02-02' },
  schoolWeeks: 2,
  possible: 20,
  attended: 12,
  overallAbsence: 8,
  attendancePercent: 60,
  persistent: true,
  ...patch,
});

const VIEW: PupilImpactResponse = {
  pupilId: PUPIL,
  weeks: 2,
  asOf: '2025-03-04',
  actions: [
    {
      actionId: ACTION,
      kind: 'meeting',
      title: 'Meeting',
      doneOn: '2025-02-05',
      before: win({}),
      after: win({
        range: { from: '2025-02-10', to: '2025-03-02' },
        attended: 20,
        overallAbsence: 0,
        attendancePercent: 100,
        persistent: false,
      }),
      complete: true,
      change: 'better',
      changePoints: 40,
    },
    {
      actionId: LETTER,
      kind: 'letter',
      title: 'Stage one letter',
      doneOn: '2025-02-26',
      before: win({ attended: 19, attendancePercent: 95 }),
      after: win({
        range: { from: '2025-03-03', to: '2025-03-04' },
        schoolWeeks: 1,
        possible: 3,
        attended: 2,
        attendancePercent: (100 * 2) / 3,
      }),
      complete: false,
      change: 'worse',
      changePoints: (100 * 2) / 3 - 95,
    },
  ],
};

describe("did it work? in a pupil's case", () => {
  it('shows each action with attendance before and after, possible sessions beside every rate', async () => {
    const server = fakeServer(() => okReply(pupilImpactResponseSchema, VIEW));
    render(<ActionImpactPanel pupilId={PUPIL} pupilName="Ava Jones" fetch={server.fetch} />);

    const table = await screen.findByRole('table', { name: /Ava Jones’s attendance/ });
    const meeting = within(table).getByRole('row', { name: /^Meeting/ });
    expect(meeting).toHaveTextContent('60.0 % (12 of 20 sessions)');
    expect(meeting).toHaveTextContent('100.0 % (20 of 20 sessions)');
    expect(meeting).toHaveTextContent('Better by 40.0 points');
    const letter = within(table).getByRole('row', { name: /^Stage one letter/ });
    expect(letter).toHaveTextContent('66.7 % (2 of 3 sessions)');
    expect(letter).toHaveTextContent('Worse by 28.3 points so far (1 of 2 school weeks)');
    expect(server.seen[0]?.path).toBe(`/api/casework/pupils/${PUPIL}/impact`);
    expect(server.seen[0]?.query.get('weeks')).toBe('6');
  });

  it('asks again for the number of school weeks chosen', async () => {
    const server = fakeServer(() => okReply(pupilImpactResponseSchema, VIEW));
    const user = userEvent.setup();
    render(<ActionImpactPanel pupilId={PUPIL} pupilName="Ava Jones" fetch={server.fetch} />);
    await screen.findByRole('table');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'School weeks before and after each action' }),
      '2',
    );
    await screen.findByRole('table');
    expect(server.seen.map((s) => s.query.get('weeks'))).toEqual(['6', '2']);
  });

  it('says so when no action is done yet', async () => {
    const server = fakeServer(() => okReply(pupilImpactResponseSchema, { ...VIEW, actions: [] }));
    render(<ActionImpactPanel pupilId={PUPIL} pupilName="Ava Jones" fetch={server.fetch} />);
    expect(
      await screen.findByText(/No action in Ava Jones’s case has been recorded as done/),
    ).toBeInTheDocument();
  });
});

describe('did it work? for the school', () => {
  it('shows pupils who moved out of persistent absence by kind of action, for the period asked', async () => {
    const server = fakeServer(() =>
      okReply(schoolImpactResponseSchema, {
        from: '2024-09-01',
        to: '2025-03-04',
        weeks: 6,
        asOf: '2025-03-04',
        persistentAbsencePercent: 10,
        byKind: [
          {
            kind: 'letter',
            pupils: 3,
            persistentBefore: 3,
            movedOut: 1,
            stillPersistent: 1,
            tooSoon: 1,
          },
          {
            kind: 'any',
            pupils: 3,
            persistentBefore: 3,
            movedOut: 1,
            stillPersistent: 1,
            tooSoon: 1,
          },
        ],
        outsideAgeRange: [
          {
            kind: 'any',
            pupils: 0,
            persistentBefore: 0,
            movedOut: 0,
            stillPersistent: 0,
            tooSoon: 0,
          },
        ],
      }),
    );
    render(<SchoolImpactScreen today="2025-03-04" fetch={server.fetch} />);
    const table = await screen.findByRole('table', { name: 'Pupils aged 5 to 15' });
    const letter = within(table).getByRole('row', { name: /^Letter/ });
    expect(
      within(letter)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '3', '1', '1', '1']);
    expect(
      within(table).getByRole('rowheader', { name: 'Any action (each pupil once)' }),
    ).toBeInTheDocument();
    // Nobody outside the age range: no second table.
    expect(screen.getAllByRole('table')).toHaveLength(1);
    expect(server.seen[0]?.path).toBe('/api/casework/impact');
    expect(Object.fromEntries(server.seen[0]?.query ?? [])).toEqual({
      from: '2024-09-01',
      to: '2025-03-04',
      weeks: '6',
    });
  });
});
