import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import type { OutboxRow } from '../db/outboxRow';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import {
  freshDb,
  GROUP_ID,
  MONDAY_AM,
  OTHER_GROUP_ID,
  PUPIL,
  ROSTER,
  TEACHER,
  ADA_OFFICE_ENTRY,
} from '../testSupport.fixture';
import { overlayEntry, registerView } from './registerView';

const ENTRY = ADA_OFFICE_ENTRY;

function mark(localSeq: number, patch: Partial<OutboxRow> = {}): OutboxRow {
  return {
    localSeq,
    v: 1,
    wireSeq: null,
    eventId: `00000000-0000-4000-8000-${(0xe0000 + localSeq).toString(16).padStart(12, '0')}`,
    pupilId: PUPIL.ada,
    sessionKey: '2025-09-08:AM',
    session: MONDAY_AM,
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    actorStaffId: TEACHER.staffId,
    actorRole: 'teacher',
    recordedAt: '2025-09-08T08:50:00.000Z',
    status: 'pending',
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
    ...patch,
  };
}

describe('overlayEntry', () => {
  it.each([
    ['nothing: unmarked', undefined, [], { code: null, isPending: false, notice: null }],
    ['the server entry alone', ENTRY, [], { code: 'N', isPending: false, serverCode: 'N' }],
    [
      'a pending mark over the entry',
      ENTRY,
      [mark(1, { code: '/' })],
      { code: '/', isPending: true, serverCode: 'N' },
    ],
    [
      'the latest of two pending marks',
      ENTRY,
      [mark(2, { code: 'L', minutesLate: 5 }), mark(1, { code: '/' })],
      { code: 'L', minutesLate: 5, isPending: true },
    ],
    [
      'an acknowledged mark: the server entry shows',
      ENTRY,
      [mark(1, { status: 'acked', ackStatus: 'applied' })],
      { code: 'N', isPending: false, notice: null },
    ],
    [
      'a rejected mark: the entry shows, with the reason',
      ENTRY,
      [
        mark(1, {
          code: 'Q',
          status: 'rejected',
          ackStatus: 'rejected',
          ackReason: 'Not allowed.',
        }),
      ],
      { code: 'N', isPending: false, notice: { status: 'rejected', reason: 'Not allowed.' } },
    ],
    [
      'a rejected mark followed by a pending one: the pending one shows',
      ENTRY,
      [mark(1, { status: 'rejected', ackStatus: 'rejected' }), mark(2, { code: 'B' })],
      { code: 'B', isPending: true, notice: null },
    ],
    [
      'a conflict: the entry flagged for review',
      { ...ENTRY, needsReview: true },
      [mark(1, { status: 'acked', ackStatus: 'conflict', ackReason: 'Someone else.' })],
      { code: 'N', needsReview: true, notice: { status: 'conflict', reason: 'Someone else.' } },
    ],
  ] as const)('%s', (_why, entry, marks, expected) => {
    expect(overlayEntry(entry, marks)).toMatchObject(expected);
  });

  it('bases the next mark on the pending mark, else the entry head', () => {
    expect(overlayEntry(ENTRY, []).headEventId).toBe(ENTRY.headEventId);
    expect(overlayEntry(ENTRY, [mark(3)]).headEventId).toBe(mark(3).eventId);
  });
});

describe('registerView', () => {
  let db: AppDb;
  afterEach(() => db.close());

  it('lists the group’s pupils on roll that day, in roster order, with the overlay', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    await db.entries.put({ ...ENTRY, pupilId: PUPIL.ben, needsReview: true });
    await db.outbox.add(mark(1, { pupilId: PUPIL.ada, code: 'L', minutesLate: 3 }));
    await db.outbox.add(mark(2, { pupilId: PUPIL.dan, code: '/' }));

    const view = await registerView(db, GROUP_ID, MONDAY_AM);
    expect(view.group?.name).toBe('3A');
    expect(view.pupils.map((p) => [p.displayName, p.code, p.isPending, p.needsReview])).toEqual([
      ['Ada Adams', 'L', true, false],
      ['Ben Brown', 'N', false, true],
      ['Cat Clark', null, false, false],
    ]);
    expect(view.unmarkedCount).toBe(1);
    expect(view.pendingCount).toBe(1);

    const other = await registerView(db, OTHER_GROUP_ID, MONDAY_AM);
    expect(other.pupils.map((p) => [p.displayName, p.code])).toEqual([['Dan Dawes', '/']]);
  });

  it('with the roster and a previous view given, reads only the outbox again', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    await db.entries.put({ ...ENTRY, pupilId: PUPIL.ben });
    const first = await registerView(db, GROUP_ID, MONDAY_AM, ROSTER);
    expect(first.entries.get(PUPIL.ben)?.code).toBe('N');
    await db.outbox.add(mark(1, { pupilId: PUPIL.cat, code: '/' }));
    const bulkGet = vi.spyOn(db.entries, 'bulkGet');
    const next = await registerView(db, GROUP_ID, MONDAY_AM, ROSTER, first);
    expect(bulkGet).not.toHaveBeenCalled();
    expect(next.pupils.map((p) => [p.displayName, p.code, p.isPending])).toEqual([
      ['Ada Adams', null, false],
      ['Ben Brown', 'N', false],
      ['Cat Clark', '/', true],
    ]);
    expect([...next.eventIds]).toEqual([mark(1).eventId]);
  });

  it('includes a leaver on days they were still on roll', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    const july = await registerView(db, GROUP_ID, { date: localDate('2025-07-21'), part: 'AM' });
    expect(july.pupils.map((p) => p.displayName)).toContain('Eve Evans');
    const september = await registerView(db, GROUP_ID, MONDAY_AM);
    expect(september.pupils.map((p) => p.displayName)).not.toContain('Eve Evans');
  });

  it('is empty before the first sync', async () => {
    db = freshDb();
    const view = await registerView(db, GROUP_ID, MONDAY_AM);
    expect(view).toMatchObject({ group: null, pupils: [], unmarkedCount: 0 });
  });
});
