import { describe, expect, it } from 'vitest';
import { correlationForecastError, XmarginError } from '../../src/index.js';

describe('correlationForecastError', () => {
  it('is the Frobenius distance of the off-diagonal parts, each pair counted in both triangles', () => {
    // Estimated ρ12 = 0.8, realised −0.2 (a correlation breakdown), ρ13, ρ23 unchanged at 0.1 and 0.3.
    // Off-diagonal differences: ±1.0 twice, 0 four times → √(1 + 1) = √2.
    const estimate = Float64Array.from([1, 0.8, 0.1, 0.8, 1, 0.3, 0.1, 0.3, 1]);
    const realised = Float64Array.from([1, -0.2, 0.1, -0.2, 1, 0.3, 0.1, 0.3, 1]);
    expect(correlationForecastError(estimate, realised, 3)).toBeCloseTo(Math.SQRT2, 15);
    expect(correlationForecastError(estimate, estimate, 3)).toBe(0);
  });

  it('does not count the diagonal', () => {
    // Diagonals differ (an unrepaired estimate); off-diagonals agree → 0.
    expect(correlationForecastError([2, 0.5, 0.5, 2], [1, 0.5, 0.5, 1], 2)).toBe(0);
    expect(correlationForecastError([1], [1], 1)).toBe(0);
  });

  it('rejects a wrong size or a non-finite correlation, naming the matrix and entry', () => {
    expect(() => correlationForecastError([1, 0, 0, 1], [1, 0, 0], 2)).toThrow(/realised/);
    expect(() => correlationForecastError([1, NaN, 0, 1], [1, 0, 0, 1], 2)).toThrow(/estimate\[1\]/);
    expect(() => correlationForecastError([1, 0, 0, 1], [1, 0, 0, 1], 0)).toThrow(XmarginError);
  });
});
