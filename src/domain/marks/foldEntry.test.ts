import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegisterRole } from '../config/schoolConfig';
import { REGISTER_ROLES } from '../config/schoolConfig';
import { localDate } from '../time/localDate';
import type { MarkActor, ServerMarkEvent } from './markEvent';
import { entryKey } from './markEvent';
import type { EntryState, EntryValue, RegisterEntry } from './foldEntry';
import { entryHeadOf, foldEntries, foldEntry, stepEntry } from './foldEntry';

const teacherA: MarkActor = { staffId: 't-a', name: 'Ms Okafor', role: 'teacher' };
const teacherB: MarkActor = { staffId: 't-b', name: 'Mr Hughes', role: 'teacher' };
const office: MarkActor = { staffId: 'o-1', name: 'Mrs Patel', role: 'office' };
const lead: MarkActor = { staffId: 'l-1', name: 'Dr Byrne', role: 'attendance_lead' };

const session = { date: localDate('2025-03-04'), part: 'AM' } as const;

/** Server time of seq n: 08:45 plus n minutes, so each event's date is easy to read. */
const serverTime = (seq: number): string =>
  new Date(Date.UTC(2025, 2, 4, 8, 45) + seq * 60_000).toISOString();

interface Spec {
  id: string;
  seq: number;
  code: string;
  by: MarkActor;
  base?: string | null;
  minutesLate?: number | null;
  reason?: string | null;
  pupilId?: string;
  part?: 'AM' | 'PM';
  deviceId?: string | null;
  recordedAt?: string;
}

function ev(spec: Spec): ServerMarkEvent {
  return {
    eventId: spec.id,
    pupilId: spec.pupilId ?? 'p1',
    session: { date: session.date, part: spec.part ?? session.part },
    code: spec.code,
    minutesLate: spec.minutesLate ?? null,
    arrivedAt: null,
    reason: spec.reason ?? null,
    baseEventId: spec.base ?? null,
    actor: spec.by,
    deviceId: spec.deviceId === undefined ? `device-${spec.by.staffId}` : spec.deviceId,
    recordedAt: spec.recordedAt ?? serverTime(spec.seq - 0.5),
    serverSeq: spec.seq,
    receivedAt: serverTime(spec.seq),
  };
}

function mustFold(events: readonly ServerMarkEvent[]): RegisterEntry {
  const entry = foldEntry(events);
  if (entry === null) throw new Error('expected an entry');
  return entry;
}

const statuses = (entry: RegisterEntry) =>
  entry.outcomes.map(({ eventId, outcome }) => [eventId, outcome.status]);

describe('foldEntry basics', () => {
  it('has no entry without events', () => {
    expect(foldEntry([])).toBeNull();
  });

  it('makes the first event the original entry, with who, role, when and from which device', () => {
    const entry = mustFold([ev({ id: 'e1', seq: 1, code: 'L', minutesLate: 4, by: teacherA })]);
    expect(entry).toEqual({
      pupilId: 'p1',
      session,
      code: 'L',
      minutesLate: 4,
      arrivedAt: null,
      headEventId: 'e1',
      headRole: 'teacher',
      original: {
        code: 'L',
        minutesLate: 4,
        arrivedAt: null,
        eventId: 'e1',
        by: teacherA,
        enteredAt: serverTime(1),
        deviceId: 'device-t-a',
        recordedAt: serverTime(0.5),
      },
      amendments: [],
      withdrawals: [],
      outcomes: [
        { eventId: 'e1', outcome: { status: 'applied', flagged: false, rule: 'original_entry' } },
      ],
      needsReview: false,
    } satisfies RegisterEntry);
  });

  it('keeps the original entry and every amendment with who, role, when and why', () => {
    const entry = mustFold([
      ev({ id: 'e1', seq: 1, code: 'N', by: teacherA }),
      ev({ id: 'e2', seq: 2, code: 'I', by: office, base: 'e1', reason: 'Mother phoned: ill' }),
      ev({
        id: 'e3',
        seq: 3,
        code: 'M',
        by: lead,
        base: 'e2',
        reason: 'Appointment letter seen',
        deviceId: null,
      }),
    ]);
    expect(entry.original).toMatchObject({ code: 'N', by: teacherA, enteredAt: serverTime(1) });
    expect(entry.amendments).toEqual([
      {
        from: { code: 'N', minutesLate: null },
        to: { code: 'I', minutesLate: null },
        reason: 'Mother phoned: ill',
        amendedAt: serverTime(2),
        by: office,
        eventId: 'e2',
        deviceId: 'device-o-1',
        recordedAt: serverTime(1.5),
      },
      {
        from: { code: 'I', minutesLate: null },
        to: { code: 'M', minutesLate: null },
        reason: 'Appointment letter seen',
        amendedAt: serverTime(3),
        by: lead,
        eventId: 'e3',
        deviceId: null,
        recordedAt: serverTime(2.5),
      },
    ]);
    expect(entry).toMatchObject({ code: 'M', headEventId: 'e3', headRole: 'attendance_lead' });
  });

  it('dates an amendment by server time, not by the device clock', () => {
    const entry = mustFold([
      ev({ id: 'e1', seq: 1, code: 'N', by: teacherA }),
      ev({
        id: 'e2',
        seq: 2,
        code: 'I',
        by: office,
        base: 'e1',
        reason: 'Phoned',
        recordedAt: '2019-01-01T00:00:00.000Z',
      }),
    ]);
    expect(entry.amendments[0]?.amendedAt).toBe(serverTime(2));
    expect(entry.amendments[0]?.recordedAt).toBe('2019-01-01T00:00:00.000Z');
  });

  it('records a change of minutes late as an amendment', () => {
    const entry = mustFold([
      ev({ id: 'e1', seq: 1, code: 'L', minutesLate: 5, by: teacherA }),
      ev({
        id: 'e2',
        seq: 2,
        code: 'L',
        minutesLate: 15,
        by: office,
        base: 'e1',
        reason: 'Late book',
      }),
    ]);
    expect(entry.amendments.map((a) => [a.from, a.to])).toEqual([
      [
        { code: 'L', minutesLate: 5 },
        { code: 'L', minutesLate: 15 },
      ],
    ]);
    expect(entry.minutesLate).toBe(15);
  });

  it('moves the head on a confirmation of the same value without recording an amendment', () => {
    const entry = mustFold([
      ev({ id: 'e1', seq: 1, code: 'N', by: teacherA }),
      ev({ id: 'e2', seq: 2, code: 'N', by: office, base: 'e1', reason: 'Still no contact' }),
    ]);
    expect(entry.amendments).toEqual([]);
    expect(entry).toMatchObject({ code: 'N', headEventId: 'e2', headRole: 'office' });
  });

  it('gives the head for the next decision', () => {
    const entry = mustFold([ev({ id: 'e1', seq: 1, code: 'L', minutesLate: 3, by: teacherA })]);
    expect(entryHeadOf(entry)).toEqual({
      headEventId: 'e1',
      code: 'L',
      minutesLate: 3,
      headRole: 'teacher',
    });
  });

  it.each<[string, ServerMarkEvent[]]>([
    [
      'two pupils',
      [
        ev({ id: 'e1', seq: 1, code: '/', by: teacherA }),
        ev({ id: 'e2', seq: 2, code: '/', by: teacherA, pupilId: 'p2' }),
      ],
    ],
    [
      'two sessions',
      [
        ev({ id: 'e1', seq: 1, code: '/', by: teacherA }),
        ev({ id: 'e2', seq: 2, code: '\\', by: teacherA, part: 'PM' }),
      ],
    ],
    [
      'two events with one serverSeq',
      [
        ev({ id: 'e1', seq: 1, code: '/', by: teacherA }),
        ev({ id: 'e2', seq: 1, code: 'N', by: teacherB }),
      ],
    ],
    [
      'one event at two serverSeqs',
      [
        ev({ id: 'e1', seq: 1, code: '/', by: teacherA }),
        ev({ id: 'e1', seq: 2, code: '/', by: teacherA }),
      ],
    ],
  ])('throws on a broken log: %s', (_why, events) => {
    expect(() => foldEntry(events)).toThrow(RangeError);
  });
});

describe('the five scenarios of docs/design.md §7.11', () => {
  it('duplicate delivery: the same event delivered twice is folded once', () => {
    const e1 = ev({ id: 'e1', seq: 1, code: '/', by: teacherA });
    const e2 = ev({ id: 'e2', seq: 2, code: 'L', minutesLate: 6, by: teacherA, base: 'e1' });
    const once = mustFold([e1, e2]);
    const twice = mustFold([e1, e2, e1, e2, e2]);
    expect(twice).toEqual(once);
    expect(twice.outcomes).toHaveLength(2);
  });

  it('duplicate delivery: a double tap that made a second event with the same value changes nothing', () => {
    const entry = mustFold([
      ev({ id: 'e1', seq: 1, code: '/', by: teacherA }),
      ev({ id: 'e2', seq: 2, code: '/', by: teacherA }),
    ]);
    expect(statuses(entry)).toEqual([
      ['e1', 'applied'],
      ['e2', 'duplicate_value'],
    ]);
    expect(entry).toMatchObject({
      code: '/',
      headEventId: 'e1',
      amendments: [],
      needsReview: false,
    });
  });

  it('two devices offline, same value: duplicate_value, no conflict', () => {
    const entry = mustFold([
      ev({ id: 'a1', seq: 7, code: 'N', by: teacherA }),
      ev({ id: 'b1', seq: 8, code: 'N', by: teacherB }),
    ]);
    expect(statuses(entry)).toEqual([
      ['a1', 'applied'],
      ['b1', 'duplicate_value'],
    ]);
    expect(entry).toMatchObject({ code: 'N', headEventId: 'a1', needsReview: false });
  });

  it('two devices offline, different values: first to arrive is the original, second a conflict', () => {
    const events = [
      ev({ id: 'b1', seq: 8, code: 'N', by: teacherB }),
      ev({ id: 'a1', seq: 7, code: '/', by: teacherA }),
    ];
    const entry = mustFold(events);
    expect(statuses(entry)).toEqual([
      ['a1', 'applied'],
      ['b1', 'conflict'],
    ]);
    expect(entry).toMatchObject({
      code: '/',
      headEventId: 'a1',
      amendments: [],
      needsReview: true,
    });
    expect(entry.original.by).toEqual(teacherA);
  });

  it('two devices, different values: the office settles the conflict with an amendment', () => {
    const entry = mustFold([
      ev({ id: 'a1', seq: 7, code: '/', by: teacherA }),
      ev({ id: 'b1', seq: 8, code: 'N', by: teacherB }),
      ev({ id: 'o1', seq: 9, code: 'N', by: office, base: 'a1', reason: 'Not in school: checked' }),
    ]);
    expect(entry).toMatchObject({ code: 'N', headEventId: 'o1', needsReview: false });
    expect(entry.amendments).toHaveLength(1);
    expect(entry.amendments[0]).toMatchObject({ reason: 'Not in school: checked', by: office });
  });

  it('two devices, different values: a teacher editing the head does not settle the conflict', () => {
    const entry = mustFold([
      ev({ id: 'a1', seq: 7, code: '/', by: teacherA }),
      ev({ id: 'b1', seq: 8, code: 'N', by: teacherB }),
      ev({ id: 'a2', seq: 9, code: 'L', minutesLate: 2, by: teacherA, base: 'a1' }),
    ]);
    expect(entry).toMatchObject({ code: 'L', headEventId: 'a2', needsReview: true });
  });

  it('office amendment arrives first: the stale teacher mark is superseded and kept', () => {
    const entry = mustFold([
      ev({ id: 't1', seq: 1, code: 'N', by: teacherA }),
      ev({ id: 'o1', seq: 2, code: 'I', by: office, base: 't1', reason: 'Father phoned: ill' }),
      ev({ id: 't2', seq: 3, code: 'L', minutesLate: 20, by: teacherA, base: 't1' }),
    ]);
    expect(statuses(entry)).toEqual([
      ['t1', 'applied'],
      ['o1', 'applied'],
      ['t2', 'superseded'],
    ]);
    expect(entry).toMatchObject({ code: 'I', headEventId: 'o1', headRole: 'office' });
    expect(entry.needsReview).toBe(false);
    expect(entry.amendments.map((a) => a.eventId)).toEqual(['o1']);
  });

  it('teacher mark arrives first, stale office amendment second: applied and flagged', () => {
    const entry = mustFold([
      ev({ id: 't1', seq: 1, code: 'N', by: teacherA }),
      ev({ id: 't2', seq: 2, code: 'L', minutesLate: 20, by: teacherA, base: 't1' }),
      ev({ id: 'o1', seq: 3, code: 'I', by: office, base: 't1', reason: 'Father phoned: ill' }),
    ]);
    expect(entry.outcomes.map((o) => o.outcome)).toEqual([
      { status: 'applied', flagged: false, rule: 'original_entry' },
      { status: 'applied', flagged: false, rule: 'edit_of_head' },
      { status: 'applied', flagged: true, rule: 'outranks_head' },
    ]);
    expect(entry).toMatchObject({
      code: 'I',
      minutesLate: null,
      headEventId: 'o1',
      needsReview: true,
    });
    expect(entry.amendments.map((a) => [a.from.code, a.to.code, a.by.role])).toEqual([
      ['N', 'L', 'teacher'],
      ['L', 'I', 'office'],
    ]);
  });

  it('after a flagged override, the office reviewing it (editing the head) clears the flag', () => {
    const entry = mustFold([
      ev({ id: 't1', seq: 1, code: 'N', by: teacherA }),
      ev({ id: 't2', seq: 2, code: 'L', minutesLate: 20, by: teacherA, base: 't1' }),
      ev({ id: 'o1', seq: 3, code: 'I', by: office, base: 't1', reason: 'Father phoned' }),
      ev({
        id: 'o2',
        seq: 4,
        code: 'L',
        minutesLate: 20,
        by: office,
        base: 'o1',
        reason: 'Seen: came in late',
      }),
    ]);
    expect(entry).toMatchObject({ code: 'L', minutesLate: 20, needsReview: false });
  });

  it('a teacher editing their own unsynced marks chains through baseEventId', () => {
    const entry = mustFold([
      ev({ id: 'a1', seq: 10, code: '/', by: teacherA }),
      ev({ id: 'a2', seq: 11, code: 'N', by: teacherA, base: 'a1' }),
      ev({ id: 'a3', seq: 12, code: 'L', minutesLate: 12, by: teacherA, base: 'a2' }),
    ]);
    expect(statuses(entry)).toEqual([
      ['a1', 'applied'],
      ['a2', 'applied'],
      ['a3', 'applied'],
    ]);
    expect(entry).toMatchObject({
      code: 'L',
      minutesLate: 12,
      headEventId: 'a3',
      needsReview: false,
    });
    expect(entry.amendments.map((a) => [a.from.code, a.to.code])).toEqual([
      ['/', 'N'],
      ['N', 'L'],
    ]);
  });

  it('clock skew: device times out of order (an hour out, a wrong date) do not change the fold', () => {
    const entry = mustFold([
      ev({ id: 'a1', seq: 1, code: '/', by: teacherA, recordedAt: '2025-03-05T09:00:00.000Z' }),
      ev({ id: 'b1', seq: 2, code: 'N', by: teacherB, recordedAt: '2025-03-04T07:50:00.000Z' }),
    ]);
    expect(entry).toMatchObject({ code: '/', headEventId: 'a1', needsReview: true });
    expect(entry.original.recordedAt).toBe('2025-03-05T09:00:00.000Z');
  });
});

describe('foldEntries', () => {
  it('groups events by pupil and session and folds each group', () => {
    const events = [
      ev({ id: 'p2am', seq: 4, code: 'N', by: teacherA, pupilId: 'p2' }),
      ev({ id: 'p1pm', seq: 3, code: '\\', by: teacherA, part: 'PM' }),
      ev({ id: 'p1am2', seq: 2, code: 'L', minutesLate: 1, by: teacherA, base: 'p1am' }),
      ev({ id: 'p1am', seq: 1, code: '/', by: teacherA }),
    ];
    const entries = foldEntries(events);
    expect([...entries.keys()]).toEqual([
      'p1|2025-03-04:AM',
      'p1|2025-03-04:PM',
      'p2|2025-03-04:AM',
    ]);
    expect(entries.get(entryKey('p1', session))).toMatchObject({ code: 'L', headEventId: 'p1am2' });
    expect(entries.get(entryKey('p1', { ...session, part: 'PM' }))?.code).toBe('\\');
    expect(entries.get(entryKey('p2', session))?.code).toBe('N');
  });

  it('is empty without events', () => {
    expect(foldEntries([]).size).toBe(0);
  });
});

// ---- properties ----

const STAFF: Readonly<Record<RegisterRole, MarkActor>> = {
  teacher: teacherA,
  office,
  attendance_lead: lead,
  admin: { staffId: 'ad-1', name: 'Mr Shah', role: 'admin' },
};

/**
 * Random logs for one entry. Events are numbered in server order; a base is none, the event just
 * before (usually the head: an edit), any event, or one the log never saw.
 */
const arbLog = (pupilId = 'p1', part: 'AM' | 'PM' = 'AM', prefix = 'e') =>
  fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc
      .tuple(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: n, maxLength: n }),
        fc.array(
          fc.record({
            role: fc.constantFrom(...REGISTER_ROLES),
            code: fc.constantFrom('/', 'L', 'N', 'I'),
            minutesLate: fc.option(fc.integer({ min: 0, max: 30 })),
            base: fc.oneof(
              fc.constant<'none' | 'previous' | 'ghost'>('none'),
              fc.constant<'none' | 'previous' | 'ghost'>('previous'),
              fc.constant<'none' | 'previous' | 'ghost'>('ghost'),
              fc.integer({ min: 0, max: n - 1 }),
            ),
          }),
          { minLength: n, maxLength: n },
        ),
      )
      .map(([seqs, specs]) => {
        const ordered = [...seqs].sort((a, b) => a - b);
        return specs.map((s, i) =>
          ev({
            id: `${prefix}${i}`,
            seq: ordered[i] ?? 0,
            code: s.code,
            minutesLate: s.minutesLate,
            by: STAFF[s.role],
            pupilId,
            part,
            base:
              s.base === 'none'
                ? null
                : s.base === 'ghost'
                  ? 'ghost'
                  : s.base === 'previous'
                    ? i === 0
                      ? null
                      : `${prefix}${i - 1}`
                    : `${prefix}${s.base}`,
          }),
        );
      }),
  );

const withShuffle = <T>(arb: fc.Arbitrary<T[]>) =>
  arb.chain((items) =>
    fc.tuple(
      fc.constant(items),
      fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }),
    ),
  );

describe('foldEntry properties', () => {
  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(withShuffle(arbLog()), ([events, shuffled]) => {
        expect(foldEntry(shuffled)).toEqual(foldEntry(events));
      }),
    );
  });

  it('folds a redelivered event once', () => {
    fc.assert(
      fc.property(arbLog(), fc.array(fc.nat()), (events, picks) => {
        const again = picks.map((p) => events[p % events.length]).filter((e) => e !== undefined);
        expect(foldEntry([...again, ...events])).toEqual(foldEntry(events));
      }),
    );
  });

  it('gives one outcome per event, in server order', () => {
    fc.assert(
      fc.property(withShuffle(arbLog()), ([events, shuffled]) => {
        const entry = mustFold(shuffled);
        expect(entry.outcomes.map((o) => o.eventId)).toEqual(events.map((e) => e.eventId));
      }),
    );
  });

  it('always shows the value of the event named headEventId, which was applied', () => {
    fc.assert(
      fc.property(arbLog(), (events) => {
        const entry = mustFold(events);
        const head = events.find((e) => e.eventId === entry.headEventId);
        expect(head).toBeDefined();
        expect(entry.code).toBe(head?.code);
        expect(entry.minutesLate).toBe(head?.minutesLate);
        expect(entry.headRole).toBe(head?.actor.role);
        const outcome = entry.outcomes.find((o) => o.eventId === entry.headEventId)?.outcome;
        expect(outcome?.status).toBe('applied');
      }),
    );
  });

  it('keeps a complete trail: the original, then each amendment from the value before it', () => {
    fc.assert(
      fc.property(arbLog(), (events) => {
        const entry = mustFold(events);
        let value: EntryValue = {
          code: entry.original.code,
          minutesLate: entry.original.minutesLate,
        };
        for (const amendment of entry.amendments) {
          expect(amendment.from).toEqual(value);
          expect(amendment.to).not.toEqual(value);
          const source = events.find((e) => e.eventId === amendment.eventId);
          expect(amendment.by).toEqual(source?.actor);
          expect(amendment.amendedAt).toBe(source?.receivedAt);
          value = amendment.to;
        }
        expect(value).toEqual({ code: entry.code, minutesLate: entry.minutesLate });
        expect(entry.original.eventId).toBe(entry.outcomes[0]?.eventId);
      }),
    );
  });

  it('only flags review after a conflict or a flagged override', () => {
    fc.assert(
      fc.property(arbLog(), (events) => {
        const entry = mustFold(events);
        const hasConcern = entry.outcomes.some(
          ({ outcome }) =>
            outcome.status === 'conflict' || (outcome.status === 'applied' && outcome.flagged),
        );
        if (!hasConcern) expect(entry.needsReview).toBe(false);
      }),
    );
  });

  it('foldEntries equals foldEntry per entry, whatever the input order', () => {
    const arbMixed = fc
      .tuple(arbLog('p1', 'AM', 'a'), arbLog('p1', 'PM', 'b'), arbLog('p2', 'AM', 'c'))
      .map(([a, b, c]) => ({ groups: [a, b, c], all: [...a, ...b, ...c] }));
    fc.assert(
      fc.property(
        arbMixed.chain(({ groups, all }) =>
          fc.tuple(
            fc.constant(groups),
            fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
          ),
        ),
        ([groups, shuffled]) => {
          // Each group numbers its own serverSeqs, so fold the groups apart here as a server would
          // never mix them; foldEntries must do the same.
          const entries = foldEntries(shuffled);
          expect(entries.size).toBe(3);
          for (const group of groups) {
            const first = group[0];
            if (first === undefined) continue;
            expect(entries.get(entryKey(first.pupilId, first.session))).toEqual(foldEntry(group));
          }
        },
      ),
    );
  });
});

describe('stepEntry', () => {
  it('applying events one at a time reaches the same head, flag and outcomes as the full fold', () => {
    // A device that holds only an entry's head (from a snapshot) and applies pulled events one by
    // one must end where the server's fold ends.
    fc.assert(
      fc.property(arbLog(), fc.nat(), (events, cut) => {
        const full = foldEntry(events);
        const split = cut % events.length;
        const head = foldEntry(events.slice(0, split));
        let state: EntryState | null =
          head === null
            ? null
            : { ...entryHeadOf(head), arrivedAt: head.arrivedAt, needsReview: head.needsReview };
        const outcomes = [];
        for (const event of [...events.slice(split)].sort((a, b) => a.serverSeq - b.serverSeq)) {
          const step = stepEntry(state, event);
          state = step.state;
          outcomes.push({ eventId: event.eventId, outcome: step.outcome });
        }
        expect(state).toEqual({
          ...entryHeadOf(full as RegisterEntry),
          arrivedAt: full?.arrivedAt,
          needsReview: full?.needsReview,
        });
        expect(outcomes).toEqual(full?.outcomes.slice(split));
      }),
    );
  });
});
