import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MarginEngine,
  liquidationPriceSeries,
  maintenanceSum,
  normalQuantile,
  type MaintenanceTier,
  type ModeDefinition,
} from '../../src/index.js';
import { constantEstimator, parametricVar, path, setup } from './fixtures.js';

/** Liquidation prices in the series: closed forms against the root search, and against formulas by hand. */
describe('liquidation prices per mode and position', () => {
  it('closed form and root search agree, and equity = requirement at the price, over random tier tables (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 1, max: 3, noNaN: true }), fc.double({ min: 0.001, max: 0.02, noNaN: true })), { minLength: 1, maxLength: 4 }),
      fc.double({ min: 0.1, max: 0.8, noNaN: true }),
      fc.boolean(),
      (steps, buffer, long) => {
        // Continuous tiers with rising rates: bounds 1,000 × cumulative steps, deductions from continuity.
        const tiers: MaintenanceTier[] = [];
        let upTo = 0;
        let rate = 0;
        let deduction = 0;
        steps.forEach(([width, rise], k) => {
          const next = rate + rise;
          if (k > 0) deduction += upTo * (next - rate);
          rate = next;
          upTo += 1000 * width;
          tiers.push({ upTo: k === steps.length - 1 ? Infinity : upTo, rate, deduction });
        });
        const notional = long ? 2000 : -2000;
        const capital = 2000 * buffer;
        const positions = [{ asset: 'A', assetIndex: 0, size: { notional }, initialMarginRate: 1, maintenance: { kind: 'tiers' as const, tiers } }];
        const closed: ModeDefinition = { name: 'closed', kind: 'cross', method: maintenanceSum() };
        const opaque: ModeDefinition = { name: 'opaque', kind: 'cross', method: { ...maintenanceSum(), maintenanceSum: undefined } };
        const { time, columns } = path([[100], [100], [100]]);
        const outcome = new MarginEngine(setup({ assets: ['A'], positions, modes: [closed, opaque], capital, liquidationPrices: true }))
          .run(time, columns, { collectEvents: false, recordSeries: true, recordHits: false });
        const a = outcome.series.get(liquidationPriceSeries('closed', 'A'))![0];
        const b = outcome.series.get(liquidationPriceSeries('opaque', 'A'))![0];
        expect(Number.isFinite(a)).toBe(true);
        expect(Math.abs(a - b)).toBeLessThan(1e-9 * a);
        // By hand at the closed form's price: equity C + q (P − 100) against the tier of |q P|.
        const q = notional / 100;
        const n = Math.abs(q * a);
        const tier = tiers.find((t) => n <= t.upTo)!;
        expect(Math.abs(capital + q * (a - 100) - (n * tier.rate - tier.deduction))).toBeLessThan(1e-7 * Math.abs(q) * a);
      },
    ), { numRuns: 200 });
  });

  it('parametric VaR, one asset: the root search gives (q P₀ − C) / (q (1 − z σ)), by hand', () => {
    // R = z_α · √h · σ · |q P| with one position (no credit), E = C + q (P − P₀): equal at P = (q P₀ − C) / (q (1 − z σ)).
    const sigma = 0.02;
    const z = normalQuantile(0.99);
    const var99: ModeDefinition = { name: 'var', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } }) };
    const positions = [{ asset: 'A', assetIndex: 0, size: { notional: 1000 }, initialMarginRate: 0.1, maintenance: { kind: 'rate' as const, rate: 0.05 } }];
    const { time, columns } = path([[100], [97], [95]]);
    const outcome = new MarginEngine(setup({ assets: ['A'], positions, modes: [var99], capital: 300, estimator: constantEstimator([sigma], [1]), liquidationPrices: true }))
      .run(time, columns, { collectEvents: false, recordSeries: true, recordHits: false });
    const lp = outcome.series.get(liquidationPriceSeries('var', 'A'))!;
    const q = 10;
    const expected = (q * 100 - 300) / (q * (1 - z * sigma));
    for (const t of [0, 1, 2]) expect(Math.abs(lp[t] - expected)).toBeLessThan(1e-10 * expected);
  });

  it('a long whose pool covers its whole notional has no liquidation price (NaN), closed form and search alike', () => {
    const positions = [{ asset: 'A', assetIndex: 0, size: { notional: 1000 }, initialMarginRate: 1, maintenance: { kind: 'rate' as const, rate: 0.05 } }];
    const modes: ModeDefinition[] = [
      { name: 'closed', kind: 'cross', method: maintenanceSum() },
      { name: 'opaque', kind: 'cross', method: { ...maintenanceSum(), maintenanceSum: undefined } },
    ];
    const { time, columns } = path([[100], [100], [100]]);
    const outcome = new MarginEngine(setup({ assets: ['A'], positions, modes, capital: 1000, liquidationPrices: true }))
      .run(time, columns, { collectEvents: false, recordSeries: true, recordHits: false });
    expect(outcome.series.get(liquidationPriceSeries('closed', 'A'))![1]).toBeNaN();
    expect(outcome.series.get(liquidationPriceSeries('opaque', 'A'))![1]).toBeNaN();
  });
});
