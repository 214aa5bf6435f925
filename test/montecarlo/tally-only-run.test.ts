import { describe, expect, it, vi } from 'vitest';
import { EwmaCorrelationEstimator } from '../../src/correlation/ewma-correlation.js';
import { MarginEngine } from '../../src/engine/margin-engine.js';
import type { PathOutcome } from '../../src/engine/path-outcome.js';
import { maintenanceSum } from '../../src/margin/maintenance-sum.js';
import { parametricVar } from '../../src/margin/parametric-var.js';
import { PathBlockRunner } from '../../src/montecarlo/path-block-runner.js';
import { compileScenario, parseScenario } from '../../src/index.js';
import { path, position, setup } from '../engine/fixtures.js';

// A tally-only run stops feeding the estimator once every mode that reads it is closed, and stops the path
// once every mode is closed. A run that keeps everything (events, series, hits) does neither, so the two
// must report the same numbers.

const FILE = 'scenarios/test-tally-only.json';
const TICKERS = ['AA', 'AXP', 'T', 'BA', 'CAT', 'C'];
const RUNS = 30;
const STEPS = 120;

/** The Monte Carlo bench's book on six Dow stocks: 10x long/short, so most paths are wiped out early. */
function compiled() {
  const positions = TICKERS.map((asset, i) => ({ asset, notional: i % 2 === 0 ? 1_000_000 : -800_000, leverage: 10, maintenanceRate: 0.05 }));
  const scenario = parseScenario(
    {
      name: 'test-tally-only',
      data: { file: '../data/dowjones30.csv', from: '1999-01-04' },
      portfolio: { capital: 0.15 * positions.reduce((s, p) => s + Math.abs(p.notional), 0), positions },
      correlation: { kind: 'ewma', lambda: 0.94 },
      margin: { horizonDays: 2, confidence: 0.99, modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'parametric-var' }] },
      paths: { generator: { kind: 'gbm', fit: 'data' }, runs: RUNS, seed: 3, steps: STEPS },
    },
    FILE,
  );
  return compileScenario(scenario, FILE);
}

/** What a tally reads from a path (hit sequences are recorded only on request). */
function tallied(outcome: PathOutcome) {
  return { modes: outcome.modes, avoided: outcome.avoided, coverage: outcome.coverage.map(({ hits: _hits, ...rest }) => rest) };
}

describe('tally-only runs', () => {
  it('report what a run that keeps everything reports, on paths where the estimate-reading mode and then every mode close early', () => {
    const runner = new PathBlockRunner(compiled());
    const update = vi.spyOn(runner.engine.setup.estimator!, 'update');
    let fed = 0;
    let portfolioClosedEarly = 0;
    let allClosedEarly = 0;
    for (let k = 0; k < RUNS; k++) {
      const everything = runner.runPath(k, true);
      update.mockClear();
      const tally = runner.runPath(k, false);
      fed += update.mock.calls.length;
      expect(tallied(tally), `path ${k}`).toEqual(tallied(everything));
      const [isolated, cross, portfolio] = everything.modes;
      if (portfolio.wipedOut) portfolioClosedEarly++;
      if (portfolio.wipedOut && cross.wipedOut && isolated.wipedOut) allClosedEarly++;
    }
    // Both shortcuts were taken, on several paths, and the estimator was fed less than every step.
    expect(portfolioClosedEarly).toBeGreaterThan(5);
    expect(allClosedEarly).toBeGreaterThan(2);
    expect(fed).toBeLessThan(RUNS * STEPS);
  });

  // Asset A crashes at step 12 (every mode on A, and the portfolio account, are liquidated); its price is 0
  // at step 20, a return the estimator refuses, though no mode reads the estimate any more.
  const rows: number[][] = [];
  for (let t = 0; t < 25; t++) rows.push([t < 12 ? 100 * (1 + 0.01 * Math.sin(t)) : t < 20 ? 30 : 0, 50 * (1 + 0.01 * Math.cos(t))]);
  for (const [name, withIsolated] of [
    ['with an isolated bucket on B still open (the estimator is no longer fed)', true],
    ['with every mode closed (the path stops early)', false],
  ] as const) {
    it(`fail like a full run on a price the estimator refuses after the last estimate-reading mode closed, ${name}`, () => {
      const rules = { cap: 1, floor: 0, addOn: 0 };
      const s = setup({
        assets: ['A', 'B'],
        positions: [position('A', 0, 1000), position('B', 1, withIsolated ? 10 : 1000)],
        capital: 300,
        estimator: new EwmaCorrelationEstimator(2, 0.94, 5),
        modes: [
          ...(withIsolated ? [{ name: 'isolated', kind: 'isolated' as const, method: maintenanceSum() }] : []),
          { name: 'pvar', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 2, rules }) },
        ],
      });
      const { time, columns } = path(rows);
      const engine = new MarginEngine(s);
      const full = () => engine.run(time, columns, { collectEvents: true, recordSeries: true, recordHits: true });
      const tallyOnly = () => engine.run(time, columns, { collectEvents: false, recordSeries: false, recordHits: false });
      expect(full).toThrow('ewma(0.94): return of asset 0 is -Infinity; expected a finite number');
      expect(tallyOnly).toThrow('ewma(0.94): return of asset 0 is -Infinity; expected a finite number');
      // Without the zero price both run, the same numbers, and the book was liquidated before step 20.
      const healthy = columns.map((c) => c.map((p) => (p === 0 ? 30 : p)));
      const a = engine.run(time, healthy, { collectEvents: true, recordSeries: true, recordHits: true });
      const b = engine.run(time, healthy, { collectEvents: false, recordSeries: false, recordHits: false });
      expect(tallied(b)).toEqual(tallied(a));
      const pvar = a.modes.find((m) => m.name === 'pvar')!;
      expect(pvar.wipedOut).toBe(true);
      expect(pvar.firstLiquidationStep).toBeLessThan(20);
      if (withIsolated) expect(a.modes[0].wipedOut).toBe(false);
    });
  }
});
