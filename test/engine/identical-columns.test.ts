import { describe, expect, it } from 'vitest';
import { MarginEngine } from '../../src/engine/margin-engine.js';
import { maintenanceSum } from '../../src/margin/maintenance-sum.js';
import { parametricVar } from '../../src/margin/parametric-var.js';
import { historicalSimulation } from '../../src/margin/historical-var.js';
import { EwmaCorrelationEstimator } from '../../src/correlation/ewma-correlation.js';
import { RollingCorrelationEstimator } from '../../src/correlation/rolling-correlation.js';
import { path, position, setup } from './fixtures.js';

// Two identical price columns (A and B) and a third, C: the return correlation matrix is singular.
const rows: number[][] = [];
let p = 100;
let q = 50;
for (let t = 0; t < 120; t++) {
  p *= Math.exp(0.012 * Math.sin(t * 1.3) + 0.004 * Math.cos(t * 0.7));
  q *= Math.exp(0.009 * Math.cos(t * 0.9));
  rows.push([p, p, q]);
}

describe('identical columns (a singular correlation matrix)', () => {
  for (const [name, estimator] of [
    ['EWMA', () => new EwmaCorrelationEstimator(3, 0.94, 20)],
    ['rolling', () => new RollingCorrelationEstimator(3, 30)],
  ] as const) {
    it(`${name}: runs every mode, estimates stay valid, and a long A / short B book nets to zero parametric risk`, () => {
      const rules = { cap: 1, floor: 0, addOn: 0 };
      const s = setup({
        assets: ['A', 'B', 'C'],
        positions: [position('A', 0, 1000), position('B', 1, -1000), position('C', 2, 500)],
        capital: 1e6,
        estimator: estimator(),
        modes: [
          { name: 'isolated', kind: 'isolated', method: maintenanceSum() },
          { name: 'cross', kind: 'cross', method: maintenanceSum() },
          { name: 'pvar', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 3, rules }) },
          { name: 'hvar', kind: 'portfolio', method: historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 1, lookback: 30, positions: 3, rules }) },
        ],
      });
      const { time, columns } = path(rows);
      const out = new MarginEngine(s).run(time, columns, { collectEvents: true, recordSeries: true, recordHits: true });
      const rho = out.series.get('rho.A.B')!;
      for (let t = out.openStep; t <= out.lastStep; t++) {
        expect(rho[t]).toBeCloseTo(1, 9);
        for (const m of ['pvar', 'hvar', 'cross']) expect(Number.isFinite(out.series.get(`${m}.requirement`)![t])).toBe(true);
      }
      // With cap 1 the requirement is the diversified measure. e_A = −e_B at every step (same price, opposite
      // quantities) and ρ_AB = 1 with equal vols, so A and B cancel in xᵀΣx, cross terms with C included
      // (ρ_AC = ρ_BC): the requirement must equal that of a book holding C alone, step by step.
      const alone = setup({
        ...s,
        positions: [position('C', 2, 500)],
        estimator: estimator(),
        openStep: out.openStep, // the full book opens after historical VaR's lookback; open C alone there too
        modes: [{ name: 'pvar', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 3, rules }) }],
      });
      const reference = new MarginEngine(alone).run(time, columns, { collectEvents: false, recordSeries: true, recordHits: false });
      for (let t = out.openStep; t <= out.lastStep; t++) {
        const expected = reference.series.get('pvar.requirement')![t];
        expect(Math.abs(out.series.get('pvar.requirement')![t] - expected)).toBeLessThan(1e-6 * expected);
      }
      expect(out.modes.every((m) => Number.isFinite(m.finalEquity))).toBe(true);
    });
  }
});
