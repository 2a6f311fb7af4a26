/**
 * The fire roll call: who should be on site now, group by group. The office prints it
 * online and ticks it off at the assembly point on a tablet that may be offline, so the rule lives
 * here and both ends run the same function on the same data.
 *
 * A pupil is on site when this session's mark says they came in (a present or late code, or `U`:
 * arrived after the register closed), unless a sign-out says they have left and not come back.
 * Approved educational activity off site and every absence or not-required code put them off site.
 * No mark yet, `N`, or a code the rules do not know cannot be trusted either way: those pupils
 * must be checked by eye, so they are listed as unknown, never silently counted out.
 */
import { lookupCode, type CodeCategory } from '../codes/attendanceCodes';
import type { SessionRef } from '../config/schoolConfig';

/** Where a pupil is, as far as the register and the sign-out book can tell. */
export type Whereabouts = 'on_site' | 'off_site' | 'signed_out' | 'unknown';

/** Why the roll call put a pupil where it did, for the screen and the printed list. */
export type WhereaboutsBasis =
  /** `/`, `\` or `L`: present at registration or late before it closed. */
  | 'present'
  /** `U`: arrived after the register closed, so in school although counted absent. */
  | 'arrived_after_close'
  /** An approved educational activity off site (B, K, P, V, W…). */
  | 'educational_activity'
  /** An authorised or unauthorised absence code. */
  | 'absent'
  /** Not required to attend or unable to (D, X, Y1–Y7, Z, #…). */
  | 'not_required'
  /** Was in, left the site (signed out) and has not come back. */
  | 'signed_out'
  /** No mark for the session yet. */
  | 'no_mark'
  /** `N`: no reason yet; the register does not say where the pupil is. */
  | 'reason_not_established'
  /** A code the rules do not know for the session's date. */
  | 'unrecognised_code';

export interface RollCallPupil {
  readonly id: string;
  readonly name: string;
  readonly groupId: string;
  readonly groupName: string;
}

/** A pupil's current entry for the roll call's session. */
export interface RollCallEntry {
  readonly pupilId: string;
  readonly code: string;
  /** ISO instant the arrival was observed (late book), if any. */
  readonly arrivedAt?: string | null;
}

/** A pupil leaving the site during the day. */
export interface RollCallSignOut {
  readonly pupilId: string;
  /** ISO instant the pupil left. */
  readonly at: string;
  /** ISO instant the pupil came back, or null while still out. */
  readonly returnedAt: string | null;
}

export interface RollCallInput {
  readonly session: SessionRef;
  /** ISO instant the roll call is taken: sign-outs are judged at this moment. */
  readonly at: string;
  readonly pupils: readonly RollCallPupil[];
  readonly entries: readonly RollCallEntry[];
  readonly signOuts: readonly RollCallSignOut[];
}

export interface RollCallLine {
  readonly pupilId: string;
  readonly name: string;
  readonly code: string | null;
  readonly arrivedAt: string | null;
  readonly whereabouts: Whereabouts;
  readonly basis: WhereaboutsBasis;
  /** When the pupil left, for a signed-out pupil; otherwise null. */
  readonly signedOutAt: string | null;
}

export interface WhereaboutsCounts {
  readonly onSite: number;
  readonly offSite: number;
  readonly signedOut: number;
  readonly unknown: number;
}

export interface RollCallGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly lines: readonly RollCallLine[];
  readonly counts: WhereaboutsCounts;
}

export interface RollCall {
  readonly session: SessionRef;
  readonly at: string;
  readonly groups: readonly RollCallGroup[];
  readonly totals: WhereaboutsCounts;
}

const OFF_SITE_BASIS: Readonly<Record<Exclude<CodeCategory, 'PRESENT'>, WhereaboutsBasis>> = {
  AEA: 'educational_activity',
  AUTH: 'absent',
  UNAUTH: 'absent',
  NOT_POSSIBLE: 'not_required',
  NOT_ABSENT_BUT_POSSIBLE: 'not_required',
};

/** Where the register alone puts a pupil (before sign-outs). */
export function whereaboutsOfCode(
  code: string | null,
  session: SessionRef,
): { whereabouts: Whereabouts; basis: WhereaboutsBasis } {
  if (code === null) return { whereabouts: 'unknown', basis: 'no_mark' };
  // `N` and `U` are unauthorised absences for statistics, but say different things about where
  // the pupil is: `N` says nothing, `U` says they arrived (after the register closed).
  if (code === 'N') return { whereabouts: 'unknown', basis: 'reason_not_established' };
  if (code === 'U') return { whereabouts: 'on_site', basis: 'arrived_after_close' };
  const known = lookupCode(code, session.date);
  if (known === null) return { whereabouts: 'unknown', basis: 'unrecognised_code' };
  if (known.category === 'PRESENT') return { whereabouts: 'on_site', basis: 'present' };
  return { whereabouts: 'off_site', basis: OFF_SITE_BASIS[known.category] };
}

/** The sign-out in force at `at` (left at or before it, not back by then), if any. */
function activeSignOut(
  signOuts: readonly RollCallSignOut[],
  at: number,
): RollCallSignOut | undefined {
  return signOuts
    .filter(
      (s) => Date.parse(s.at) <= at && (s.returnedAt === null || Date.parse(s.returnedAt) > at),
    )
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

function countLines(lines: readonly RollCallLine[]): WhereaboutsCounts {
  const count = (w: Whereabouts) => lines.filter((l) => l.whereabouts === w).length;
  return {
    onSite: count('on_site'),
    offSite: count('off_site'),
    signedOut: count('signed_out'),
    unknown: count('unknown'),
  };
}

function addCounts(a: WhereaboutsCounts, b: WhereaboutsCounts): WhereaboutsCounts {
  return {
    onSite: a.onSite + b.onSite,
    offSite: a.offSite + b.offSite,
    signedOut: a.signedOut + b.signedOut,
    unknown: a.unknown + b.unknown,
  };
}

/**
 * Decides every pupil's whereabouts for the session at the moment `at`. Groups come in the order
 * their first pupil appears in `pupils`, pupils in the order given (callers pass them sorted).
 *
 * A sign-out takes a pupil the register puts on site, or whose whereabouts are unknown, out of the
 * count: they were seen leaving. A pupil the register already puts off site stays off site.
 */
export function rollCall(input: RollCallInput): RollCall {
  const at = Date.parse(input.at);
  if (Number.isNaN(at)) throw new RangeError(`roll call time is not an instant: ${input.at}`);
  const entries = new Map(input.entries.map((e) => [e.pupilId, e]));
  const signOutsOf = new Map<string, RollCallSignOut[]>();
  for (const s of input.signOuts) {
    const list = signOutsOf.get(s.pupilId) ?? [];
    list.push(s);
    signOutsOf.set(s.pupilId, list);
  }

  const groups = new Map<string, { groupName: string; lines: RollCallLine[] }>();
  for (const pupil of input.pupils) {
    const entry = entries.get(pupil.id);
    const code = entry?.code ?? null;
    const byCode = whereaboutsOfCode(code, input.session);
    const out =
      byCode.whereabouts === 'off_site'
        ? undefined
        : activeSignOut(signOutsOf.get(pupil.id) ?? [], at);
    const line: RollCallLine = {
      pupilId: pupil.id,
      name: pupil.name,
      code,
      arrivedAt: entry?.arrivedAt ?? null,
      ...(out === undefined
        ? { ...byCode, signedOutAt: null }
        : { whereabouts: 'signed_out', basis: 'signed_out', signedOutAt: out.at }),
    };
    const group = groups.get(pupil.groupId) ?? { groupName: pupil.groupName, lines: [] };
    group.lines.push(line);
    groups.set(pupil.groupId, group);
  }

  const grouped: RollCallGroup[] = [...groups].map(([groupId, g]) => ({
    groupId,
    groupName: g.groupName,
    lines: g.lines,
    counts: countLines(g.lines),
  }));
  return {
    session: input.session,
    at: input.at,
    groups: grouped,
    totals: grouped.reduce((sum, g) => addCounts(sum, g.counts), {
      onSite: 0,
      offSite: 0,
      signedOut: 0,
      unknown: 0,
    }),
  };
}
