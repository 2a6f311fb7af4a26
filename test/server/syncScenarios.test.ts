/**
 * The five scenarios of docs/design.md §7.11, each with real HTTP
 * requests through the app, and the amendment trail a pupil's entries show afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entryKey, foldEntries, localDate } from '../../src/domain';
import type { ServerMarkEvent } from '../../src/domain';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp, HOUR, MINUTE } from './fixtures';
import {
  createSyncSchool,
  teachGroup,
  DATES,
  morningClock,
  signedInDevice,
  storedCount,
  storedEntry,
  storedState,
  TODAY,
} from './syncFixtures';
import type { PullResponseEvents, SyncDevice } from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp(at?: string) {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock(at) });
  const signIn = (handle: string) => signedInDevice(app, school.member(handle), { clock });
  return { school, app, clock, signIn };
}

/** What a device makes of the pulled log: the domain's own fold, as the tablet runs it. */
function foldPulled(events: PullResponseEvents) {
  const serverEvents: ServerMarkEvent[] = events.map((e) => ({
    ...e,
    session: { date: localDate(e.session.date), part: e.session.part },
  }));
  return foldEntries(serverEvents);
}

async function deviceView(device: SyncDevice, pupilId: string, date = TODAY) {
  const entry = foldPulled(await device.pullAll(0)).get(
    entryKey(pupilId, { date: localDate(date), part: 'AM' }),
  );
  return entry === undefined
    ? null
    : { code: entry.code, headEventId: entry.headEventId, needsReview: entry.needsReview };
}

describe('1. duplicate delivery (retry, double tap, two tabs)', () => {
  it('answers a resend after a lost answer with the original acks', async () => {
    const { school, signIn } = await setUp();
    const tablet = await signIn('teacher');
    const events = tablet.register(school.groups[0]?.pupilIds.slice(0, 5) ?? []);
    // The server commits, the answer is lost on the way back: the tablet sends again.
    const lost = await tablet.pushOk(events);
    const resend = await tablet.pushOk(events);
    expect(resend.acks).toEqual(lost.acks);
    for (const e of events) expect(await storedCount(t.db, school.id, e.eventId)).toBe(1);
  });

  it('stores once when two tabs of one tablet push the same outbox at the same moment', async () => {
    const { school, signIn } = await setUp();
    const tablet = await signIn('teacher');
    const events = tablet.register(school.groups[0]?.pupilIds ?? []);
    const [tabOne, tabTwo] = await Promise.all([tablet.pushOk(events), tablet.pushOk(events)]);
    expect(tabTwo.acks).toEqual(tabOne.acks);
    expect(new Set(tabOne.acks.map((a) => a.serverSeq)).size).toBe(30);
    expect((await storedState(t.db, school.id)).markEvents).toBe(30);
  });

  it('recognises the event id even when a retry gave the event a new number', async () => {
    const { school, signIn } = await setUp();
    const tablet = await signIn('teacher');
    const [mark] = tablet.register([school.pupil(0)]);
    if (mark === undefined) throw new Error('no mark');
    const first = await tablet.pushOk([mark]);
    const renumbered = tablet.renumbered([mark], 2);
    const again = await tablet.pushOk(renumbered);
    expect(again.acks[0]).toMatchObject({
      eventId: mark.eventId,
      serverSeq: first.acks[0]?.serverSeq,
      status: 'applied',
    });
    expect(await storedCount(t.db, school.id, mark.eventId)).toBe(1);
  });
});

describe('2. two devices mark the same pupil offline', () => {
  it('keeps both when they differ: the first is the entry, the second a conflict for review', async () => {
    const { school, signIn } = await setUp();
    const tabletA = await signIn('teacher');
    const tabletB = await signIn('teacher2');
    const pupil = school.pupil(0);
    // Both offline: neither saw a mark (base null).
    const present = tabletA.event({ pupilId: pupil, code: '/' });
    const absent = tabletB.event({ pupilId: pupil, code: 'N' });

    const a = await tabletA.pushOk([present]);
    const b = await tabletB.pushOk([absent]);

    expect(a.acks[0]).toMatchObject({ status: 'applied', reason: null });
    expect(b.acks[0]).toMatchObject({
      status: 'conflict',
      reason:
        'Someone else marked this pupil differently for this session at the same time. Both marks are kept; the office will review them.',
      entry: { code: '/', headEventId: present.eventId, needsReview: true },
    });
    expect(await storedCount(t.db, school.id, present.eventId)).toBe(1);
    expect(await storedCount(t.db, school.id, absent.eventId)).toBe(1);
    expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
      code: '/',
      head_event_id: present.eventId,
      head_role: 'teacher',
      needs_review: true,
    });

    // Both tablets pull and fold to the same entry as the server, badge included.
    const expected = { code: '/', headEventId: present.eventId, needsReview: true };
    expect(await deviceView(tabletA, pupil)).toEqual(expected);
    expect(await deviceView(tabletB, pupil)).toEqual(expected);

    // The office settles it with an amendment of the current head, with a reason.
    const office = await signIn('office');
    const settle = office.event({
      pupilId: pupil,
      code: 'N',
      baseEventId: present.eventId,
      reason: 'Checked with both teachers: not in class',
    });
    expect((await office.pushOk([settle])).acks[0]).toMatchObject({
      status: 'applied',
      entry: { code: 'N', headRole: 'office', needsReview: false },
    });
    const settled = { code: 'N', headEventId: settle.eventId, needsReview: false };
    expect(await deviceView(tabletA, pupil)).toEqual(settled);
    expect(await deviceView(tabletB, pupil)).toEqual(settled);
  });

  it('ends in one conflict whatever the race when both push at the same moment', async () => {
    const { school, signIn } = await setUp();
    const tabletA = await signIn('teacher');
    const tabletB = await signIn('teacher2');
    const pupils = school.groups[0]?.pupilIds ?? [];
    const marksA = tabletA.register(pupils, { code: '/' });
    const marksB = tabletB.register(pupils, { code: 'N' });

    const [a, b] = await Promise.all([tabletA.pushOk(marksA), tabletB.pushOk(marksB)]);

    for (const [i, pupil] of pupils.entries()) {
      const statuses = [a.acks[i]?.status, b.acks[i]?.status].sort();
      expect(statuses).toEqual(['applied', 'conflict']);
      const winner = (a.acks[i]?.serverSeq ?? 0) < (b.acks[i]?.serverSeq ?? 0) ? marksA : marksB;
      expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
        head_event_id: winner[i]?.eventId,
        needs_review: true,
      });
    }
    expect((await storedState(t.db, school.id)).markEvents).toBe(60);
  });

  it('records the same value from the second device as duplicate_value, with no conflict', async () => {
    const { school, signIn } = await setUp();
    const tabletA = await signIn('teacher');
    const tabletB = await signIn('teacher2');
    const pupil = school.pupil(0);
    const first = tabletA.event({ pupilId: pupil, code: 'N' });
    const same = tabletB.event({ pupilId: pupil, code: 'N' });

    await tabletA.pushOk([first]);
    const b = await tabletB.pushOk([same]);

    expect(b.acks[0]).toMatchObject({
      status: 'duplicate_value',
      reason: null,
      entry: { code: 'N', headEventId: first.eventId, needsReview: false },
    });
    expect(await storedCount(t.db, school.id, same.eventId)).toBe(1);
    expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
      head_event_id: first.eventId,
      needs_review: false,
    });
    expect(await deviceView(tabletB, pupil)).toEqual({
      code: 'N',
      headEventId: first.eventId,
      needsReview: false,
    });
  });
});

describe('2b. two devices record L with different minutes late', () => {
  it('makes the second a conflict for the office, not a duplicate, on the server and the tablets', async () => {
    const { school, clock, signIn } = await setUp('2025-03-04T09:10:00Z');
    const tabletA = await signIn('teacher');
    const tabletB = await signIn('teacher2');
    const pupil = school.pupil(0);
    // Neither saw the other's mark: one says 5 minutes late (08:50), the other 20 (09:05).
    const early = tabletA.event({
      pupilId: pupil,
      code: 'L',
      minutesLate: 5,
      arrivedAt: '2025-03-04T08:50:00.000Z',
    });
    const later = tabletB.event({ pupilId: pupil, code: 'L', minutesLate: 20 });
    clock.set('2025-03-04T09:12:00Z');

    await tabletA.pushOk([early]);
    const b = await tabletB.pushOk([later]);

    expect(b.acks[0]).toMatchObject({
      status: 'conflict',
      entry: { code: 'L', minutesLate: 5, headEventId: early.eventId, needsReview: true },
    });
    expect(await storedCount(t.db, school.id, later.eventId)).toBe(1);
    expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
      code: 'L',
      minutes_late: 5,
      needs_review: true,
    });
    const expected = { code: 'L', headEventId: early.eventId, needsReview: true };
    expect(await deviceView(tabletA, pupil)).toEqual(expected);
    expect(await deviceView(tabletB, pupil)).toEqual(expected);
  });
});

describe('3. an office amendment races a teacher’s stale mark', () => {
  it('office first: the late teacher mark is superseded and the office entry stands', async () => {
    const { school, clock, signIn } = await setUp();
    const teacher = await signIn('teacher');
    const office = await signIn('office');
    const pupil = school.pupil(0);
    // The teacher marks N offline at 08:50; the tablet stays offline.
    const stale = teacher.event({ pupilId: pupil, code: 'N' });
    // At 09:30 the office, having taken the parent's call, records M.
    clock.set('2025-03-04T09:30:00Z');
    const medical = office.event({
      pupilId: pupil,
      code: 'M',
      reason: 'Mum phoned: dentist until 11',
    });
    expect((await office.pushOk([medical])).acks[0]?.status).toBe('applied');

    clock.set('2025-03-04T10:00:00Z');
    const late = await teacher.pushOk([stale]);

    expect(late.acks[0]).toMatchObject({
      status: 'superseded',
      reason:
        'The office had already amended this entry, so this mark did not change it. It is kept in the entry’s history.',
      entry: { code: 'M', headEventId: medical.eventId, headRole: 'office' },
    });
    expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
      code: 'M',
      head_event_id: medical.eventId,
    });
    expect(await storedCount(t.db, school.id, stale.eventId)).toBe(1);
    const history = await office.entries(pupil, TODAY, TODAY);
    expect(history.entries[0]?.events.map((e) => [e.code, e.status])).toEqual([
      ['M', 'applied'],
      ['N', 'superseded'],
    ]);
  });

  it('teacher first: the office amendment with a stale base is applied and flagged', async () => {
    const { school, clock, signIn } = await setUp();
    const teacher = await signIn('teacher');
    const office = await signIn('office');
    const pupil = school.pupil(0);
    // The office records M before it has seen the teacher's mark (its base is null)…
    clock.set('2025-03-04T08:40:00Z');
    const medical = office.event({ pupilId: pupil, code: 'M', reason: 'Dentist, letter seen' });
    // …and the teacher's N reaches the server first.
    clock.set('2025-03-04T08:50:00Z');
    const absent = teacher.event({ pupilId: pupil, code: 'N' });
    await teacher.pushOk([absent]);
    clock.set('2025-03-04T08:55:00Z');
    const answer = await office.pushOk([medical]);

    expect(answer.acks[0]).toMatchObject({
      status: 'applied',
      reason:
        'This amendment replaced a mark made at the same time on another device; it is flagged for the office to check.',
      entry: { code: 'M', headEventId: medical.eventId, headRole: 'office', needsReview: true },
    });
    expect(await storedEntry(t.db, school.id, pupil)).toMatchObject({
      code: 'M',
      needs_review: true,
    });
    expect(await deviceView(teacher, pupil)).toEqual({
      code: 'M',
      headEventId: medical.eventId,
      needsReview: true,
    });
  });
});

describe('4. a teacher edits their own unsynced mark', () => {
  it('chains the edits by baseEventId: all applied, each change in the amendment trail', async () => {
    const { school, clock, signIn } = await setUp('2025-03-04T08:46:00Z');
    const tablet = await signIn('teacher');
    const pupil = school.pupil(0);
    // Offline: N at 08:46, then the pupil walks in at 08:52 (L, 7 minutes), all before the close.
    const absent = tablet.event({ pupilId: pupil, code: 'N' });
    clock.set('2025-03-04T08:52:00Z');
    const late = tablet.event({
      pupilId: pupil,
      code: 'L',
      minutesLate: 7,
      arrivedAt: '2025-03-04T08:52:00.000Z',
      baseEventId: absent.eventId,
    });
    // The tablet comes online at 10:05, long after the register closed: the edits were made
    // while it was open, so no reason is needed.
    clock.set('2025-03-04T10:05:00Z');
    await tablet.pushOk([absent]);
    const answer = await tablet.pushOk([late]);
    expect(answer.acks[0]).toMatchObject({
      status: 'applied',
      entry: { code: 'L', minutesLate: 7, needsReview: false },
    });

    // A correction made now, after the close, needs a reason.
    const after = tablet.event({ pupilId: pupil, code: '/', baseEventId: late.eventId });
    const refused = await tablet.pushError([after], 422);
    expect(refused.details).toMatchObject({
      rejected: [
        {
          message:
            "The register has closed, so give a reason for changing 'L' (7 minutes late) to '/'.",
        },
      ],
    });
    tablet.renumberFrom(after.clientSeq);
    const withReason = tablet.event({
      pupilId: pupil,
      code: 'L',
      minutesLate: 7,
      arrivedAt: '2025-03-04T08:52:00.000Z',
      baseEventId: late.eventId,
      reason: 'Same as before',
    });
    // Same value again: a re-confirmation, applied but not an amendment.
    expect((await tablet.pushOk([withReason])).acks[0]?.status).toBe('applied');

    // The class teacher reads their pupil's history (a teacher of another class may not).
    await teachGroup(t.db, school.member('teacher'), school.groups[0]);
    const history = await tablet.entries(pupil, TODAY, TODAY);
    const entry = history.entries[0];
    expect(entry?.original).toMatchObject({ code: 'N', minutesLate: null });
    expect(entry?.amendments.map((a) => [a.from, a.to, a.by.role])).toEqual([
      [{ code: 'N', minutesLate: null }, { code: 'L', minutesLate: 7 }, 'teacher'],
    ]);
  });
});

describe('5. a tablet clock that is wrong', () => {
  it('orders by arrival at the server, never by the tablets’ clocks (±1 hour)', async () => {
    const { school, clock, signIn } = await setUp();
    const fast = await signIn('teacher'); // its clock is an hour ahead
    const slow = await signIn('teacher2'); // its clock is an hour behind
    const pupil = school.pupil(0);
    const now = clock.now().getTime();
    const fastMark = fast.event({
      pupilId: pupil,
      code: '/',
      recordedAt: new Date(now + HOUR).toISOString(),
    });
    clock.advance(2 * MINUTE);
    const slowMark = slow.event({
      pupilId: pupil,
      code: 'N',
      recordedAt: new Date(now + 2 * MINUTE - HOUR).toISOString(),
    });

    // The fast tablet's mark reaches the server first, though its clock says it came later.
    await fast.pushOk([fastMark], { clockOffsetMs: -HOUR });
    const second = await slow.pushOk([slowMark], { clockOffsetMs: HOUR });

    expect(second.acks[0]).toMatchObject({
      status: 'conflict',
      entry: { code: '/', headEventId: fastMark.eventId },
    });
    const { rows } = await t.db.query<{
      event_id: string;
      recorded_at_device: Date;
      clock_offset_ms: number;
    }>(
      `SELECT event_id, recorded_at_device, clock_offset_ms FROM mark_event
        WHERE school_id = $1 ORDER BY server_seq`,
      [school.id],
    );
    expect(
      rows.map((r) => [r.event_id, r.recorded_at_device.toISOString(), r.clock_offset_ms]),
    ).toEqual([
      [fastMark.eventId, '2025-03-04T09:50:00.000Z', -HOUR],
      [slowMark.eventId, '2025-03-04T07:52:00.000Z', HOUR],
    ]);
  });

  it('refuses a teacher’s mark for a day that has not come (a tablet on tomorrow’s date)', async () => {
    const { school, signIn } = await setUp();
    const tablet = await signIn('teacher');
    const before = await storedState(t.db, school.id);
    const tomorrow = tablet.event({
      pupilId: school.pupil(0),
      date: DATES.tomorrow,
      recordedAt: '2025-03-05T08:50:00.000Z',
    });
    const error = await tablet.pushError([tomorrow], 422, { clockOffsetMs: -24 * HOUR });
    expect(error.details).toMatchObject({
      rejected: [
        {
          eventId: tomorrow.eventId,
          message:
            "The session 5 March 2025 AM has not happened yet, so its register cannot be taken. Check the tablet's date.",
        },
      ],
    });
    expect(await storedState(t.db, school.id)).toEqual(before);
  });

  it('accepts a mark for an earlier school day in term (a tablet a day behind, or catching up)', async () => {
    const { school, signIn } = await setUp();
    const tablet = await signIn('teacher');
    const answer = await tablet.pushOk(
      [
        tablet.event({
          pupilId: school.pupil(0),
          date: DATES.yesterday,
          recordedAt: '2025-03-03T08:50:00.000Z',
        }),
      ],
      { clockOffsetMs: 24 * HOUR },
    );
    expect(answer.acks[0]?.status).toBe('applied');
    expect(await storedEntry(t.db, school.id, school.pupil(0), DATES.yesterday)).toMatchObject({
      code: '/',
    });
  });

  it('lets the office pre-enter a code for a later day in term', async () => {
    const { school, signIn } = await setUp();
    const office = await signIn('office');
    const answer = await office.pushOk([
      office.event({ pupilId: school.pupil(0), date: DATES.laterInTerm, code: 'M' }),
    ]);
    expect(answer.acks[0]?.status).toBe('applied');
  });
});

describe('GET /api/pupils/:id/entries', () => {
  it('shows the original entry and every amendment with who, their role, when and why', async () => {
    const { school, clock, signIn } = await setUp();
    const teacher = await signIn('teacher');
    const office = await signIn('office');
    const pupil = school.pupil(0);

    const absent = teacher.event({ pupilId: pupil, code: 'N' });
    await teacher.pushOk([absent]);
    clock.set('2025-03-04T10:05:00Z');
    const medical = office.event({
      pupilId: pupil,
      code: 'M',
      baseEventId: absent.eventId,
      reason: 'Dentist appointment; letter seen',
    });
    await office.pushOk([medical]);
    // The next day (sessions last 12 hours, so people sign in again).
    clock.set('2025-03-05T14:20:00Z');
    const lead = await signIn('lead');
    await teacher.switchTo(school.member('teacher'));
    const illness = lead.event({
      pupilId: pupil,
      code: 'I',
      baseEventId: medical.eventId,
      reason: 'Parent confirmed illness after the appointment',
    });
    await lead.pushOk([illness]);
    // Another session and another day, so the range is respected.
    await teacher.pushOk([
      teacher.event({ pupilId: pupil, date: DATES.tomorrow, recordedAt: '2025-03-05T08:50:00Z' }),
    ]);

    const history = await lead.entries(pupil, TODAY, TODAY);
    expect(history.pupil).toEqual({ id: pupil, displayName: 'Pupil1 Surname001' });
    expect(history.entries).toHaveLength(1);
    const entry = history.entries[0];
    const by = (handle: string, role: string) => ({
      staffId: school.member(handle).id,
      name: school.member(handle).name,
      role,
    });
    expect(entry).toMatchObject({
      session: { date: TODAY, part: 'AM' },
      code: 'I',
      needsReview: false,
      original: {
        code: 'N',
        minutesLate: null,
        by: by('teacher', 'teacher'),
        enteredAt: '2025-03-04T08:50:00.000Z',
        deviceId: teacher.deviceId,
      },
      amendments: [
        {
          from: { code: 'N', minutesLate: null },
          to: { code: 'M', minutesLate: null },
          reason: 'Dentist appointment; letter seen',
          amendedAt: '2025-03-04T10:05:00.000Z',
          by: by('office', 'office'),
          deviceId: office.deviceId,
        },
        {
          from: { code: 'M', minutesLate: null },
          to: { code: 'I', minutesLate: null },
          reason: 'Parent confirmed illness after the appointment',
          amendedAt: '2025-03-05T14:20:00.000Z',
          by: by('lead', 'attendance_lead'),
          deviceId: lead.deviceId,
        },
      ],
    });
    expect(entry?.events.map((e) => [e.eventId, e.status])).toEqual([
      [absent.eventId, 'applied'],
      [medical.eventId, 'applied'],
      [illness.eventId, 'applied'],
    ]);

    const both = await lead.entries(pupil, TODAY, DATES.tomorrow);
    expect(both.entries.map((e) => e.session.date)).toEqual([TODAY, DATES.tomorrow]);
  });

  it('answers 404 for a pupil of another school, as for one who does not exist', async () => {
    const { signIn } = await setUp();
    const office = await signIn('office');
    const elsewhere = await createSyncSchool(t.db, { name: 'Hillside Primary' });
    for (const id of [elsewhere.pupil(0), randomUUID()]) {
      const res = await office.client.get(`/api/pupils/${id}/entries?from=${TODAY}&to=${TODAY}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        reason: 'not_found',
        message: 'This school has no pupil with that id.',
      });
    }
  });

  it.each([
    ['from after to', `from=${TODAY}&to=${DATES.yesterday}`, 'to from must not be after to'],
    ['a date that is not a date', `from=2025-02-30&to=${TODAY}`, 'from is not a calendar date'],
    ['a missing to', `from=${TODAY}`, 'to is required'],
  ])('answers 400 for %s', async (_name, query, message) => {
    const { school, signIn } = await setUp();
    const office = await signIn('office');
    const res = await office.client.get(`/api/pupils/${school.pupil(0)}/entries?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });
});
