/**
 * Undo of a first mark (domain marks/withdrawal.ts): a `withdrawn` event takes the entry back to
 * no mark. The register_entry row goes; both events stay in mark_event, the pull and the pupil's
 * history. Only the author, on the same tablet, within the undo window, while nobody else has
 * changed the mark, may withdraw it; otherwise the push is refused with a reason for the tablet.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UNDO_REASON } from '../../src/client/marks/undoMark';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp } from './fixtures';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  storedCount,
  storedEntry,
  teachGroup,
  TODAY,
  MORNING,
} from './syncFixtures';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp() {
  const school = await createSyncSchool(t.db);
  await teachGroup(t.db, school.member('teacher'), school.groups[0]);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const tablet = await signedInDevice(app, school.member('teacher'), { clock });
  return { school, app, clock, tablet };
}

const later = (ms: number) => new Date(Date.parse(MORNING) + ms).toISOString();

describe('withdrawing a first mark', () => {
  it('takes the entry back to no mark, keeping both events in the log, the pull and the history', async () => {
    const { school, tablet } = await setUp();
    const pupilId = school.pupil(0);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    const undo = tablet.event({
      pupilId,
      kind: 'withdrawn',
      baseEventId: mark.eventId,
      recordedAt: later(4_000),
    });

    const answer = await tablet.pushOk([mark, undo]);

    expect(answer.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    expect(answer.acks[1]?.entry).toBeNull();
    expect(await storedEntry(t.db, school.id, pupilId)).toBeNull();
    const { rows } = await t.db.query<{ kind: string; code: string }>(
      'SELECT kind, code FROM mark_event WHERE school_id = $1 ORDER BY server_seq',
      [school.id],
    );
    expect(rows).toEqual([
      { kind: 'mark', code: '/' },
      { kind: 'withdrawn', code: '/' },
    ]);

    const pulled = await tablet.pullAll();
    expect(pulled.map((e) => [e.eventId, e.kind])).toEqual([
      [mark.eventId, undefined],
      [undo.eventId, 'withdrawn'],
    ]);

    const history = await tablet.entries(pupilId, TODAY, TODAY);
    expect(history.entries).toEqual([]);
    expect(history.cleared).toHaveLength(1);
    expect(history.cleared[0]?.withdrawals).toEqual([
      expect.objectContaining({
        withdrawn: { code: '/', minutesLate: null },
        by: expect.objectContaining({ staffId: school.member('teacher').id, role: 'teacher' }),
        afterMs: 4_000,
      }),
    ]);
    expect(history.cleared[0]?.events.map((e) => e.kind ?? 'mark')).toEqual(['mark', 'withdrawn']);
  });

  it('lets the pupil be marked again afterwards, the new mark being the original entry', async () => {
    const { school, tablet } = await setUp();
    const pupilId = school.pupil(1);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    const undo = tablet.event({
      pupilId,
      kind: 'withdrawn',
      baseEventId: mark.eventId,
      recordedAt: later(2_000),
    });
    const again = tablet.event({ pupilId, code: 'N', baseEventId: undo.eventId });
    await tablet.pushOk([mark, undo]);
    const answer = await tablet.pushOk([again]);

    expect(answer.acks[0]?.status).toBe('applied');
    expect(await storedEntry(t.db, school.id, pupilId)).toMatchObject({ code: 'N' });
    const history = await tablet.entries(pupilId, TODAY, TODAY);
    expect(history.entries[0]).toMatchObject({
      code: 'N',
      original: { code: 'N' },
      amendments: [],
      withdrawals: [expect.objectContaining({ withdrawn: { code: '/', minutesLate: null } })],
    });
  });
});

describe('an office save undone', () => {
  it('withdraws the office’s first mark, or records the earlier mark again with a reason', async () => {
    const { school, app, clock, tablet } = await setUp();
    const office = await signedInDevice(app, school.member('office'), { clock });
    const first = school.pupil(6);
    const mark = office.event({ pupilId: first, code: 'M', recordedAt: MORNING });
    const undo = office.event({
      pupilId: first,
      kind: 'withdrawn',
      code: 'M',
      baseEventId: mark.eventId,
      recordedAt: later(5_000),
    });
    await office.pushOk([mark, undo]);
    expect(await storedEntry(t.db, school.id, first)).toBeNull();

    const second = school.pupil(7);
    const teacherMark = tablet.event({ pupilId: second, code: 'N' });
    await tablet.pushOk([teacherMark]);
    const change = office.event({
      pupilId: second,
      code: 'M',
      baseEventId: teacherMark.eventId,
      reason: 'Dentist',
    });
    const back = office.event({
      pupilId: second,
      code: 'N',
      baseEventId: change.eventId,
      reason: UNDO_REASON,
    });
    const answer = await office.pushOk([change, back]);
    expect(answer.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    const history = await office.entries(second, TODAY, TODAY);
    expect(history.entries[0]?.amendments.map((a) => [a.from.code, a.to.code])).toEqual([
      ['N', 'M'],
      ['M', 'N'],
    ]);
  });
});

describe('a withdrawal the server refuses, with a reason for the tablet', () => {
  it('after someone else changed the mark', async () => {
    const { school, app, clock, tablet } = await setUp();
    const office = await signedInDevice(app, school.member('office'), { clock });
    const pupilId = school.pupil(2);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    await tablet.pushOk([mark]);
    await office.pushOk([
      office.event({ pupilId, code: 'M', baseEventId: mark.eventId, reason: 'Dentist' }),
    ]);
    const undo = tablet.event({
      pupilId,
      kind: 'withdrawn',
      baseEventId: mark.eventId,
      recordedAt: later(3_000),
    });

    const refused = await tablet.pushError([undo], 422);

    expect(refused.message).toMatch(/has recorded 'M' since/);
    expect(await storedCount(t.db, school.id, undo.eventId)).toBe(0);
    expect(await storedEntry(t.db, school.id, pupilId)).toMatchObject({ code: 'M' });
  });

  it('by someone other than the person who made the mark, or on another tablet', async () => {
    const { school, app, clock, tablet } = await setUp();
    const other = await signedInDevice(app, school.member('teacher2'), { clock });
    const pupilId = school.pupil(3);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    await tablet.pushOk([mark]);

    const refused = await other.pushError(
      [
        other.event({
          pupilId,
          kind: 'withdrawn',
          baseEventId: mark.eventId,
          recordedAt: later(3_000),
        }),
      ],
      422,
    );

    expect(refused.message).toMatch(/Only the person who made a mark/);
    expect(await storedEntry(t.db, school.id, pupilId)).toMatchObject({ code: '/' });
  });

  it('after the undo window', async () => {
    const { school, tablet } = await setUp();
    const pupilId = school.pupil(4);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    await tablet.pushOk([mark]);

    const refused = await tablet.pushError(
      [
        tablet.event({
          pupilId,
          kind: 'withdrawn',
          baseEventId: mark.eventId,
          recordedAt: later(60_000),
        }),
      ],
      422,
    );

    expect(refused.message).toMatch(/only within 15 seconds/);
    expect(await storedEntry(t.db, school.id, pupilId)).toMatchObject({ code: '/' });
  });

  it('of a mark that was itself a change (undone by recording the earlier mark again)', async () => {
    const { school, tablet } = await setUp();
    const pupilId = school.pupil(5);
    const mark = tablet.event({ pupilId, recordedAt: MORNING });
    const change = tablet.event({
      pupilId,
      code: 'N',
      baseEventId: mark.eventId,
      recordedAt: later(1_000),
    });
    await tablet.pushOk([mark, change]);

    const refused = await tablet.pushError(
      [
        tablet.event({
          pupilId,
          kind: 'withdrawn',
          code: 'N',
          baseEventId: change.eventId,
          recordedAt: later(2_000),
        }),
      ],
      422,
    );

    expect(refused.message).toMatch(/first mark/);
  });
});
