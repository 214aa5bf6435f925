import { describe, expect, it } from 'vitest';
import { ensureValidCorrelation, nearestCorrelation } from '../../src/index.js';
import { isValidCorrelation } from './support.js';

describe('ensureValidCorrelation', () => {
  it('leaves a valid matrix alone (distance 0) after rounding-level symmetrisation and unit diagonal', () => {
    const a = new Float64Array([1 + 1e-16, 0.5, 0.5000000000000001, 1]);
    expect(ensureValidCorrelation(a, 2)).toBe(0);
    expect(a[1]).toBe(a[2]);
    expect(a[1]).toBeCloseTo(0.5, 15);
    expect([a[0], a[3]]).toEqual([1, 1]);
  });

  it('accepts a rank-deficient matrix (identical assets) without repair', () => {
    const a = new Float64Array([1, 1, 0.3, 1, 1, 0.3, 0.3, 0.3, 1]);
    expect(ensureValidCorrelation(a, 3)).toBe(0);
  });

  it('repairs an indefinite matrix to its nearest correlation matrix and returns the distance moved', () => {
    // ρ12 = ρ23 = 0.9, ρ13 = −0.9 is not PSD (det = 1 − 3·0.81 − 2·0.729 < 0).
    const raw = new Float64Array([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]);
    const reference = nearestCorrelation(raw, 3);
    const a = Float64Array.from(raw);
    const distance = ensureValidCorrelation(a, 3);
    expect(distance).toBeGreaterThan(0);
    expect(distance).toBeCloseTo(reference.distance, 12);
    expect(isValidCorrelation(a, 3)).toBe(true);
  });
});
