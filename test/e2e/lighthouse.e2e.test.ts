/**
 * Lighthouse on the sign-in screen and the register (support/lighthouse.ts): accessibility 100
 * and layout shift under 0.05 at each step a teacher meets — the sign-in screen's first load, the
 * lock screen after a reload, unlocking until the register shows, and the register itself. The
 * same flow writes its scores to docs/benchmarks.md from `npm run bench` (lighthouse.bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../process/serverProcess';
import { startE2eServer } from './support/e2eServer';
import { HANNAH } from './support/flows';
import { lighthouseFlow } from './support/lighthouse';
import { cleanUpProcesses } from '../process/serverProcess';

let server: ServerProcess;

beforeAll(async () => {
  server = await startE2eServer();
});
afterAll(() => cleanUpProcesses());

// Four Lighthouse passes in a Chromium of its own: minutes, not seconds, on a busy machine.
describe('Lighthouse', { timeout: 300_000 }, () => {
  it('scores accessibility 100 and layout shift under 0.05 on sign-in and the register', async () => {
    const run = await lighthouseFlow({
      origin: server.origin,
      teacher: HANNAH,
    });
    const summary = run.steps.map((s) => ({
      name: s.name,
      accessibility: s.accessibility,
      failing: s.failing,
    }));
    for (const step of run.steps) {
      if (step.accessibility !== null)
        expect(step.accessibility, JSON.stringify(summary)).toBe(100);
      if (step.cls !== null) expect(step.cls, `${step.name}: layout shift`).toBeLessThan(0.05);
    }
    // Every step was measured: two navigations, a timespan and a snapshot.
    expect(run.steps.map((s) => [s.accessibility !== null, s.cls !== null])).toEqual([
      [true, true],
      [true, true],
      [false, true],
      [true, false],
    ]);
  });
});
