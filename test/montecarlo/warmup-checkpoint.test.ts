import { describe, expect, it, vi } from 'vitest';
import { MarginEngine } from '../../src/engine/margin-engine.js';
import type { EstimatorSpec } from '../../src/correlation/estimator-spec.js';
import { PathBlockRunner } from '../../src/montecarlo/path-block-runner.js';
import { compileScenario } from '../../src/index.js';
import { SMALL_SCENARIO, smallScenario } from './mc-fixture.js';

// The small SPI/SBI scenario (regime switching, isolated + cross + parametric VaR) with each estimator kind.
// Windows are short so the 60-step paths see the rolling windows turn over and DCC refit on rows that
// include warm-up rows.
const RUNS = 12;
const STEPS = 60;
const PERIOD = { from: '2002-07-01', to: '2002-10-31' };
const kinds: [string, EstimatorSpec][] = [
  ['rolling', { kind: 'rolling', window: 30 }],
  ['ewma', { kind: 'ewma', lambda: 0.94 }],
  ['shrinkage (Ledoit–Wolf)', { kind: 'shrinkage', window: 30 }],
  ['dcc', { kind: 'dcc', window: 40, refitEvery: 20 }],
  ['stressed blend of ewma', { kind: 'stressed', base: { kind: 'ewma', lambda: 0.97 }, weight: 0.5, period: PERIOD }],
  ['stressed blend of dcc', { kind: 'stressed', base: { kind: 'dcc', window: 40, refitEvery: 25 }, weight: 0.7, period: PERIOD }],
];

function compiledWith(correlation: EstimatorSpec) {
  return compileScenario({ ...smallScenario({ runs: RUNS, steps: STEPS }), correlation }, SMALL_SCENARIO);
}

describe('Monte Carlo warm-up checkpoint: restoring the warmed-up estimator is the same as replaying the warm-up', () => {
  for (const [name, spec] of kinds) {
    it(`${name}: the same outcome on every path, events and series of the representative path included`, () => {
      const compiled = compiledWith(spec);
      const replay = new PathBlockRunner(compiled, { reuseWarmup: false });
      const reuse = new PathBlockRunner(compiled);
      // As runMonteCarlo: the representative path first (it takes the checkpoint), then the tallies.
      expect(reuse.runPath(0, true)).toEqual(replay.runPath(0, true));
      const update = vi.spyOn(reuse.engine.setup.estimator!, 'update');
      for (let k = 1; k < RUNS; k++) expect(reuse.runPath(k, false), `path ${k}`).toEqual(replay.runPath(k, false));
      // Only the paths' own steps were fed: the warm-up was restored, not replayed.
      expect(update).toHaveBeenCalledTimes((RUNS - 1) * STEPS);
      expect(reuse.runBlock(0, RUNS).toJSON()).toEqual(replay.runBlock(0, RUNS).toJSON());
      expect(reuse.runPath(3, true)).toEqual(replay.runPath(3, true));
    });
  }

  it('a path whose warm-up rows differ from the checkpoint’s is replayed (and a replay-only engine agrees)', () => {
    const compiled = compiledWith({ kind: 'rolling', window: 30 });
    const runner = new PathBlockRunner(compiled);
    const { time } = runner.paths;
    const options = { collectEvents: true, recordSeries: true, recordHits: true } as const;
    const base = runner.paths.fill(1).map((c) => c.slice());
    const engine = new MarginEngine(compiled.makeSetup());
    const replayOnly = new MarginEngine(compiled.makeSetup());
    const unmoved = engine.run(time, base, { ...options, reuseWarmup: true });
    const rho = [...unmoved.series.keys()].find((key) => key.startsWith('rho.'))!;
    const W = engine.readyStep;
    for (const row of [0, W - 5, W]) {
      const moved = base.map((c) => c.slice());
      moved[0][row] *= 1.01;
      const update = vi.spyOn(engine.setup.estimator!, 'update');
      const outcome = engine.run(time, moved, { ...options, reuseWarmup: true });
      expect(update, `row ${row}`).toHaveBeenCalledTimes(time.length - 1);
      update.mockRestore();
      expect(outcome, `row ${row}`).toEqual(replayOnly.run(time, moved, options));
      // The moved row reaches the estimates, so restoring the checkpoint would have been wrong.
      expect(outcome.series.get(rho), `row ${row}`).not.toEqual(unmoved.series.get(rho));
    }
    // And the unchanged path restores again.
    const update = vi.spyOn(engine.setup.estimator!, 'update');
    expect(engine.run(time, base, { ...options, reuseWarmup: true })).toEqual(replayOnly.run(time, base, options));
    expect(update).toHaveBeenCalledTimes(time.length - 1 - W);
  });
});
