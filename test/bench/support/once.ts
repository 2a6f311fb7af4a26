/**
 * Options for a `bench()` whose function is a whole measurement (several runs, a report section)
 * rather than one iteration: tinybench calls it exactly once, with no warm-up. The figures come
 * from the runs inside it; Vitest's own line for it is the total wall time.
 */
export const ONCE = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;

/** A whole number, or a kilobyte figure with one decimal. */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const ms = (value: number): string =>
  Number.isNaN(value) ? '—' : value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;

/** "median (min–max)" of milliseconds. */
export function spread(summary: { median: number; min: number; max: number }): string {
  return `${ms(summary.median)} (${ms(summary.min)}–${ms(summary.max)})`;
}

/** A size of a run: full, or reduced with the reason. `BENCH_SCALE` (0–1] scales every size. */
export function scaled(full: number): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], not ${scale}.`);
  return Math.max(1, Math.round(full * scale));
}

/** How many runs to repeat (BENCH_RUNS, default `fallback`). */
export function runs(fallback: number): number {
  const n = Number(process.env.BENCH_RUNS ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1.`);
  return n;
}
