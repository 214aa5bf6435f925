import { describe, expect, it } from 'vitest';
import { WORKER_WORTH_SECONDS, firstDifference, runMonteCarlo, tallyPaths, workersWorthStarting } from '../../src/index.js';
import { PathBlockRunner } from '../../src/montecarlo/path-block-runner.js';
import type { MonteCarloTally } from '../../src/montecarlo/monte-carlo-tally.js';
import { compileSmall } from './mc-fixture.js';

// Worker threads load dist/ (built once by test/setup/global-build.ts).
const silent = { advance: () => undefined, done: () => undefined };
// What a result reports from a tally (exact sums come out the same whatever the partition; their partials need not).
const summary = (tally: MonteCarloTally) => ({ ...tally.summarise(0.99, 2), median: tally.medianPath(0), count: tally.count });

describe('when a Monte Carlo run starts its workers (default thread count)', () => {
  it('starts one worker per second of single-thread work left, never more than it may, none for less than a second', () => {
    expect(WORKER_WORTH_SECONDS).toBe(1);
    expect(workersWorthStarting(0.99, 7)).toBe(0);
    expect(workersWorthStarting(1, 7)).toBe(1);
    expect(workersWorthStarting(3.7, 7)).toBe(3);
    expect(workersWorthStarting(100, 1)).toBe(1);
    expect(workersWorthStarting(100, 0)).toBe(0);
    expect(workersWorthStarting(Number.NaN, 3)).toBe(0);
    expect(workersWorthStarting(Number.POSITIVE_INFINITY, 3)).toBe(3);
    expect(workersWorthStarting(2.5, 7, 0.5)).toBe(5);
  });

  const compiled = compileSmall();

  it('runs a short run on this thread alone, with the same tallies as one and two threads started at once', async () => {
    const runner = new PathBlockRunner(compiled);
    const stats = { workers: -1 };
    // 40 paths of 60 steps: milliseconds of work, far below a worker's worth.
    const adaptive = await tallyPaths(compiled, runner, 0, 40, 2, silent, 'when-worth-it', stats);
    expect(stats.workers).toBe(0);
    const one = await tallyPaths(compiled, runner, 0, 40, 1, silent, 'now');
    const twoStats = { workers: -1 };
    const two = await tallyPaths(compiled, runner, 0, 40, 2, silent, 'now', twoStats);
    expect(twoStats.workers).toBe(1);
    expect(firstDifference(summary(adaptive), summary(one))).toBeNull();
    expect(firstDifference(summary(adaptive), summary(two))).toBeNull();
  });

  it('starts a worker part-way through the run when the work left is worth it, and the tallies stay the same', async () => {
    const runner = new PathBlockRunner(compiled);
    const stats = { workers: -1 };
    // Decide after the first block, and count any work left as worth a worker.
    const late = await tallyPaths(compiled, runner, 0, 40, 2, silent, { probeSeconds: 0, worthSeconds: 1e-9 }, stats);
    expect(stats.workers).toBe(1);
    const one = await tallyPaths(compiled, runner, 0, 40, 1, silent, 'now');
    expect(firstDifference(summary(late), summary(one))).toBeNull();
  });

  it('gives the same result, digest included, with the default thread count as with 1 and 2', async () => {
    const auto = await runMonteCarlo(compiled, { progress: false, write: false });
    const one = await runMonteCarlo(compiled, { progress: false, write: false, threads: 1 });
    expect(auto.result.digest).toBe(one.result.digest);
  });
});
