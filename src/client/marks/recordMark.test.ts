import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import { registerView } from './registerView';
import {
  freshDb,
  GROUP_ID,
  ManualTimers,
  MONDAY_AM,
  OFFICE,
  PUPIL,
  ROSTER,
  sequentialIds,
  TEACHER,
  ADA_OFFICE_ENTRY,
} from '../testSupport.fixture';
import { recordMark, warmUpMarkCheck, type ActionEnv } from './recordMark';

let db: AppDb;
afterEach(() => db.close());

const HEAD_FROM_SERVER = ADA_OFFICE_ENTRY.headEventId;

async function setUp(): Promise<ActionEnv> {
  db = freshDb();
  await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
  return { clock: new ManualTimers().clock, newEventId: sequentialIds() };
}

/** Ada's Monday morning entry as the server holds it: an N the office recorded. */
function putOfficeEntry(): Promise<unknown> {
  return db.entries.put(ADA_OFFICE_ENTRY);
}

const teacherMark = (code: string, pupilId: string = PUPIL.ada) => ({
  pupilId,
  session: MONDAY_AM,
  code,
  actor: { staffId: TEACHER.staffId, role: TEACHER.role },
});

describe('recordMark', () => {
  it('writes one pending outbox row with the device time, and the register shows it at once', async () => {
    const env = await setUp();
    const result = await recordMark(db, teacherMark('/'), env);

    expect(result).toEqual({
      ok: true,
      value: { localSeq: 1, eventId: '00000000-0000-4000-8000-0000000e0001', baseEventId: null },
    });
    const rows = await db.outbox.toArray();
    expect(rows).toEqual([
      expect.objectContaining({
        localSeq: 1,
        wireSeq: null,
        status: 'pending',
        pupilId: PUPIL.ada,
        sessionKey: '2025-09-08:AM',
        code: '/',
        baseEventId: null,
        actorStaffId: TEACHER.staffId,
        actorRole: 'teacher',
        recordedAt: '2025-09-08T08:00:00.000Z',
        serverSeq: null,
      }),
    ]);
    expect(await db.entries.count()).toBe(0);

    const view = await registerView(db, GROUP_ID, MONDAY_AM);
    const ada = view.pupils.find((p) => p.pupilId === PUPIL.ada);
    expect(ada).toMatchObject({ code: '/', isPending: true, serverCode: null });
    expect(view.pendingCount).toBe(1);
  });

  it.each([
    ['no mark anywhere', 'none', 'none', null],
    ['an entry from the server', 'entry', 'none', HEAD_FROM_SERVER],
    ['an acknowledged mark of mine and the entry', 'entry', 'acked', HEAD_FROM_SERVER],
    ['a pending mark of mine over the entry', 'entry', 'pending', 'first'],
    ['a pending mark of mine and no entry', 'none', 'pending', 'first'],
  ] as const)('bases the mark on what the user saw: %s', async (_why, entry, mine, expected) => {
    const env = await setUp();
    if (entry === 'entry') await putOfficeEntry();
    let firstId: string | null = null;
    if (mine !== 'none') {
      const first = await recordMark(db, teacherMark('/'), env);
      if (!first.ok) throw new Error('first mark failed');
      firstId = first.value.eventId;
      if (mine === 'acked') await db.outbox.update(first.value.localSeq, { status: 'acked' });
    }
    // The register passes the head its view shows; the view must follow the same rule.
    const view = await registerView(db, GROUP_ID, MONDAY_AM);
    const seen = view.pupils.find((p) => p.pupilId === PUPIL.ada)?.headEventId;
    const second = await recordMark(db, teacherMark('L'), env);
    const fromScreen = await recordMark(db, { ...teacherMark('M'), seenHeadEventId: seen }, env);
    if (!second.ok || !fromScreen.ok) throw new Error('second mark failed');
    expect(second.value.baseEventId).toBe(expected === 'first' ? firstId : expected);
    expect(seen).toBe(second.value.baseEventId);
    expect((await db.outbox.get(fromScreen.value.localSeq))?.baseEventId).toBe(seen);
  });

  it('bases the mark on the head the user saw, not one the tablet learnt since', async () => {
    const env = await setUp();
    const view = await registerView(db, GROUP_ID, MONDAY_AM);
    const seen = view.pupils.find((p) => p.pupilId === PUPIL.ada)?.headEventId;
    // The office's mark arrives in a pull after the register was drawn.
    await putOfficeEntry();

    const result = await recordMark(db, { ...teacherMark('/'), seenHeadEventId: seen }, env);

    expect(seen).toBeNull();
    expect(result.ok && result.value.baseEventId).toBeNull();
    expect((await db.outbox.toArray()).map((row) => row.baseEventId)).toEqual([null]);
  });

  it('ignores marks for other pupils and sessions when choosing the base', async () => {
    const env = await setUp();
    await recordMark(db, teacherMark('/', PUPIL.ben), env);
    await recordMark(db, { ...teacherMark('/'), session: { ...MONDAY_AM, part: 'PM' } }, env);
    const result = await recordMark(db, teacherMark('/'), env);
    expect(result.ok && result.value.baseEventId).toBeNull();
  });

  it('numbers marks in device order', async () => {
    const env = await setUp();
    for (const pupilId of [PUPIL.ada, PUPIL.ben, PUPIL.cat]) {
      await recordMark(db, teacherMark('/', pupilId), env);
    }
    const rows = await db.outbox.orderBy('localSeq').toArray();
    // Wire numbers are given when a row is first sent, not when it is saved.
    expect(rows.map((r) => [r.localSeq, r.wireSeq, r.pupilId])).toEqual([
      [1, null, PUPIL.ada],
      [2, null, PUPIL.ben],
      [3, null, PUPIL.cat],
    ]);
  });

  it('keeps the office role and late details on the row', async () => {
    const env = await setUp();
    await recordMark(
      db,
      {
        pupilId: PUPIL.ada,
        session: MONDAY_AM,
        code: 'L',
        minutesLate: 10,
        arrivedAt: '2025-09-08T08:05:00.000Z',
        reason: 'Arrived with parent',
        actor: { staffId: OFFICE.staffId, role: 'office' },
      },
      env,
    );
    expect(await db.outbox.get(1)).toMatchObject({
      actorRole: 'office',
      minutesLate: 10,
      arrivedAt: '2025-09-08T08:05:00.000Z',
      reason: 'Arrived with parent',
    });
  });

  it.each([
    ['an empty code', { code: '' }, 'code'],
    ['a code too long to send', { code: 'TOOLONGCODE' }, 'code'],
    ['negative minutes late', { minutesLate: -5 }, 'minutesLate'],
    ['a pupil id that is not a uuid', { pupilId: 'ada' }, 'pupilId'],
    ['an arrival time that is not an instant', { arrivedAt: '08:50' }, 'arrivedAt'],
  ])('refuses %s without queuing anything', async (_why, patch, field) => {
    const env = await setUp();
    const result = await recordMark(db, { ...teacherMark('/'), ...patch }, env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain(field);
    expect(await db.outbox.count()).toBe(0);
  });

  it('warms up the check on a mark that passes it, so the first tap takes the same path', () => {
    expect(warmUpMarkCheck()).toBe(true);
  });
});
