/**
 * Expected failures are values, not exceptions (docs/design.md §9): a parser or a rule returns
 * either the typed value or the list of problems, each naming where it is and what is wrong.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; errors: E[] };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E>(...errors: E[]): { ok: false; errors: E[] } => ({ ok: false, errors });
