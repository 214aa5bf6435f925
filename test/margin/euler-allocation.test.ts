import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  concentration,
  correlationBreak,
  historicalSimulation,
  maintenanceSum,
  marginBuffer,
  parametricVar,
  withAddOns,
  type AddOn,
  type MarginMethod,
} from '../../src/index.js';
import { bookState, sumOf } from './book-state.js';

const Z99 = 2.3263478740408408; // Φ⁻¹(0.99), Wichura AS 241

describe('Euler components by hand', () => {
  it('parametric VaR, two assets: c_i = z√h w_i (ρw)_i / σ_p, then (1 − cap)·S_i + cap·c_i', () => {
    const method = parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 2, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    const { state, requirement } = bookState({ assetOf: [0, 1], exposure: [2_000_000, -1_000_000], prices: [10, 20], volatility: [0.02, 0.01], correlation: [1, 0.6, 0.6, 1] });
    method.evaluate(state, requirement);
    const out = new Float64Array(2);
    method.allocate!(state, requirement, out);
    // w = (40,000, −10,000); ρw = (40,000 − 6,000, 24,000 − 10,000) = (34,000, 14,000); σ_p² = 40,000·34,000 − 10,000·14,000 = 1.22e9.
    const sigma = Math.sqrt(1.22e9);
    const c = [(Z99 * 40_000 * 34_000) / sigma, (Z99 * -10_000 * 14_000) / sigma];
    expect(out[0]).toBeCloseTo(0.2 * Z99 * 40_000 + 0.8 * c[0], 6);
    expect(out[1]).toBeCloseTo(0.2 * Z99 * 10_000 + 0.8 * c[1], 6);
    expect(out[0] + out[1]).toBeCloseTo(requirement.value, 6);
  });

  it('historical VaR: each position\'s loss in the scenario of rank k + 1; ES: its mean loss over the k largest', () => {
    // Lookback 5, h = 1, 80 %: k = ⌊5 · 0.2⌋ = 1, VaR = the 2nd largest book loss, ES = the largest (max(k, 1) = 1).
    const r0 = [0.01, -0.05, 0.02, -0.03, 0.0];
    const r1 = [-0.02, 0.01, -0.04, -0.012, 0.03];
    const a = [1];
    const b = [1];
    for (let k = 0; k < 5; k++) {
      a.push(a[k] * (1 + r0[k]));
      b.push(b[k] * (1 + r1[k]));
    }
    // Long 1,000 of each: book losses −1000·(r0 + r1) = (10, 40, 20, 42, −30); position losses (−10, 50, −20, 30, 0) and (20, −10, 40, 12, −30).
    const cases = [
      { measure: 'var' as const, value: 40, components: [50, -10] }, // scenario 1
      { measure: 'es' as const, value: 42, components: [30, 12] }, // scenario 3
    ];
    for (const c of cases) {
      const method = historicalSimulation({ measure: c.measure, confidence: 0.8, horizonSteps: 1, lookback: 5, positions: 2, rules: { cap: 1, floor: 0, addOn: 0 } });
      method.bind([Float64Array.from(a), Float64Array.from(b)]);
      const { state, requirement } = bookState({ assetOf: [0, 1], exposure: [1000, 1000], prices: [a[5], b[5]], step: 5 });
      method.evaluate(state, requirement);
      const out = new Float64Array(2);
      method.allocate!(state, requirement, out);
      expect(requirement.value).toBeCloseTo(c.value, 9); // cap 1 keeps the whole credit: R = the book's measure
      expect(out[0]).toBeCloseTo(c.components[0], 9);
      expect(out[1]).toBeCloseTo(c.components[1], 9);
    }
  });
});

/** A random correlation matrix from random loadings on `m` factors (PSD by construction). */
function correlationFrom(loadings: number[][]): number[] {
  const n = loadings.length;
  const cov = Array.from({ length: n * n }, (_, k) => loadings[Math.floor(k / n)].reduce((s, x, f) => s + x * loadings[k % n][f], 0) + (Math.floor(k / n) === k % n ? 0.1 : 0));
  return cov.map((c, k) => c / Math.sqrt(cov[Math.floor(k / n) * (n + 1)] * cov[(k % n) * (n + 1)]));
}

const bookArbitrary = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    positions: fc.array(fc.record({ asset: fc.integer({ min: 0, max: n - 1 }), exposure: fc.double({ min: 1e3, max: 1e7, noNaN: true }), short: fc.boolean(), open: fc.boolean() }), { minLength: 1, maxLength: 7 }),
    prices: fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: n, maxLength: n }),
    volatility: fc.array(fc.double({ min: 0.001, max: 0.05, noNaN: true }), { minLength: n, maxLength: n }),
    loadings: fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }), { minLength: n, maxLength: n }),
    rules: fc.record({ cap: fc.double({ min: 0, max: 1, noNaN: true }), floor: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.2, noNaN: true })), addOn: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.05, noNaN: true })) }),
    method: fc.constantFrom('parametric-var', 'historical-var', 'historical-es', 'maintenance-sum'),
    lookback: fc.integer({ min: 20, max: 60 }),
    horizon: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 1, max: 1e6 }),
    addOns: fc.subarray(['correlation-break', 'concentration', 'buffer'] as const),
    shift: fc.double({ min: 0.05, max: 1, noNaN: true }),
    creditShare: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

describe('Euler allocation adds up to the requirement', () => {
  it('for every method, cap, floor, add-on and mix of margin add-ons: |Σ components − R| ≤ 1e-9 · R (property)', () => {
    fc.assert(
      fc.property(bookArbitrary, (spec) => {
        const { n } = spec;
        const steps = spec.lookback + spec.horizon + 3;
        // A deterministic random walk per asset from the seed (the test's own generator, not the library's).
        let s = spec.seed;
        const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
        const columns = Array.from({ length: n }, () => {
          const c = new Float64Array(steps);
          c[0] = 100;
          for (let t = 1; t < steps; t++) c[t] = c[t - 1] * Math.exp(0.04 * next());
          return c;
        });
        const positions = spec.positions.length;
        const rules = spec.rules;
        let method: MarginMethod =
          spec.method === 'parametric-var' ? parametricVar({ confidence: 0.99, horizonSteps: spec.horizon, assets: n, rules })
          : spec.method === 'maintenance-sum' ? maintenanceSum()
          : historicalSimulation({ measure: spec.method === 'historical-var' ? 'var' : 'es', confidence: 0.99, horizonSteps: spec.horizon, lookback: spec.lookback, positions, rules });
        const addOns: AddOn[] = spec.addOns.map((kind) =>
          kind === 'correlation-break' ? correlationBreak({ confidence: 0.99, horizonSteps: spec.horizon, assets: n, shift: spec.shift, weight: 1, creditShare: spec.creditShare })
          : kind === 'concentration' ? concentration({ terms: Array.from({ length: n }, (_, a) => (a % 2 ? null : { threshold: 2e6, halfSpread: 0.001 })), exponent: 0.7 })
          : marginBuffer({ buffer: 0.25, window: 2, threshold: 0.1, replenishSteps: 3 }));
        if (addOns.length) method = withAddOns(method, addOns, addOns.map((a, k) => `addon.${k}`));
        method.bind(columns);
        const volatility = spec.volatility;
        const correlation = correlationFrom(spec.loadings);
        // Evaluate a few consecutive steps (the buffer keeps state), allocate at each.
        for (let t = steps - 3; t < steps; t++) {
          const prices = columns.map((c) => c[t]);
          const { state, requirement } = bookState({
            assetOf: spec.positions.map((p) => p.asset),
            exposure: spec.positions.map((p) => (p.short ? -p.exposure : p.exposure)),
            prices, volatility, correlation, step: t,
          });
          spec.positions.forEach((p, k) => (state.open[k] = p.open || k === 0 ? 1 : 0));
          method.evaluate(state, requirement);
          const components = new Float64Array(positions).fill(NaN);
          method.allocate!(state, requirement, components);
          const total = sumOf(components, state);
          if (!(Math.abs(total - requirement.value) <= 1e-9 * Math.max(1, Math.abs(requirement.value)))) return false;
          for (let p = 0; p < positions; p++) if (!state.open[p] && components[p] !== 0) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
