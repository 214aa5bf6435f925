import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blackScholes, createOptionGreeks, greeksMargin, parametricVar } from '../../src/index.js';
import { diagnostic, estimateOf, evaluateBook, linear, option, type Leg } from './grid-support.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2018, 0, 2);
const Z99 = 2.3263478740408408; // Φ⁻¹(0.99) (scipy.stats.norm.ppf(0.99))
const rules = { cap: 1, floor: 0, addOn: 0 };

describe('greeks margin', () => {
  /**
   * Hand computation: 10 short SPX puts, K = 2,600, 30 days, multiplier 100, S = 2,700, implied volatility 15 %,
   * no rate or carry; one-step volatility 1.2 %, h = 2, α = 99 %, volatility shock 5 points. Greeks from
   * Black–Scholes called directly: the charge is z√h σ |Δ$| + max(0, −½ Γ$ x²) + |ν| δσ with x = z σ √h; the
   * full revaluation is the worst loss at S(1 ± x) and σ ± 5 points.
   */
  it('a short put: delta-normal + ½ Γ x² + |vega| δσ from Black–Scholes greeks, and its error against revaluation', () => {
    const method = greeksMargin({ confidence: 0.99, horizonSteps: 2, assets: 1, positions: 1, volatilityShock: 0.05, rules });
    const put: Leg = { instrument: option('SPX', 0, { right: 'put', strike: 2600, tenorDays: 30, multiplier: 100 }), quantity: -10 };
    const { requirement } = evaluateBook(method, [put], { assets: ['SPX'], time: T0, price: [2700], impliedVol: [0.15] }, estimateOf([0.012], [1]));
    const T = 30 / 365;
    const g = blackScholes('put', 2700, 2600, T, 0, 0, 0.15, createOptionGreeks());
    const dollarDelta = -10 * 100 * g.delta * 2700;
    const dollarGamma = -10 * 100 * g.gamma * 2700 * 2700;
    const vega = -10 * 100 * g.vega;
    const x = Z99 * 0.012 * Math.SQRT2;
    const deltaNormal = Z99 * Math.SQRT2 * 0.012 * Math.abs(dollarDelta);
    const gammaCharge = -0.5 * dollarGamma * x * x;
    const vegaCharge = Math.abs(vega) * 0.05;
    expect(gammaCharge).toBeGreaterThan(0);
    expect(requirement.value).toBeCloseTo(deltaNormal + gammaCharge + vegaCharge, 6);
    expect(diagnostic(method, 'delta_normal')).toBeCloseTo(deltaNormal, 6);
    expect(diagnostic(method, 'gamma_charge')).toBeCloseTo(gammaCharge, 6);
    expect(diagnostic(method, 'vega_charge')).toBeCloseTo(vegaCharge, 6);
    const v0 = g.value;
    let full = 0;
    for (const m of [-x, x]) {
      for (const dv of [-0.05, 0.05]) full = Math.max(full, 10 * 100 * (blackScholes('put', 2700 * (1 + m), 2600, T, 0, 0, 0.15 + dv, createOptionGreeks()).value - v0));
    }
    expect(diagnostic(method, 'full_revaluation')).toBeCloseTo(full, 6);
    expect(diagnostic(method, 'approximation_error')).toBeCloseTo(deltaNormal + gammaCharge + vegaCharge - full, 6);
    expect(method.needs.greeks).toBe(true);
  });

  it('on a linear book it is parametric VaR, and its approximation error is zero (property)', () => {
    const leg = fc.record({ asset: fc.integer({ min: 0, max: 2 }), quantity: fc.double({ min: -100, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 5 }), fc.double({ min: -0.9, max: 0.9, noNaN: true }), (legs, r) => {
        const book: Leg[] = legs.map((l) => ({ instrument: linear(['A', 'B', 'C'][l.asset], l.asset, 10), quantity: l.quantity }));
        const market = { assets: ['A', 'B', 'C'], time: T0, price: [100, 250, 40] };
        const rho = [1, r, r / 2, r, 1, 0, r / 2, 0, 1];
        const estimate = estimateOf([0.01, 0.02, 0.015], rho);
        const greeks = greeksMargin({ confidence: 0.99, horizonSteps: 3, assets: 3, positions: book.length, volatilityShock: 0.05, rules: { cap: 0.8, floor: 0, addOn: 0 } });
        const pvar = parametricVar({ confidence: 0.99, horizonSteps: 3, assets: 3, rules: { cap: 0.8, floor: 0, addOn: 0 } });
        const a = evaluateBook(greeks, book, market, estimate).requirement;
        const b = evaluateBook(pvar, book, market, estimate).requirement;
        const scale = Math.max(1, b.standaloneSum);
        expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs(a.diversified - b.diversified)).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs(diagnostic(greeks, 'approximation_error'))).toBeLessThanOrEqual(1e-9 * scale);
      }),
      { numRuns: 50 },
    );
  });

  it('two units: delta-normal with the estimated correlation, the gamma and vega charges per unit added', () => {
    const method = greeksMargin({ confidence: 0.99, horizonSteps: 1, assets: 2, positions: 2, volatilityShock: 0.03, rules });
    const book: Leg[] = [
      { instrument: option('A', 0, { right: 'call', strike: 100, tenorDays: 60 }), quantity: -50 },
      { instrument: linear('B', 1), quantity: 20 },
    ];
    const { requirement } = evaluateBook(method, book, { assets: ['A', 'B'], time: T0, price: [100, 50], impliedVol: [0.3, Number.NaN] }, estimateOf([0.02, 0.01], [1, -0.4, -0.4, 1]));
    const g = blackScholes('call', 100, 100, 60 / 365, 0, 0, 0.3, createOptionGreeks());
    const dA = -50 * g.delta * 100;
    const dB = 20 * 50;
    const sA = dA * 0.02;
    const sB = dB * 0.01;
    const deltaNormal = Z99 * Math.sqrt(sA * sA + sB * sB - 2 * 0.4 * sA * sB);
    const x = Z99 * 0.02;
    const expected = deltaNormal + 0.5 * 50 * g.gamma * 100 * 100 * x * x + 50 * g.vega * 0.03;
    expect(requirement.diversified).toBeCloseTo(expected, 8);
  });
});
