import { describe, expect, it } from 'vitest';
import { sampleCorrelation } from 'simple-statistics';
import { realisedCorrelationError } from '../../src/index.js';

/** Price columns whose log returns are exactly `returns[a]` (P_0 = 100). */
function pricesFrom(returns: number[][]): Float64Array[] {
  return returns.map((r) => {
    const p = new Float64Array(r.length + 1);
    p[0] = 100;
    for (let t = 0; t < r.length; t++) p[t + 1] = p[t] * Math.exp(r[t]);
    return p;
  });
}

describe('realisedCorrelationError', () => {
  it('an estimate of 0.5 against a realised correlation of exactly 1 is 0.5·√2 at every step', () => {
    // B's returns are twice A's, so every realised window has correlation 1; one pair off by 0.5, counted in
    // both triangles: √(2·0.5²) = 0.5·√2.
    const a = [0.01, -0.02, 0.03, 0.015, -0.01, 0.02];
    const prices = pricesFrom([a, a.map((x) => 2 * x)]);
    const rho = [new Float64Array(prices[0].length).fill(0.5)];
    const result = realisedCorrelationError(rho, prices, 0, 3);
    // Steps t = 0 … rows − 1 − w = 3 have a full window t+1 … t+3 ahead: 4 steps.
    expect(result.steps).toBe(4);
    expect(result.mean).toBeCloseTo(0.5 * Math.SQRT2, 12);
  });

  it('agrees with simple-statistics sampleCorrelation computed window by window', () => {
    // Three assets, 40 steps of deterministic returns, an estimate that drifts; window 10, scoring from step 5.
    const rows = 40;
    const returns = [0, 1, 2].map((a) => Array.from({ length: rows }, (_, t) => 0.01 * Math.sin(0.7 * t + a) + 0.004 * Math.cos(1.3 * t * (a + 1))));
    const prices = pricesFrom(returns);
    const rho = [0, 1, 2].map((k) => Float64Array.from({ length: rows + 1 }, (_, t) => (t < 5 ? NaN : 0.1 * k + 0.005 * t - 0.2)));
    const window = 10;
    let total = 0;
    let steps = 0;
    for (let t = 5; t + window <= rows; t++) {
      const slice = (a: number) => returns[a].slice(t, t + window); // returns of steps t+1 … t+w
      const realised = [sampleCorrelation(slice(0), slice(1)), sampleCorrelation(slice(0), slice(2)), sampleCorrelation(slice(1), slice(2))];
      total += Math.sqrt(2 * realised.reduce((s, r, k) => s + (rho[k][t] - r) ** 2, 0));
      steps++;
    }
    const result = realisedCorrelationError(rho, prices, 0, window);
    expect(result.steps).toBe(steps);
    expect(result.mean).toBeCloseTo(total / steps, 12);
  });

  it('skips windows where an asset does not move and returns NaN for a single asset', () => {
    const prices = pricesFrom([[0.01, 0, 0, 0, 0.02, -0.01], [0.02, 0.01, -0.01, 0.03, 0.01, 0.02]]);
    const rho = [new Float64Array(7).fill(0)];
    // Window 3: t = 1 sees A's returns 0, 0, 0 (flat) and is skipped; t = 0, 2, 3 are scored.
    const result = realisedCorrelationError(rho, prices, 0, 3);
    expect(result).toMatchObject({ steps: 3, skipped: 1 });
    expect(Number.isNaN(realisedCorrelationError([], [prices[0]], 0, 3).mean)).toBe(true);
  });
});
