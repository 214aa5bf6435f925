import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialCdf, trafficLight, XmarginError } from '../../src/index.js';

/**
 * The zone boundaries computed independently of the library: exact rational arithmetic with BigInt.
 * With p = a/b, P(X ≤ k)·bⁿ = Σ_{i ≤ k} C(n, i)·aⁱ·(b − a)^(n−i), compared exactly against the
 * thresholds 95/100 and 9999/10000. Returns [greenMax, yellowMax].
 */
function exactBoundaries(n: number, a: bigint, b: bigint): [number, number] {
  const total = b ** BigInt(n);
  let cumulative = 0n;
  let coefficient = 1n; // C(n, 0)
  let yellowStart = -1;
  for (let i = 0; i <= n; i++) {
    if (i > 0) coefficient = (coefficient * BigInt(n - i + 1)) / BigInt(i);
    cumulative += coefficient * a ** BigInt(i) * (b - a) ** BigInt(n - i);
    if (yellowStart < 0 && cumulative * 100n >= total * 95n) yellowStart = i;
    if (cumulative * 10000n >= total * 9999n) return [yellowStart - 1, i - 1];
  }
  throw new Error('unreachable: the cumulative probability reaches 1 at n');
}

describe('trafficLight', () => {
  it('reproduces the Basel (1996) table at n = 250, p = 1 %: green 0–4, yellow 5–9, red ≥ 10', () => {
    // Basel Committee (1996), Supervisory framework for backtesting, Table 2: cumulative probabilities
    // 89.22 % at 4 exceptions, 95.88 % at 5, 99.97 % at 9, 99.99 % at 10 (mpmath, exact sum:
    // 0.892187626903625, 0.958816815930152, 0.999749809931259, 0.999946101370953).
    const zones = Array.from({ length: 13 }, (_, x) => trafficLight(250, x, 0.01).zone);
    expect(zones).toEqual([
      ...new Array(5).fill('green'),
      ...new Array(5).fill('yellow'),
      ...new Array(3).fill('red'),
    ]);
    const at4 = trafficLight(250, 4, 0.01);
    expect(at4.greenMax).toBe(4);
    expect(at4.yellowMax).toBe(9);
    expect(at4.cumulativeProbability).toBeCloseTo(0.892187626903625, 13);
    expect(trafficLight(250, 5, 0.01).cumulativeProbability).toBeCloseTo(0.958816815930152, 13);
    expect(trafficLight(250, 9, 0.01).cumulativeProbability).toBeCloseTo(0.999749809931259, 13);
    expect(trafficLight(250, 10, 0.01).cumulativeProbability).toBeCloseTo(0.999946101370953, 13);
  });

  // Boundaries checked against exactBoundaries (BigInt rational sums above). For the record, the exact
  // values are n = 500, p = 1 %: green ≤ 8, yellow ≤ 14; n = 250, p = 2.5 %: green ≤ 10, yellow ≤ 16;
  // n = 1000, p = 1 %: green ≤ 14, yellow ≤ 23; n = 250, p = 5 %: green ≤ 17, yellow ≤ 26 (also mpmath).
  const grid: Array<[n: number, a: bigint, b: bigint, green: number, yellow: number]> = [
    [250, 1n, 100n, 4, 9],
    [500, 1n, 100n, 8, 14],
    [250, 25n, 1000n, 10, 16],
    [1000, 1n, 100n, 14, 23],
    [250, 5n, 100n, 17, 26],
    [60, 1n, 100n, -99, -99],
    [2500, 1n, 1000n, -99, -99],
    [37, 3n, 10n, -99, -99],
  ];
  it.each(grid)('matches an exact rational binomial sum at n = %s, p = %s/%s', (n, a, b, green, yellow) => {
    const [greenMax, yellowMax] = exactBoundaries(n, a, b);
    if (green !== -99) expect([greenMax, yellowMax]).toEqual([green, yellow]);
    const r = trafficLight(n, 0, Number(a) / Number(b));
    expect([r.greenMax, r.yellowMax]).toEqual([greenMax, yellowMax]);
  });

  it('places each count by its cumulative probability, and the boundaries are where it crosses (property)', () => {
    // binomialCdf sums downward from x in log space; the boundaries come from summing upward from 0.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 1e-3, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p, u) => {
          const x = Math.min(n, Math.floor(u * (n * p + 10 * Math.sqrt(n * p) + 10)));
          const r = trafficLight(n, x, p);
          const c = r.cumulativeProbability;
          const expected = c >= 0.9999 ? 'red' : c >= 0.95 ? 'yellow' : 'green';
          const crosses = (last: number, threshold: number): boolean =>
            (last < 0 || binomialCdf(last, n, p) < threshold) && binomialCdf(last + 1, n, p) >= threshold;
          return r.zone === expected && crosses(r.greenMax, 0.95) && crosses(r.yellowMax, 0.9999);
        },
      ),
    );
  });

  it('takes other thresholds', () => {
    // n = 250, p = 1 %: P(X ≤ 3) = 0.7581, P(X ≤ 5) = 0.9588 (mpmath) → 75 % starts yellow at 3, 95 % red at 5.
    const r = trafficLight(250, 3, 0.01, { yellowAt: 0.75, redAt: 0.95 });
    expect([r.zone, r.greenMax, r.yellowMax]).toEqual(['yellow', 2, 4]);
  });

  it('rejects bad input', () => {
    expect(() => trafficLight(250, 251, 0.01)).toThrow(/exceedances/);
    expect(() => trafficLight(0, 0, 0.01)).toThrow(/observations/);
    expect(() => trafficLight(250, 1, 0.01, { yellowAt: 0.99, redAt: 0.95 })).toThrow(/redAt/);
    expect(() => trafficLight(250, 1, 0.01, { redAt: 1 })).toThrow(XmarginError);
  });
});
