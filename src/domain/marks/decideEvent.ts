/**
 * The conflict rules of docs/design.md §7.5, as one pure function. The server runs it inside
 * the push transaction and the client runs the same function when it folds pulled events, so both
 * ends reach the same entry from the same events in the same server order.
 *
 * Only `baseEventId` (what the author saw) and rank decide; clocks never do, because a tablet's
 * clock can be an hour or a day out and the server order is the only order both ends share.
 */
import type { Role } from '../config/schoolConfig';
import type { MarkEvent } from './markEvent';
import { isWithdrawal } from './markEvent';
import type { RoleRanks } from './precedence';
import { outranks, ROLE_RANK } from './precedence';

/** The current value of an entry, as far as the conflict rules need it. */
export interface EntryHead {
  readonly headEventId: string;
  readonly code: string;
  readonly minutesLate: number | null;
  /** The role of whoever wrote the head: decides who outranks whom. */
  readonly headRole: Role;
}

/** Which row of the docs/design.md §7.5 table decided an event. */
export type DecisionRule =
  /** No head: this is the register's original entry. */
  | 'original_entry'
  /** The author saw the current head: a normal edit. */
  | 'edit_of_head'
  /** Stale or no base, but the same value as the head (code and minutes late): nothing to change. */
  | 'same_value'
  /** Stale or no base, a different value, and the author outranks whoever wrote the head. */
  | 'outranks_head'
  /** Stale or no base, a different value, and the head was written by a higher rank. */
  | 'outranked_by_head'
  /** Stale or no base, a different value, and equal rank: two people disagree. */
  | 'equal_rank'
  /** A withdrawal of the mark that is the head: the entry has no mark again. */
  | 'withdrawal'
  /** A withdrawal of a mark that is no longer the head (or of no mark): nothing to take back. */
  | 'stale_withdrawal';

/**
 * Whether two marks record the same thing: the same code and the same minutes late. Two tablets
 * that record `L` 5 and `L` 20 minutes late disagree about when the pupil arrived, which the
 * register records, so that is a conflict for the office, not a duplicate.
 *
 * The arrival time is compared through its minutes late: the one arrival rule
 * (register/arrivalCheck.ts) makes a mark's minutes late follow from its arrival, to the minute,
 * for the session's register. The arrival instant itself is not compared, because a tablet's
 * copy of an entry from a snapshot or an acknowledgement does not carry it, and the tablet's fold
 * must decide exactly as the server's does.
 */
export function sameEntryValue(
  a: { readonly code: string; readonly minutesLate: number | null },
  b: { readonly code: string; readonly minutesLate: number | null },
): boolean {
  return a.code === b.code && a.minutesLate === b.minutesLate;
}

/**
 * What happens to an event. Every event is stored whatever its outcome; only `applied` changes
 * the entry. `flagged` marks an applied event that overrode a concurrent mark it never saw, so
 * the office can check it.
 */
export type EventOutcome =
  | {
      readonly status: 'applied';
      readonly flagged: boolean;
      readonly rule: 'original_entry' | 'edit_of_head' | 'outranks_head' | 'withdrawal';
    }
  | { readonly status: 'duplicate_value'; readonly rule: 'same_value' }
  | { readonly status: 'superseded'; readonly rule: 'outranked_by_head' | 'stale_withdrawal' }
  | { readonly status: 'conflict'; readonly rule: 'equal_rank' };

export type EventStatus = EventOutcome['status'];

/**
 * Decides what an event does to an entry whose current head is `head` (null when the entry has
 * no mark yet). Deterministic: the same head and event always give the same outcome.
 *
 * The event's `actor.role` is taken as the event's rank; `ranks` defaults to {@link ROLE_RANK}.
 */
export function decideEvent(
  head: EntryHead | null,
  event: Pick<MarkEvent, 'baseEventId' | 'code' | 'minutesLate' | 'actor' | 'kind'>,
  ranks: RoleRanks = ROLE_RANK,
): EventOutcome {
  // A withdrawal takes back exactly the head its author saw; anything else leaves the entry be
  // (the server refuses such a withdrawal before it is stored: withdrawal.ts).
  if (isWithdrawal(event)) {
    return head !== null && event.baseEventId === head.headEventId
      ? { status: 'applied', flagged: false, rule: 'withdrawal' }
      : { status: 'superseded', rule: 'stale_withdrawal' };
  }
  if (head === null) return { status: 'applied', flagged: false, rule: 'original_entry' };
  if (event.baseEventId === head.headEventId) {
    return { status: 'applied', flagged: false, rule: 'edit_of_head' };
  }
  // From here the author did not see the current head: the change is concurrent with it.
  if (sameEntryValue(event, head)) return { status: 'duplicate_value', rule: 'same_value' };
  if (outranks(event.actor.role, head.headRole, ranks)) {
    return { status: 'applied', flagged: true, rule: 'outranks_head' };
  }
  if (outranks(head.headRole, event.actor.role, ranks)) {
    return { status: 'superseded', rule: 'outranked_by_head' };
  }
  return { status: 'conflict', rule: 'equal_rank' };
}
