/**
 * Lighthouse's scores on sign-in and the register (the flow of test/e2e/support/lighthouse.ts),
 * at the landscape desktop and the portrait tablet sizes, written to docs/benchmarks.md, and held
 * to their targets: accessibility 100 and layout shift under 0.05 at every step, every step
 * measured (two navigations, a timespan and a snapshot). The run fails after writing its section
 * when a target is missed. Scores, not times: they do not depend on the machine's load, except
 * that a slow load could move a late layout shift into or out of the window. This is the one
 * Lighthouse run: four passes in a Chromium of its own take the better part of a minute, so it is
 * in `npm run bench`, not `npm test` (axe-core, which Lighthouse's accessibility audits run,
 * checks the same screens in the browser tests: test/e2e/a11y.e2e.test.ts).
 * `BENCH_CLIENT_DIR` reuses a build.
 */
import { bench, describe, expect } from 'vitest';
import { lighthouseFlow, type LighthouseRun } from '../e2e/support/lighthouse';
import { writeBenchSection } from './support/benchReport';
import {
  startBrowserBench,
  stopBrowserBench,
  TEACHER,
  type BrowserBench,
} from './support/browserBench';
import { ONCE } from './support/once';

const SIZES = [
  { label: '1280×800 (landscape)', width: 1280, height: 800 },
  { label: '800×1280 (portrait tablet)', width: 800, height: 1280 },
] as const;

const score = (value: number | null): string => (value === null ? '—' : String(value));
const shift = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

async function measure(): Promise<void> {
  let setUp: BrowserBench | undefined;
  try {
    setUp = await startBrowserBench();
    const rows: string[] = [];
    const runs: { label: string; run: LighthouseRun }[] = [];
    let version = '';
    for (const size of SIZES) {
      const run: LighthouseRun = await lighthouseFlow({
        origin: setUp.server.origin,
        teacher: TEACHER,
        viewport: { width: size.width, height: size.height },
      });
      version = run.version;
      runs.push({ label: size.label, run });
      for (const step of run.steps) {
        rows.push(
          `| ${size.label} | ${step.name} | ${score(step.accessibility)} | ${shift(step.cls)} | ${step.failing.join('; ') || '—'} |`,
        );
      }
    }
    writeBenchSection(
      'lighthouse',
      'Lighthouse: sign-in and the register',
      `Lighthouse ${version} in headless Chromium (desktop settings, no throttling, storage kept
between steps), against the built app on loopback. Targets: accessibility 100, layout shift
(CLS) under 0.05 at every step, each held by the run (it fails when one is missed); "—" where a
step does not measure it (a timespan has no accessibility score, a snapshot no layout shift).

| size | step | accessibility | layout shift | failing accessibility audits |
| ---- | ---- | ------------- | ------------ | ---------------------------- |
${rows.join('\n')}`,
    );
    for (const { label, run } of runs) expectTargets(label, run);
  } finally {
    await stopBrowserBench(setUp);
  }
}

/** Accessibility 100 and layout shift under 0.05 at every step, and every step measured. */
function expectTargets(label: string, run: LighthouseRun): void {
  const summary = run.steps.map((s) => ({
    name: s.name,
    accessibility: s.accessibility,
    failing: s.failing,
  }));
  for (const step of run.steps) {
    if (step.accessibility !== null)
      expect(step.accessibility, `${label}: ${JSON.stringify(summary)}`).toBe(100);
    if (step.cls !== null)
      expect(step.cls, `${label}, ${step.name}: layout shift`).toBeLessThan(0.05);
  }
  // Every step was measured: two navigations, a timespan and a snapshot.
  expect(
    run.steps.map((s) => [s.accessibility !== null, s.cls !== null]),
    `${label}: the steps measured`,
  ).toEqual([
    [true, true],
    [true, true],
    [false, true],
    [true, false],
  ]);
}

describe('lighthouse', () => {
  bench('Lighthouse on sign-in and the register', measure, ONCE);
});
