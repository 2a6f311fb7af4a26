import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../config/schoolConfig';
import { ROLES } from '../config/schoolConfig';
import type { EntryHead, EventOutcome } from './decideEvent';
import { decideEvent, sameEntryValue } from './decideEvent';

const head = (code: string, headRole: Role, headEventId = 'h1'): EntryHead => ({
  headEventId,
  code,
  minutesLate: null,
  headRole,
});

const event = (
  code: string,
  role: Role,
  baseEventId: string | null,
  minutesLate: number | null = null,
) => ({
  code,
  minutesLate,
  baseEventId,
  actor: { staffId: `staff-${role}`, name: `A ${role}`, role },
});

const applied = (rule: 'original_entry' | 'edit_of_head'): EventOutcome => ({
  status: 'applied',
  flagged: false,
  rule,
});
const flagged: EventOutcome = { status: 'applied', flagged: true, rule: 'outranks_head' };
const duplicate: EventOutcome = { status: 'duplicate_value', rule: 'same_value' };
const superseded: EventOutcome = { status: 'superseded', rule: 'outranked_by_head' };
const conflict: EventOutcome = { status: 'conflict', rule: 'equal_rank' };

describe('decideEvent (docs/design.md §7.5)', () => {
  it.each<[string, EntryHead | null, ReturnType<typeof event>, EventOutcome]>([
    // No head: the register's original entry, whoever writes it and whatever base it names.
    ['no head, teacher', null, event('/', 'teacher', null), applied('original_entry')],
    ['no head, office', null, event('N', 'office', null), applied('original_entry')],
    [
      'no head, base names an unknown event',
      null,
      event('/', 'teacher', 'x'),
      applied('original_entry'),
    ],
    // Base is the head: a normal edit, whatever the ranks.
    [
      'edit of head, teacher over teacher',
      head('/', 'teacher'),
      event('L', 'teacher', 'h1'),
      applied('edit_of_head'),
    ],
    [
      'edit of head, teacher over office',
      head('I', 'office'),
      event('/', 'teacher', 'h1'),
      applied('edit_of_head'),
    ],
    [
      'edit of head, office over teacher',
      head('N', 'teacher'),
      event('I', 'office', 'h1'),
      applied('edit_of_head'),
    ],
    [
      'edit of head, same code (confirmation)',
      head('N', 'teacher'),
      event('N', 'office', 'h1'),
      applied('edit_of_head'),
    ],
    // Stale or null base with the head's code: nothing to change, no conflict.
    [
      'null base, same code, two teachers',
      head('/', 'teacher'),
      event('/', 'teacher', null),
      duplicate,
    ],
    [
      'stale base, same code, two teachers',
      head('/', 'teacher'),
      event('/', 'teacher', 'old'),
      duplicate,
    ],
    [
      'stale base, same code, office vs teacher head',
      head('I', 'teacher'),
      event('I', 'office', 'old'),
      duplicate,
    ],
    [
      'null base, same code, teacher vs office head',
      head('I', 'office'),
      event('I', 'teacher', null),
      duplicate,
    ],
    // Stale or null base, a different code, the author outranks the head: applied and flagged.
    ['null base, office over teacher', head('/', 'teacher'), event('I', 'office', null), flagged],
    ['stale base, office over teacher', head('/', 'teacher'), event('I', 'office', 'old'), flagged],
    [
      'stale base, attendance lead over teacher',
      head('N', 'teacher'),
      event('M', 'attendance_lead', 'old'),
      flagged,
    ],
    ['stale base, admin over teacher', head('N', 'teacher'), event('C', 'admin', 'old'), flagged],
    // Stale or null base, a different code, the head outranks the author: superseded.
    [
      'null base, teacher vs office head',
      head('I', 'office'),
      event('N', 'teacher', null),
      superseded,
    ],
    [
      'stale base, teacher vs office head',
      head('I', 'office'),
      event('L', 'teacher', 'old'),
      superseded,
    ],
    [
      'stale base, teacher vs attendance lead head',
      head('M', 'attendance_lead'),
      event('/', 'teacher', 'old'),
      superseded,
    ],
    [
      'stale base, teacher vs admin head',
      head('C', 'admin'),
      event('/', 'teacher', 'old'),
      superseded,
    ],
    // Stale or null base, a different code, equal rank: a conflict.
    ['null base, two teachers', head('/', 'teacher'), event('N', 'teacher', null), conflict],
    ['stale base, two teachers', head('/', 'teacher'), event('N', 'teacher', 'old'), conflict],
    [
      'stale base, office vs office head',
      head('I', 'office'),
      event('M', 'office', 'old'),
      conflict,
    ],
    ['stale base, office vs admin head', head('I', 'admin'), event('M', 'office', 'old'), conflict],
    [
      'stale base, attendance lead vs office head',
      head('I', 'office'),
      event('M', 'attendance_lead', null),
      conflict,
    ],
  ])('%s', (_why, entryHead, e, expected) => {
    expect(decideEvent(entryHead, e)).toEqual(expected);
  });

  describe('a concurrent mark that differs in anything the register records is not a duplicate', () => {
    const late: EntryHead = { headEventId: 'h1', code: 'L', minutesLate: 5, headRole: 'teacher' };
    it.each<[string, ReturnType<typeof event>, EventOutcome]>([
      ['the same code and minutes late: a duplicate', event('L', 'teacher', null, 5), duplicate],
      [
        'L with other minutes late, equal rank: a conflict',
        event('L', 'teacher', null, 20),
        conflict,
      ],
      ['L with no minutes late, equal rank: a conflict', event('L', 'teacher', null), conflict],
      ['U at the same minutes, equal rank: a conflict', event('U', 'teacher', null, 5), conflict],
      [
        'L with other minutes late, by the office: a flagged override',
        event('L', 'office', null, 20),
        flagged,
      ],
      [
        'an edit that saw the head changes the minutes',
        event('L', 'teacher', 'h1', 20),
        applied('edit_of_head'),
      ],
    ])('%s', (_why, e, expected) => {
      expect(decideEvent(late, e)).toEqual(expected);
    });
    it('sameEntryValue compares code and minutes late', () => {
      expect(sameEntryValue({ code: 'L', minutesLate: 5 }, { code: 'L', minutesLate: 5 })).toBe(
        true,
      );
      expect(sameEntryValue({ code: 'L', minutesLate: 5 }, { code: 'L', minutesLate: 6 })).toBe(
        false,
      );
      expect(
        sameEntryValue({ code: '/', minutesLate: null }, { code: '/', minutesLate: null }),
      ).toBe(true);
    });
  });

  it('uses the rank table it is given', () => {
    const ranks = { teacher: 3, office: 2, attendance_lead: 2, admin: 2, governor: 0 };
    expect(decideEvent(head('I', 'office'), event('/', 'teacher', null), ranks)).toEqual(flagged);
    expect(decideEvent(head('/', 'teacher'), event('I', 'office', null), ranks)).toEqual(
      superseded,
    );
  });

  const arbRole = fc.constantFrom(...ROLES);
  const arbCode = fc.constantFrom('/', 'L', 'N', 'I');
  const arbHead = fc.option(
    fc.record({
      headEventId: fc.constantFrom('h1', 'h2'),
      code: arbCode,
      minutesLate: fc.constantFrom(null, 5, 20),
      headRole: arbRole,
    }),
  );
  const arbEvent = fc.record({
    code: arbCode,
    minutesLate: fc.constantFrom(null, 5, 20),
    baseEventId: fc.option(fc.constantFrom('h1', 'h2')),
    actor: fc.record({ staffId: fc.constant('s'), name: fc.constant('n'), role: arbRole }),
  });

  it('only ever changes the entry with an applied outcome, and flags only concurrent overrides', () => {
    fc.assert(
      fc.property(arbHead, arbEvent, (h, e) => {
        const outcome = decideEvent(h, e);
        if (h === null) expect(outcome.status).toBe('applied');
        if (h !== null && e.baseEventId === h.headEventId) {
          expect(outcome).toEqual(applied('edit_of_head'));
        }
        if (outcome.status === 'applied' && outcome.flagged) {
          expect(h).not.toBeNull();
          expect(e.baseEventId).not.toBe(h?.headEventId);
          expect(h !== null && sameEntryValue(e, h)).toBe(false);
        }
        // Deterministic: a second call gives the same answer.
        expect(decideEvent(h, e)).toEqual(outcome);
      }),
    );
  });
});
