import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kupiec, XmarginError } from '../../src/index.js';

// χ²(1) 95 % critical value, 3.841458820694124 (qchisq(0.95, 1); any statistical table gives 3.841).
const CRITICAL_95 = 3.841458820694124;

describe('kupiec', () => {
  it('matches the hand-computed LR for n = 250, x = 10, p = 1 %', () => {
    // ln L0 = 240·ln 0.99 + 10·ln 0.01 = 240·(−0.0100503359) + 10·(−4.6051701860) = −48.4637824647
    // ln L1 = 240·ln 0.96 + 10·ln 0.04 = 240·(−0.0408219945) + 10·(−3.2188758249) = −41.9860369335
    // LR = −2·(ln L0 − ln L1) = 12.9554910624; mpmath at 40 digits: 12.95549106235604195…
    // p-value = P(χ²₁ > LR) = erfc(√(LR/2)) = 3.18984508213…e−4 (mpmath).
    const result = kupiec(250, 10, 0.01);
    expect(result.lr).toBeCloseTo(12.955491062356042, 11);
    expect(result.pValue / 3.189845082133796e-4 - 1).toBeLessThan(1e-10);
    expect(result.expected).toBeCloseTo(2.5, 14);
  });

  it('is finite at x = 0 and x = n, where 0·ln 0 = 0', () => {
    // x = 0: LR = −2n·ln(1 − p) = −500·ln 0.99 = 5.0251679267507206 (mpmath); p-value 0.0249815030534
    const none = kupiec(250, 0, 0.01);
    expect(none.lr).toBeCloseTo(5.025167926750721, 12);
    expect(none.pValue).toBeCloseTo(0.02498150305344977, 12);
    // x = n: LR = −2n·ln p = −500·ln 0.01 = 2302.585092994046; p-value 1.66e−502 underflows to 0.
    const all = kupiec(250, 250, 0.01);
    expect(all.lr).toBeCloseTo(2302.585092994046, 9);
    expect(all.pValue).toBe(0);
  });

  it('gives LR = 0 and p-value 1 when the count equals its expectation', () => {
    // n = 1000, p = 1 %, x = 10 = np: π̂ = p, the likelihoods are equal.
    const exact = kupiec(1000, 10, 0.01);
    expect(exact.lr).toBe(0);
    expect(exact.pValue).toBe(1);
  });

  it('keeps precision near x = np, where the LR is a small difference of large logs', () => {
    // n = 250, p = 1 %: x = 2 → LR 0.10843521623680332, x = 3 → 0.09494012266443655 (mpmath, 40 digits).
    expect(kupiec(250, 2, 0.01).lr).toBeCloseTo(0.10843521623680332, 14);
    expect(kupiec(250, 3, 0.01).lr).toBeCloseTo(0.09494012266443655, 14);
  });

  // Jorion (2007), Value at Risk, 3rd ed., Table 6-3 (after Kupiec 1995, Table 3): the non-rejection
  // regions of the POF test at 95 % test confidence, as "a < N < b". Each row is checked at both edges:
  // a + 1 and b − 1 are not rejected, a and b are.
  const regions: Array<[p: number, days: number, below: number, above: number]> = [
    [0.01, 510, 1, 11],
    [0.01, 1000, 4, 17],
    [0.025, 255, 2, 12],
    [0.025, 510, 6, 21],
    [0.025, 1000, 15, 36],
    [0.05, 255, 6, 21],
    [0.05, 510, 16, 36],
    [0.05, 1000, 37, 65],
    [0.075, 255, 11, 28],
    [0.075, 510, 27, 51],
    [0.075, 1000, 59, 92],
    [0.1, 255, 16, 36],
    [0.1, 510, 38, 65],
    [0.1, 1000, 81, 120],
  ];
  it.each(regions)('reproduces the non-rejection region for p = %s, T = %s: %s < N < %s (Jorion Table 6-3)', (p, days, below, above) => {
    expect(kupiec(days, below, p).lr).toBeGreaterThan(CRITICAL_95);
    expect(kupiec(days, below + 1, p).lr).toBeLessThan(CRITICAL_95);
    expect(kupiec(days, above - 1, p).lr).toBeLessThan(CRITICAL_95);
    expect(kupiec(days, above, p).lr).toBeGreaterThan(CRITICAL_95);
  });

  it('reproduces the T = 255, p = 1 % row "N < 7" at the top, and rejects N = 0 there', () => {
    // The table prints no lower bound for this row, but the LR at N = 0 is −2·255·ln 0.99 = 5.1257 > 3.841:
    // zero exceptions in 255 days is itself a (too conservative) rejection. We follow the statistic.
    expect(kupiec(255, 6, 0.01).lr).toBeLessThan(CRITICAL_95);
    expect(kupiec(255, 7, 0.01).lr).toBeGreaterThan(CRITICAL_95);
    expect(kupiec(255, 1, 0.01).lr).toBeLessThan(CRITICAL_95);
    expect(kupiec(255, 0, 0.01).lr).toBeCloseTo(-510 * Math.log(0.99), 12);
  });

  it('rejects bad counts and probabilities with the field named', () => {
    expect(() => kupiec(0, 0, 0.01)).toThrow(XmarginError);
    expect(() => kupiec(10, 11, 0.01)).toThrow(/exceedances/);
    expect(() => kupiec(10, 1.5, 0.01)).toThrow(/exceedances/);
    expect(() => kupiec(10, 1, 0)).toThrow(/p: expected a probability/);
    expect(() => kupiec(10, 1, 1)).toThrow(/p: expected a probability/);
    expect(() => kupiec(10, 1, NaN)).toThrow(XmarginError);
  });

  const cases = fc
    .record({ n: fc.integer({ min: 1, max: 5000 }), p: fc.double({ min: 1e-4, max: 0.5, noNaN: true }) })
    .chain(({ n, p }) => fc.record({ n: fc.constant(n), p: fc.constant(p), a: fc.integer({ min: 0, max: n }), b: fc.integer({ min: 0, max: n }) }));

  it('has LR ≥ 0 and a p-value in [0, 1] (property)', () => {
    fc.assert(
      fc.property(cases, ({ n, p, a }) => {
        const { lr, pValue } = kupiec(n, a, p);
        return lr >= 0 && Number.isFinite(lr) && pValue >= 0 && pValue <= 1;
      }),
    );
  });

  it('has a p-value that falls as the count moves away from np, on each side (property)', () => {
    fc.assert(
      fc.property(cases, ({ n, p, a, b }) => {
        const [near, far] = Math.abs(a - n * p) <= Math.abs(b - n * p) ? [a, b] : [b, a];
        const sameSide = (near - n * p) * (far - n * p) >= 0;
        if (!sameSide) return true;
        const closer = kupiec(n, near, p);
        const further = kupiec(n, far, p);
        return closer.lr <= further.lr && closer.pValue >= further.pValue;
      }),
    );
  });
});
