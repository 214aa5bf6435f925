import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cumulativeStdNormalProbability } from 'simple-statistics';
import { normalQuantile } from '../../src/core/normal-quantile.js';

describe('normalQuantile (AS 241)', () => {
  // Reference values: R 4.x `qnorm(p)` printed with digits = 16 (R's qnorm is itself AS 241).
  const table: [number, number][] = [
    [0.5, 0],
    [0.9, 1.281551565544601],
    [0.95, 1.644853626951472],
    [0.975, 1.959963984540054],
    [0.99, 2.326347874040841],
    [0.995, 2.575829303548901],
    [0.999, 3.090232306167813],
    [1e-10, -6.361340902404056],
    [0.01, -2.326347874040841],
  ];
  it.each(table)('Φ⁻¹(%s) = %s to 1e-13', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-13);
  });

  it('is antisymmetric and increasing', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (a, b) => {
        expect(normalQuantile(a) + normalQuantile(1 - a)).toBeCloseTo(0, 8);
        if (a < b) expect(normalQuantile(a)).toBeLessThanOrEqual(normalQuantile(b));
      }),
    );
  });

  it('inverts the normal CDF (simple-statistics table, 4 decimals)', () => {
    for (const z of [-2, -1, 0.5, 1.5, 2.5]) expect(normalQuantile(cumulativeStdNormalProbability(z))).toBeCloseTo(z, 2);
  });

  it('maps the ends to ±Infinity and nonsense to NaN', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
