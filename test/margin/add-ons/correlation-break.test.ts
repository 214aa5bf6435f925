import { describe, expect, it } from 'vitest';
import { adverseCorrelation, blendTowardAdverse, correlationBreak, parametricVar, symmetricEigen, withAddOns } from '../../../src/index.js';
import { bookState, sumOf } from '../book-state.js';

const Z99 = 2.3263478740408408; // Φ⁻¹(0.99), Wichura AS 241 (scipy.stats.norm.ppf(0.99))
const SCALE = Z99 * Math.SQRT2; // z_α √h, h = 2 steps

/**
 * A hedge: long 1,000,000 of A0, short 1,000,000 of A1, one-step volatilities 1 % and 1.2 %, estimated
 * correlation 0.8. Dollar volatilities w = (10,000, −12,000): the pair hurts the book when its correlation
 * falls, so the stress moves it toward −1.
 */
const hedge = { assetOf: [0, 1], exposure: [1_000_000, -1_000_000], prices: [100, 50], volatility: [0.01, 0.012], correlation: [1, 0.8, 0.8, 1] };
// σ_p² = w₀² + w₁² + 2ρ w₀ w₁: 1e8 + 1.44e8 − 2·ρ·1.2e8.
const sigma = (rho: number) => Math.sqrt(2.44e8 - 2.4e8 * rho);

function evaluate(addOn: ReturnType<typeof correlationBreak>, cap = 0.8) {
  const method = withAddOns(parametricVar({ confidence: 0.99, horizonSteps: 2, assets: 2, rules: { cap, floor: 0, addOn: 0 } }), [addOn], ['addon.correlation_break']);
  const { state, requirement } = bookState(hedge);
  method.evaluate(state, requirement);
  const components = new Float64Array(2);
  method.allocate!(state, requirement, components);
  return { method, state, requirement, components };
}

describe('correlation-break adjustment', () => {
  it('a shift of 0.3 moves the hedge from 0.8 to 0.5: CB = z√h (σ_p(0.5) − σ_p(0.8)), uncapped (hand computation)', () => {
    const { requirement, method } = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, shift: 0.3, weight: 1, creditShare: 1 }));
    const standalone = SCALE * 22_000;
    const diversified = SCALE * sigma(0.8); // 7,211.10 × z√h
    const credit = 0.8 * (standalone - diversified);
    const cb = SCALE * (Math.sqrt(1.24e8) - Math.sqrt(5.2e7)); // σ_p(0.5) = 11,135.53; σ_p(0.8) = 7,211.10
    expect(requirement.credit).toBeCloseTo(credit, 6);
    expect(requirement.value).toBeCloseTo(standalone - credit + cb, 6);
    const names = method.diagnostics!.names;
    expect(method.diagnostics!.values[names.indexOf('addon.correlation_break')]).toBeCloseTo(cb, 6);
    expect(method.diagnostics!.values[names.indexOf('addon.base')]).toBeCloseTo(standalone - credit, 6);
  });

  it('a fixed stressed matrix (a stress period\'s ρ = 0.2) gives z√h (σ_p(0.2) − σ_p(0.8)); weight 0.5 halves it', () => {
    const stressed = Float64Array.from([1, 0.2, 0.2, 1]);
    const { requirement } = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, stressed, weight: 0.5, creditShare: 1 }));
    const credit = 0.8 * SCALE * (22_000 - sigma(0.8));
    expect(requirement.value).toBeCloseTo(SCALE * 22_000 - credit + 0.5 * SCALE * (sigma(0.2) - sigma(0.8)), 6);
  });

  it('blend 0.5 moves the hedge half-way to −1, from 0.8 to −0.1: CB = z√h (σ_p(−0.1) − σ_p(0.8)) (hand computation)', () => {
    const { requirement } = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, blend: 0.5, weight: 1, creditShare: 1 }));
    const credit = 0.8 * SCALE * (22_000 - sigma(0.8));
    expect(requirement.value).toBeCloseTo(SCALE * 22_000 - credit + SCALE * (sigma(-0.1) - sigma(0.8)), 6);
  });

  it('is capped at creditShare × the credit granted, so the requirement never passes the standalone sum', () => {
    const { requirement } = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, shift: 0.3, weight: 1, creditShare: 0.25 }));
    const credit = 0.8 * SCALE * (22_000 - sigma(0.8));
    expect(requirement.value).toBeCloseTo(SCALE * 22_000 - credit + 0.25 * credit, 6);
    const big = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, shift: 2, weight: 10, creditShare: 1 }));
    expect(big.requirement.value).toBeCloseTo(SCALE * 22_000, 6); // the whole credit taken back, no more
  });

  it('is 0 when the stressed correlation is less adverse, and when the mode grants no credit (cap 0)', () => {
    const kinder = Float64Array.from([1, 0.95, 0.95, 1]);
    expect(evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, stressed: kinder, weight: 1, creditShare: 1 })).requirement.value)
      .toBeCloseTo(SCALE * 22_000 - 0.8 * SCALE * (22_000 - sigma(0.8)), 6);
    const noCredit = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, shift: 0.3, weight: 1, creditShare: 1 }), 0);
    expect(noCredit.requirement.value).toBeCloseTo(SCALE * 22_000, 6);
  });

  it('allocates CB as the difference of the parametric Euler components under the two matrices (hand computation)', () => {
    const { requirement, components, state } = evaluate(correlationBreak({ confidence: 0.99, horizonSteps: 2, assets: 2, shift: 0.3, weight: 1, creditShare: 1 }));
    // (ρw) = (10,000 − 0.8·12,000, 0.8·10,000 − 12,000) = (400, −4,000); under ρ = 0.5: (4,000, −7,000).
    const c = [(10_000 * 400) / sigma(0.8), (12_000 * 4_000) / sigma(0.8)];
    const cs = [(10_000 * 4_000) / sigma(0.5), (12_000 * 7_000) / sigma(0.5)];
    // The method's own components: (1 − cap)·S_i + cap·c_i with S_i = z√h|w_i|.
    const base = [0.2 * SCALE * 10_000 + 0.8 * SCALE * c[0], 0.2 * SCALE * 12_000 + 0.8 * SCALE * c[1]];
    expect(components[0]).toBeCloseTo(base[0] + SCALE * (cs[0] - c[0]), 6);
    expect(components[1]).toBeCloseTo(base[1] + SCALE * (cs[1] - c[1]), 6);
    expect(Math.abs(sumOf(components, state) - requirement.value)).toBeLessThan(1e-9 * requirement.value);
  });
});

describe('adverseCorrelation', () => {
  it('moves each pair by the shift toward sign(w_i w_j), clamps at ±1, leaves pairs with a zero exposure alone', () => {
    const rho = Float64Array.from([1, 0.8, 0.1, 0.8, 1, -0.3, 0.1, -0.3, 1]);
    const out = new Float64Array(9);
    const distance = adverseCorrelation(rho, 3, [1, -2, 0], 0.3, out, new Float64Array(18));
    expect(distance).toBe(0);
    expect(Array.from(out)).toEqual([1, 0.8 - 0.3, 0.1, 0.8 - 0.3, 1, -0.3, 0.1, -0.3, 1]);
    const pair = new Float64Array(4);
    expect(adverseCorrelation(Float64Array.from([1, 0.8, 0.8, 1]), 2, [1, 2], 0.3, pair, new Float64Array(8))).toBe(0);
    expect(Array.from(pair)).toEqual([1, 1, 1, 1]); // 0.8 + 0.3 clamped at 1 (rank one, PSD: no repair)
  });

  it('blendTowardAdverse: (1 − β)ρ + β·sign(w_i w_j), a correlation matrix whose book variance is (1 − β) wᵀρw + β (Σ|w|)²', () => {
    const rho = Float64Array.from([1, 0.8, 0.1, 0.8, 1, -0.3, 0.1, -0.3, 1]);
    const w = [2, -1, 0.5];
    const out = new Float64Array(9);
    blendTowardAdverse(rho, 3, w, 0.25, out);
    expect(out[1]).toBeCloseTo(0.75 * 0.8 - 0.25, 15);
    expect(out[2]).toBeCloseTo(0.75 * 0.1 + 0.25, 15);
    expect(out[5]).toBeCloseTo(0.75 * -0.3 - 0.25, 15);
    expect(symmetricEigen(out, 3).values[0]).toBeGreaterThanOrEqual(-1e-12);
    const quad = (m: Float64Array) => w.reduce((s, wi, i) => s + w.reduce((t, wj, j) => t + wi * wj * m[i * 3 + j], 0), 0);
    expect(quad(out)).toBeCloseTo(0.75 * quad(rho) + 0.25 * 3.5 ** 2, 12);
  });

  it('repairs only the block of the assets the book holds: an asset without exposure neither moves nor forces a repair', () => {
    // Shifting the hedge 0↔1 from 0.8 to −0.1 would make the whole matrix indefinite (det −0.418) with asset 2's 0.8s,
    // but asset 2 is not held: its row is left as estimated and the held block [[1, −0.1], [−0.1, 1]] is valid.
    const rho = Float64Array.from([1, 0.8, 0.8, 0.8, 1, 0.8, 0.8, 0.8, 1]);
    const out = new Float64Array(9);
    expect(adverseCorrelation(rho, 3, [1, -1, 0], 0.9, out, new Float64Array(18))).toBe(0);
    expect(out[1]).toBeCloseTo(-0.1, 15);
    expect([out[2], out[5], out[6], out[7]]).toEqual([0.8, 0.8, 0.8, 0.8]);
  });

  it('repairs a shifted matrix that is not PSD to the nearest correlation matrix and says how far it moved', () => {
    // PD to start (det = 0.014); all on one side, shift 0.25: ρ₀₁ = ρ₀₂ = 1 but ρ₁₂ = 0.55, which no PSD matrix allows.
    const rho = Float64Array.from([1, 0.8, 0.8, 0.8, 1, 0.3, 0.8, 0.3, 1]);
    const out = new Float64Array(9);
    const distance = adverseCorrelation(rho, 3, [1, 1, 1], 0.25, out, new Float64Array(18));
    expect(distance).toBeGreaterThan(0.01);
    expect(symmetricEigen(out, 3).values[0]).toBeGreaterThanOrEqual(-1e-10);
    for (let i = 0; i < 3; i++) expect(out[i * 4]).toBe(1);
  });
});
