import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript without type declarations
import { compareHeadlines, numpySpec } from '../../bench/numpy-reference.js';
// @ts-expect-error: the bench is plain JavaScript without type declarations
import { benchScenario } from '../../bench/montecarlo.bench.js';
import { parseScenario } from '../../src/index.js';

// The statistics `npm run bench montecarlo` uses to say whether xmargin and the numpy reference agree
// (the comparison itself needs Python and runs only in the bench).

const mode = (name: string, kind: string, liquidation: number) => ({
  name,
  kind,
  liquidationProbability: liquidation,
  wipedOutProbability: 0,
  badDebtProbability: 0,
  finalEquity: { mean: 1000 },
});

describe('compareHeadlines', () => {
  it('shares of paths: the two-proportion z-test with the pooled proportion (hand computation)', () => {
    // xmargin 50 of 100 paths, numpy 40 of 100: pooled p = 0.45, se = √(0.45 · 0.55 · (1/100 + 1/100))
    // = 0.0703562, z = 0.1 / 0.0703562 = 1.421338.
    const mc = { runs: 100, modes: [mode('isolated', 'isolated', 0.5)], underfunding: [], avoided: [] };
    const numpy = { runs: 100, modes: [{ liquidation: 40, wipedOut: 0, badDebt: 0, finalEquityMean: 1000, finalEquitySd: 10 }], cross: [] };
    const rows = compareHeadlines(mc, numpy);
    const liquidation = rows.find((r: { label: string }) => r.label === 'P(liquidation) isolated');
    expect(liquidation.z).toBeCloseTo(1.421338, 5);
    // Equal shares, also both 0, give z = 0 (no division by a zero standard error).
    expect(rows.find((r: { label: string }) => r.label === 'P(wipe-out) isolated').z).toBe(0);
  });

  it('the exceedance rate: difference over √(se² · (1 + n_numpy / n_xmargin)) (hand computation)', () => {
    // se_numpy = 0.0002, equal path counts: se of the difference = 0.0002 · √2 = 0.000282843;
    // rates 0.0106 and 0.0100: z = 0.0006 / 0.000282843 = 2.121320.
    const mc = {
      runs: 1000,
      modes: [],
      underfunding: [{ mode: 'pvar', probability: 0.2, exceedanceRate: 0.0106, byCause: { correlation_breakdown: { probability: 0 } } }],
      avoided: [{ probability: 0 }],
    };
    const numpy = { runs: 1000, modes: [], cross: [{ underfunded: 200, breakdown: 0, avoided: 0, exceedanceRate: 0.01, exceedanceRateSe: 0.0002 }] };
    const rate = compareHeadlines(mc, numpy).find((r: { label: string }) => r.label === 'exceedance rate pvar');
    expect(rate.z).toBeCloseTo(2.12132, 5);
  });
});

describe('numpySpec', () => {
  it('passes the bench scenario as compiled (warm-up 17, horizon 2 steps, the defaults of cap and fee) and refuses other shapes', () => {
    const spec = numpySpec(benchScenario(4, 10), 'scenarios/bench-montecarlo.json');
    expect(spec).toMatchObject({ warmup: 17, horizonSteps: 2, lambda: 0.94, cap: 0.8, floor: 0, addOn: 0, fee: 0.005, steps: 252, runs: 10, seed: 1 });
    expect(spec.assets).toEqual(['AA', 'AXP', 'T', 'BA']);
    expect(spec.positions[1]).toEqual({ notional: -800_000, initialMarginRate: 0.1, maintenanceRate: 0.05 });
    const partial = parseScenario({ ...benchScenario(4, 10), liquidation: { policy: 'partial', buffer: 0.1, fee: 0.005 } }, 'scenarios/bench-montecarlo.json');
    expect(() => numpySpec(partial, 'scenarios/bench-montecarlo.json')).toThrow('implements only the bench scenario');
  });
});
