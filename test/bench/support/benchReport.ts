/**
 * Writes one benchmark's figures into docs/benchmarks.md, between markers of its own, so that
 * each benchmark file updates its section without touching the others' (`npm run bench`
 * writes the document). Each section says when and on what machine it was measured.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DOC = path.resolve(import.meta.dirname, '../../../docs/benchmarks.md');

const HEADER = `# Benchmarks

Written by \`npm run bench\`; each section is replaced when its benchmark runs again. Times are
wall-clock on the machine named in the section. Budgets come from the issues; "limit" is the
physical floor measured in the same run for comparison.
`;

/** The machine a figure was measured on, in one line. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gb = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${cpu} × ${os.cpus().length}, ${gb} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Replaces (or appends) the section called `name` with `markdown`. */
export function writeBenchSection(name: string, title: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  // The load average when the section is written: a shared machine's figures are only as good as
  // its quiet, so every section says how quiet it was.
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}; load average (1 / 5 / 15 min) ${load} when written._`;
  const block = `${start}\n## ${title}\n\n${stamp}\n\n${markdown.trim()}\n${end}`;
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(DOC, next);
}

/** Median and spread of a list of numbers, for "median (min–max)" cells. */
export function summarise(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? (sorted[mid] ?? Number.NaN)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
