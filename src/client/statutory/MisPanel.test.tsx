import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  misReconciliationResponseSchema,
  misRetryResponseSchema,
  misStatusResponseSchema,
  type MisStatusResponse,
} from '../../shared/api/misSchemas';
import { fakeAdminServer, ok, refused } from '../admin/adminServer.fixture';
import { MisPanel } from './MisPanel';

afterEach(cleanup);

const STAFF = '00000000-0000-4000-8000-00000000a009';
const PUPIL = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';
const EVENT_1 = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1e01';
const EVENT_2 = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1e02';

const problem = (eventId: string, patch: Partial<MisStatusResponse['problems'][number]> = {}) => ({
  eventId,
  pupil: { id: PUPIL, displayName: 'Amira Khan' },
  date: '2026-11-02',
  session: 'AM' as const,
  code: 'I',
  minutesLate: null,
  status: 'failed' as const,
  attempts: 6,
  lastError: 'Wonde had a problem (HTTP 500) writing the marks; it tries again later',
  unsure: true,
  lastAttemptAt: '2026-11-02T10:00:00.000Z',
  ...patch,
});

const STATUS: MisStatusResponse = {
  connected: true,
  mis: 'Wonde at https://api.wonde.com (school A1930499544)',
  writeFrom: '2026-09-03',
  counts: { pending: 1, written: 412, failed: 1, superseded: 3, unsure: 2 },
  problems: [
    problem(EVENT_1),
    problem(EVENT_2, {
      status: 'pending',
      session: 'PM',
      code: 'L',
      minutesLate: 12,
      attempts: 1,
      lastError: 'Wonde did not answer in time',
    }),
  ],
};

describe('the MIS panel', () => {
  it('shows the counts and each mark not in the MIS with its error, and tries a stopped one again', async () => {
    let retried: unknown = null;
    const server = fakeAdminServer((req) => {
      if (req.path === '/api/mis/retry') {
        retried = req.body;
        return ok(misRetryResponseSchema, { retried: 1 });
      }
      return ok(misStatusResponseSchema, STATUS);
    });
    render(<MisPanel staffId={STAFF} today="2026-11-03" fetch={server.fetch} />);
    expect(await screen.findByLabelText('Marks and the MIS')).toHaveTextContent(
      /Written412Waiting1Stopped \(need you\)1Replaced by a newer mark3May be in the MIS already2/,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(
      /Amira Khan.*2026-11-02 morning.*I.*Stopped: needs you.*may be in the MIS already.*HTTP 500/,
    );
    expect(rows[1]).toHaveTextContent(
      /afternoon.*L \(12 min late\).*Waiting to try again.*did not answer in time/,
    );
    expect(within(rows[1] as HTMLElement).queryByRole('button')).toBeNull();
    await userEvent.click(
      screen.getByRole('button', { name: 'Try again: Amira Khan, 2026-11-02 morning' }),
    );
    expect(
      await screen.findByText(/1 mark will be tried again within a minute/),
    ).toBeInTheDocument();
    expect(retried).toEqual({ eventIds: [EVENT_1] });
  });

  it('compares a day with the MIS and lists the differences in words', async () => {
    const server = fakeAdminServer((req) => {
      if (req.path === '/api/mis/reconciliation') {
        return ok(misReconciliationResponseSchema, {
          date: req.query.get('date') ?? '',
          mis: STATUS.mis ?? '',
          tickmarkMarks: 3,
          misMarks: 2,
          matching: 1,
          withoutUpn: 0,
          differences: [
            {
              upn: 'T00000000001A',
              pupil: { id: PUPIL, displayName: 'Amira Khan' },
              session: 'AM',
              kind: 'different_code',
              words: 'Different code',
              tickmark: { code: 'I', minutesLate: null },
              mis: { code: 'O', minutesLate: null },
            },
            {
              upn: 'T00000000002A',
              pupil: null,
              session: 'PM',
              kind: 'missing_in_mis',
              words: 'Not in the MIS',
              tickmark: { code: '\\', minutesLate: null },
              mis: null,
            },
          ],
        });
      }
      return ok(misStatusResponseSchema, { ...STATUS, problems: [] });
    });
    render(<MisPanel staffId={STAFF} today="2026-11-03" fetch={server.fetch} />);
    expect(await screen.findByText(/Every mark has reached the MIS/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(
      await screen.findByText(/2026-11-03: 1 session matches; 2 differences\./),
    ).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent(/Amira Khan.*morning.*Different code.*I.*O/);
    expect(rows[1]).toHaveTextContent(/UPN T00000000002A.*afternoon.*Not in the MIS.*\\.*no mark/);
  });

  it('says plainly when the school is not connected, and when the MIS cannot be read', async () => {
    const server = fakeAdminServer((req) =>
      req.path === '/api/mis/reconciliation'
        ? refused(502, 'mis_unreachable', 'The school’s MIS could not be read.')
        : ok(misStatusResponseSchema, { ...STATUS, problems: [] }),
    );
    render(<MisPanel staffId={STAFF} today="2026-11-03" fetch={server.fetch} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Compare' }));
    expect(await screen.findByText('The school’s MIS could not be read.')).toBeInTheDocument();
    cleanup();
    const off = fakeAdminServer(() =>
      ok(misStatusResponseSchema, {
        connected: false,
        mis: null,
        writeFrom: null,
        counts: { pending: 0, written: 0, failed: 0, superseded: 0, unsure: 0 },
        problems: [],
      }),
    );
    render(<MisPanel staffId={STAFF} today="2026-11-03" fetch={off.fetch} />);
    expect(await screen.findByText(/marks are not written into an MIS/)).toBeInTheDocument();
  });
});
