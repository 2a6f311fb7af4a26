/**
 * The retention job: entries older than the retention period are removed with their
 * whole amendment trail, but only once an export made after their last change covers them; newer
 * entries and unexported ones are kept; a dry run removes nothing; sign-in sessions are removed
 * 30 days after they expired. Driven through `runCli` (what `npm run cli -- retention` runs).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../src/domain';
import { runCli, type CliIo } from '../../src/server/cli/commands';
import { recordExport } from '../../src/server/register/exportLog';
import { yearsBefore } from '../../src/server/retention/retentionJob';
import { appendServerEvents } from '../../src/server/register/serverEvents';
import { createTestApp } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createSyncSchool, MORNING, morningClock, signedInDevice } from './syncFixtures';
import type { SyncSchool } from './syncFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

/** With the default six years, at {@link MORNING} (4 March 2025) the cut-off is 4 March 2019. */
const OLD_EXPORTED = '2018-06-04';
const OLD_NOT_EXPORTED = '2018-09-10';
const OLD_CHANGED_AFTER_EXPORT = '2018-06-05';
const RECENT = '2024-11-12';

/** Stores one mark as the server would, received at `receivedAt`; returns its event id. */
async function mark(
  school: SyncSchool,
  input: { pupil: number; date: string; code: string; receivedAt: string; base?: string },
): Promise<string> {
  const eventId = randomUUID();
  const office = school.member('office');
  await t.db.transaction(async (tx) => {
    const session = { date: localDate(input.date), part: 'AM' as const };
    const pupilId = school.pupil(input.pupil);
    await appendServerEvents(tx, {
      schoolId: school.id,
      now: new Date(input.receivedAt),
      events: [
        {
          eventId,
          pupilId,
          session,
          code: input.code,
          minutesLate: null,
          arrivedAt: null,
          reason: input.base === undefined ? null : 'Letter from parent',
          baseEventId: input.base ?? null,
          actor: { staffId: office.id, name: 'Office', role: 'office' },
          deviceId: null,
          recordedAt: input.receivedAt,
        },
      ],
    });
  });
  return eventId;
}

async function counts(schoolId: string): Promise<{ entries: string[]; events: number }> {
  const { rows } = await t.db.query<{ d: string }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS d FROM register_entry WHERE school_id = $1
      ORDER BY session_date`,
    [schoolId],
  );
  const { rows: events } = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  return { entries: rows.map((r) => r.d), events: events[0]?.n ?? -1 };
}

async function retention(school: SyncSchool, dryRun: boolean): Promise<string[]> {
  const lines: string[] = [];
  const io: CliIo = {
    readText: () => Promise.reject(new Error('no files here')),
    writeText: () => Promise.reject(new Error('no files here')),
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    progress: () => undefined,
    now: () => new Date(MORNING),
    retentionYears: 6,
  };
  const code = await runCli(t.db, ['retention'], { school: school.id, 'dry-run': dryRun }, io);
  expect(code).toBe(0);
  return lines;
}

/** A school with an old exported entry (amended once), old unexported ones and a recent one. */
async function seeded(): Promise<SyncSchool> {
  const school = await createSyncSchool(t.db);
  const first = await mark(school, {
    pupil: 0,
    date: OLD_EXPORTED,
    code: 'N',
    receivedAt: '2018-06-04T09:00:00Z',
  });
  await mark(school, {
    pupil: 0,
    date: OLD_EXPORTED,
    code: 'I',
    receivedAt: '2018-06-06T10:00:00Z',
    base: first,
  });
  await mark(school, {
    pupil: 1,
    date: OLD_EXPORTED,
    code: '/',
    receivedAt: '2018-06-04T09:01:00Z',
  });
  // Covered by the export's range, but amended after it: the export does not hold its last state.
  const changed = await mark(school, {
    pupil: 0,
    date: OLD_CHANGED_AFTER_EXPORT,
    code: 'N',
    receivedAt: '2018-06-05T09:00:00Z',
  });
  await mark(school, {
    pupil: 0,
    date: OLD_CHANGED_AFTER_EXPORT,
    code: 'M',
    receivedAt: '2018-08-01T09:00:00Z',
    base: changed,
  });
  await mark(school, {
    pupil: 0,
    date: OLD_NOT_EXPORTED,
    code: '/',
    receivedAt: '2018-09-10T09:00:00Z',
  });
  await mark(school, { pupil: 0, date: RECENT, code: '/', receivedAt: '2024-11-12T09:00:00Z' });
  await recordExport(t.db, {
    schoolId: school.id,
    from: '2018-06-01',
    to: '2018-07-20',
    at: new Date('2018-07-21T12:00:00Z'),
    byStaffId: school.member('admin').id,
  });
  await recordExport(t.db, {
    schoolId: school.id,
    from: '2024-09-03',
    to: '2025-03-01',
    at: new Date('2025-03-01T12:00:00Z'),
    byStaffId: null,
  });
  return school;
}

describe('npm run cli -- retention', () => {
  it('removes old exported entries with their trail, and keeps unexported and newer ones', async () => {
    const school = await seeded();
    const other = await seeded();
    expect(await counts(school.id)).toEqual({
      entries: [OLD_EXPORTED, OLD_EXPORTED, OLD_CHANGED_AFTER_EXPORT, OLD_NOT_EXPORTED, RECENT],
      events: 7,
    });

    const lines = await retention(school, false);
    expect(lines.join('\n')).toContain('before 2019-03-04');
    expect(lines.join('\n')).toContain('removed 2 entries and 3 marks in their trail');
    expect(lines.join('\n')).toContain('kept 2 older entries that no export covers');
    expect(await counts(school.id)).toEqual({
      entries: [OLD_CHANGED_AFTER_EXPORT, OLD_NOT_EXPORTED, RECENT],
      events: 4,
    });
    // The trail goes exactly with its entry: no event is left of a removed entry.
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1 AND session_date = $2',
      [school.id, OLD_EXPORTED],
    );
    expect(rows[0]?.n).toBe(0);
    // Another school's register is untouched.
    expect((await counts(other.id)).events).toBe(7);

    // Running again finds nothing more.
    expect((await retention(school, false)).join('\n')).toContain('removed 0 entries and 0 marks');
  });

  it('removes nothing on a dry run but says what it would remove', async () => {
    const school = await seeded();
    const lines = await retention(school, true);
    expect(lines.join('\n')).toContain('would remove 2 entries and 3 marks in their trail');
    expect(lines.join('\n')).toContain('dry run: nothing removed');
    expect((await counts(school.id)).events).toBe(7);
    expect((await counts(school.id)).entries).toHaveLength(5);
  });

  it('removes sign-in sessions 30 days after they expired, and keeps later ones', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablets = [];
    for (const handle of ['teacher', 'teacher2', 'office']) {
      tablets.push(await signedInDevice(app, school.member(handle), { clock }));
    }
    const setExpiry = (deviceId: string, expiresAt: string) =>
      t.db.query(
        `UPDATE auth_session SET created_at = $2::timestamptz - interval '12 hours', expires_at = $2
          WHERE device_id = $1`,
        [deviceId, expiresAt],
      );
    await setExpiry(tablets[0]?.deviceId ?? '', '2025-01-20T08:00:00Z'); // 43 days before
    await setExpiry(tablets[1]?.deviceId ?? '', '2025-02-20T08:00:00Z'); // 12 days before
    const lines = await retention(school, false);
    expect(lines.join('\n')).toContain('removed 1 sign-in sessions');
    const { rows } = await t.db.query<{ device_id: string }>(
      'SELECT device_id FROM auth_session WHERE school_id = $1 ORDER BY device_id',
      [school.id],
    );
    expect(rows.map((r) => r.device_id)).toEqual(
      [tablets[1]?.deviceId, tablets[2]?.deviceId].sort(),
    );
  });

  it('counts an export from the marks CSV endpoint, recording who made it', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const admin = await signedInDevice(app, school.member('admin'), { clock });
    const res = await admin.client.get(
      `${dataApi.exportMarksCsv.path}?from=2018-06-01&to=2018-07-20`,
    );
    expect(res.status).toBe(200);
    const { rows } = await t.db.query(
      `SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date,
              exported_at, exported_by
         FROM export_log WHERE school_id = $1`,
      [school.id],
    );
    expect(rows).toEqual([
      {
        from_date: '2018-06-01',
        to_date: '2018-07-20',
        exported_at: new Date(MORNING),
        exported_by: school.member('admin').id,
      },
    ]);
  });
});

describe('yearsBefore', () => {
  it('steps back whole years, and 29 February to 28 February', () => {
    expect(yearsBefore('2025-03-04', 6)).toBe('2019-03-04');
    expect(yearsBefore('2024-02-29', 6)).toBe('2018-02-28');
  });
});
