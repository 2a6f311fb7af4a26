/**
 * Writing the register into the school's management information system (MIS): when a mark that
 * could not be written is tried again, and how Tickmark's marks compare with the MIS's
 * (docs/mis.md). Pure: the instant and both sides' marks are arguments.
 */
import type { SessionPart } from '../config/schoolConfig';

/** Tries of one mark before it stops and waits for a person (the "Try again" button). */
export const MIS_MAX_ATTEMPTS = 6;

/** The first wait after a failed try; each later wait doubles, up to `MIS_MAX_BACKOFF_MS`. */
export const MIS_FIRST_BACKOFF_MS = 60_000;
export const MIS_MAX_BACKOFF_MS = 60 * 60_000;

/**
 * How long to wait before the next try of a mark that has now been tried `attempts` times
 * (1 after the first): 1, 2, 4, 8, 16, 32 minutes…, never more than an hour.
 */
export function misBackoffMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(MIS_MAX_BACKOFF_MS, MIS_FIRST_BACKOFF_MS * 2 ** (n - 1));
}

/** Whether a mark tried `attempts` times may be tried again without a person asking. */
export function misMayRetry(attempts: number): boolean {
  return attempts < MIS_MAX_ATTEMPTS;
}

/** One session's mark as both sides hold it, the pupil named by their UPN. */
export interface MisComparableMark {
  readonly upn: string;
  readonly date: string;
  readonly session: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
}

/** Why a session's mark is not the same on both sides. */
export type MisDifferenceKind =
  /** Tickmark has a mark the MIS lacks. */
  | 'missing_in_mis'
  /** The MIS has a mark Tickmark lacks (a mark withdrawn in Tickmark, or entered in the MIS). */
  | 'only_in_mis'
  /** Both have a mark, with another code. */
  | 'different_code'
  /** Same code, other minutes late. */
  | 'different_minutes_late';

export interface MisDifference {
  readonly upn: string;
  readonly date: string;
  readonly session: SessionPart;
  readonly kind: MisDifferenceKind;
  readonly tickmark: { readonly code: string; readonly minutesLate: number | null } | null;
  readonly mis: { readonly code: string; readonly minutesLate: number | null } | null;
}

export interface MisReconciliation {
  /** Sessions with the same mark on both sides. */
  readonly matching: number;
  /** In pupil, date, session order. */
  readonly differences: readonly MisDifference[];
}

const keyOf = (m: { upn: string; date: string; session: SessionPart }): string =>
  `${m.upn}|${m.date}|${m.session}`;

/** Minutes late count only where there are some: none and 0 are the same. */
const lateness = (minutes: number | null): number => minutes ?? 0;

/**
 * Compares Tickmark's marks with the MIS's for the same pupils and sessions. A pupil's session
 * appearing twice on one side keeps its last mark (the MIS's read-back lists a session once).
 */
export function reconcileMisMarks(
  tickmark: readonly MisComparableMark[],
  mis: readonly MisComparableMark[],
): MisReconciliation {
  const ours = new Map(tickmark.map((m) => [keyOf(m), m]));
  const theirs = new Map(mis.map((m) => [keyOf(m), m]));
  const differences: MisDifference[] = [];
  let matching = 0;
  const mark = (m: MisComparableMark | undefined) =>
    m === undefined ? null : { code: m.code, minutesLate: m.minutesLate };
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(key);
    const b = theirs.get(key);
    const where = a ?? b;
    if (where === undefined) continue;
    let kind: MisDifferenceKind | null = null;
    if (b === undefined) kind = 'missing_in_mis';
    else if (a === undefined) kind = 'only_in_mis';
    else if (a.code !== b.code) kind = 'different_code';
    else if (lateness(a.minutesLate) !== lateness(b.minutesLate)) kind = 'different_minutes_late';
    if (kind === null) {
      matching += 1;
      continue;
    }
    differences.push({
      upn: where.upn,
      date: where.date,
      session: where.session,
      kind,
      tickmark: mark(a),
      mis: mark(b),
    });
  }
  differences.sort(
    (x, y) =>
      x.upn.localeCompare(y.upn) ||
      x.date.localeCompare(y.date) ||
      x.session.localeCompare(y.session),
  );
  return { matching, differences };
}

/** The words for a difference, for the screen and the CSV. */
export function describeMisDifference(kind: MisDifferenceKind): string {
  switch (kind) {
    case 'missing_in_mis':
      return 'Not in the MIS';
    case 'only_in_mis':
      return 'Only in the MIS';
    case 'different_code':
      return 'Different code';
    case 'different_minutes_late':
      return 'Different minutes late';
  }
}
