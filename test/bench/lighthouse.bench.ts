/**
 * Lighthouse's scores on sign-in and the register (the flow of test/e2e/support/lighthouse.ts),
 * at the landscape desktop and the portrait tablet sizes, written to docs/benchmarks.md. The
 * browser test (test/e2e/lighthouse.e2e.test.ts) asserts the same targets: accessibility 100 and
 * layout shift under 0.05 at every step. Scores, not times: they do not depend on the machine's
 * load, except that a slow load could move a late layout shift into or out of the window.
 * `BENCH_CLIENT_DIR` reuses a build.
 */
import { bench, describe } from 'vitest';
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
    let version = '';
    for (const size of SIZES) {
      const run: LighthouseRun = await lighthouseFlow({
        origin: setUp.server.origin,
        teacher: TEACHER,
        viewport: { width: size.width, height: size.height },
      });
      version = run.version;
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
(CLS) under 0.05 at every step; "—" where a step does not measure it (a timespan has no
accessibility score, a snapshot no layout shift).

| size | step | accessibility | layout shift | failing accessibility audits |
| ---- | ---- | ------------- | ------------ | ---------------------------- |
${rows.join('\n')}`,
    );
  } finally {
    await stopBrowserBench(setUp);
  }
}

describe('lighthouse', () => {
  bench('Lighthouse on sign-in and the register', measure, ONCE);
});
