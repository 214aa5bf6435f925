import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialCdf, binomialLogCdf, binomialQuantile, logBinomialPmf } from '../../src/index.js';

// Reference values: mpmath 1.3 at 40 digits, from ln C(n, k) + k·ln p + (n − k)·ln(1 − p) with loggamma
// (mass) and the regularised incomplete beta I_{1−p}(n − k, k + 1) (cumulative).
describe('binomial distribution', () => {
  it('computes the log mass accurately for a million trials', () => {
    expect(logBinomialPmf(10000, 1e6, 0.01)).toBeCloseTo(-5.519091885441095, 10);
    expect(logBinomialPmf(9500, 1e6, 0.01)).toBeCloseTo(-18.33364283187061, 10);
    expect(logBinomialPmf(0, 1e6, 0.01)).toBeCloseTo(-10050.335853501441, 8);
    expect(logBinomialPmf(7, 20, 0.3)).toBeCloseTo(-1.80629265492042503, 13);
    expect(logBinomialPmf(21, 20, 0.3)).toBe(-Infinity);
  });

  it('computes the cumulative probability in the body and, in log space, far in the tail', () => {
    expect(binomialCdf(4, 250, 0.01)).toBeCloseTo(0.8921876269036253, 14);
    expect(binomialCdf(9800, 1e6, 0.01)).toBeCloseTo(0.022212510364736622, 12);
    expect(binomialCdf(10100, 1e6, 0.01)).toBeCloseTo(0.8437605031450773, 12);
    // P(X ≤ 100) = e^(−9492.03…) underflows a double; its logarithm does not.
    expect(binomialLogCdf(100, 1e6, 0.01)).toBeCloseTo(-9492.031159117262, 7);
    expect(binomialCdf(250, 250, 0.01)).toBe(1);
    expect(binomialCdf(-1, 250, 0.01)).toBe(0);
  });

  it('finds the quantile as the first count whose cumulative probability reaches the level', () => {
    expect(binomialQuantile(0.95, 250, 0.01)).toBe(5);
    expect(binomialQuantile(0.9999, 250, 0.01)).toBe(10);
    expect(binomialQuantile(0, 250, 0.01)).toBe(0);
  });

  it('has a mass that sums to 1 and a cdf equal to the partial sums (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 1e-4, max: 0.9999, noNaN: true }), (n, p) => {
        let sum = 0;
        let worst = 0;
        for (let k = 0; k <= n; k++) {
          sum += Math.exp(logBinomialPmf(k, n, p));
          if (k < n) worst = Math.max(worst, Math.abs(binomialCdf(k, n, p) - sum));
        }
        return Math.abs(sum - 1) < 1e-12 && worst < 1e-12;
      }),
      { numRuns: 50 },
    );
  });
});
