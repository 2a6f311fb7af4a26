/**
 * The chase list's rules, pure: one card per run of consecutive `N` sessions of a pupil (so one
 * reason can cover them), which codes a reason can become, the prefilled reason for each, and
 * whether the family has been reached.
 */
import type { ChaseItem, ContactMethod, ContactSummary } from '../../shared/api/officeSchemas';

export interface ChaseRun {
  readonly runId: string;
  readonly pupilId: string;
  readonly pupilName: string;
  readonly groupId: string | null;
  readonly groupName: string | null;
  /** The run's sessions, oldest first. */
  readonly items: readonly ChaseItem[];
  /** The oldest session's days outstanding. */
  readonly schoolDaysOutstanding: number;
  readonly overdue: boolean;
  /** Counted past the configured terms: an estimate until the term dates are entered. */
  readonly estimate: boolean;
  /** The latest contact about any absence of the run. */
  readonly contact: ContactSummary | null;
}

/** Groups the server's items (oldest first, runs kept together) into runs, in the same order. */
export function chaseRuns(items: readonly ChaseItem[]): ChaseRun[] {
  const runs = new Map<string, ChaseItem[]>();
  for (const item of items) {
    const list = runs.get(item.runId) ?? [];
    list.push(item);
    runs.set(item.runId, list);
  }
  return [...runs.entries()].map(([runId, list]) => {
    const sorted = [...list].sort((a, b) => a.runIndex - b.runIndex);
    const first = sorted[0] as ChaseItem;
    const contacts = sorted
      .map((i) => i.contact)
      .filter((c): c is ContactSummary => c !== null)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return {
      runId,
      pupilId: first.pupilId,
      pupilName: first.pupilName,
      groupId: first.groupId,
      groupName: first.groupName,
      items: sorted,
      schoolDaysOutstanding: Math.max(...sorted.map((i) => i.schoolDaysOutstanding)),
      overdue: sorted.some((i) => i.overdue),
      estimate: sorted.some((i) => i.estimate),
      contact: contacts[0] ?? null,
    };
  });
}

/** What the chase list shows: one class (or every class) and, if asked, only overdue runs. */
export interface ChaseFilter {
  /** A class's id, `NO_CLASS` for pupils in none, or null for every class. */
  readonly groupId: string | null;
  readonly overdueOnly: boolean;
}

/** The class filter's value for pupils who are in no class. */
export const NO_CLASS = 'none';

/** The runs the filter lets through, in the same order. */
export function filterRuns(runs: readonly ChaseRun[], filter: ChaseFilter): ChaseRun[] {
  return runs.filter(
    (run) =>
      (filter.groupId === null || (run.groupId ?? NO_CLASS) === filter.groupId) &&
      (!filter.overdueOnly || run.overdue),
  );
}

/** The classes the runs belong to, for the class filter, by name. */
export function chaseClasses(
  runs: readonly ChaseRun[],
): { readonly id: string; readonly name: string }[] {
  const classes = new Map<string, string>();
  for (const run of runs) classes.set(run.groupId ?? NO_CLASS, run.groupName ?? 'No class');
  return [...classes.entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { numeric: true }));
}

/** The codes a reason usually becomes, in the order the buttons show them. */
export const CHASE_CODES = ['I', 'M', 'C', 'R', 'G', 'E', 'T', 'O'] as const;

/** "Parent phoned 08:55"; for `O`, that no reason came within the allowed school days. */
export function prefilledReason(code: string, time: string, allowedDays: number): string {
  if (code === 'O') return `No reason received within ${allowedDays} school days`;
  if (code === 'G') return `Holiday not agreed; parent phoned ${time}`;
  return `Parent phoned ${time}`;
}

export const CONTACT_LABELS: Readonly<Record<ContactMethod, string>> = {
  called: 'Called',
  texted: 'Texted',
  emailed: 'Emailed',
  no_answer: 'No answer',
  home_visit: 'Home visit',
};

/** Whether anyone has spoken to the family: a call that was answered or a home visit. */
export function isReached(contact: ContactSummary | null): boolean {
  return contact !== null && (contact.method === 'called' || contact.method === 'home_visit');
}
