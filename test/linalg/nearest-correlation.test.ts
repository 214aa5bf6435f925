import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestCorrelation, symmetricEigen } from '../../src/index.js';
import { isValidCorrelation, normalSource, randomCorrelation } from './support.js';

/**
 * Reference for A = [[1,1,0],[1,1,1],[0,1,1]] (Higham 2002, §4, and widely quoted since): the nearest
 * correlation matrix is [[1,x,y],[x,1,x],[y,x,1]] ≈ [[1,0.7607,0.1573],[0.7607,1,0.7607],[0.1573,0.7607,1]].
 *
 * Independent derivation from the optimality condition (Higham 2002, Theorem 2.4 with W = I): X is the
 * nearest correlation matrix iff X = A + V·D·Vᵀ + diag(τ) with the columns of V spanning null(X) and D ≥ 0.
 * By the reversal symmetry of A, X = [[1,x,y],[x,1,x],[y,x,1]]. If X has rank 2 its null vector is
 * v = (1, q, 1): X·v = 0 gives q = −2x and y = 2x² − 1. Off the diagonal, X − A = d·v·vᵀ:
 *   (1,3): y − 0 = d·1        → d = y
 *   (1,2): x − 1 = d·q = −2x·y = −2x(2x² − 1)  → 4x³ − x − 1 = 0.
 * The cubic has one real root x = 0.76069..., so y = 2x² − 1 = 0.15729... and d = y ≥ 0 as required.
 * We solve the cubic by Newton's method below (to 1e-15) and compare.
 */
function higham2002Reference(): { x: number; y: number } {
  let x = 0.75;
  for (let k = 0; k < 50; k++) x -= (4 * x ** 3 - x - 1) / (12 * x ** 2 - 1);
  return { x, y: 2 * x * x - 1 };
}

describe('nearestCorrelation', () => {
  it("reproduces Higham 2002's 3×3 example (checked against the optimality conditions)", () => {
    const a = new Float64Array([1, 1, 0, 1, 1, 1, 0, 1, 1]);
    const { matrix, converged, distance } = nearestCorrelation(a, 3, { tolerance: 1e-12, maxIterations: 100_000 });
    const { x, y } = higham2002Reference();
    expect(x).toBeCloseTo(0.7607, 4); // the four digits quoted in the literature
    expect(y).toBeCloseTo(0.1573, 4);
    expect(converged).toBe(true);
    // Alternating projections converge linearly; 1e-12 relative stopping gives ~1e-9 on the entries.
    for (const [k, want] of [[1, x], [2, y], [3, x], [5, x], [6, y], [7, x]] as const) {
      expect(Math.abs(matrix[k] - want)).toBeLessThan(1e-8);
    }
    // Frobenius distance by hand: 4·(1−x)² + 2·y².
    expect(distance).toBeCloseTo(Math.sqrt(4 * (1 - x) ** 2 + 2 * y * y), 8);
    expect(isValidCorrelation(matrix, 3)).toBe(true);
  });

  it('returns a valid correlation matrix unchanged, with distance 0 and no iteration', () => {
    const c = randomCorrelation(6, 3, normalSource(11));
    const result = nearestCorrelation(c, 6);
    expect(result.distance).toBe(0);
    expect(result.iterations).toBe(0);
    expect(Array.from(result.matrix)).toEqual(Array.from(c));
  });

  it('always returns a symmetric, unit-diagonal PSD matrix no farther from the input than the identity is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer(), (n, seed) => {
        const next = normalSource(seed);
        // A symmetric "correlation-like" matrix with entries in [−1, 1]: usually indefinite.
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          a[i * n + i] = 1;
          for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = Math.tanh(next());
        }
        const { matrix, distance } = nearestCorrelation(a, n, { maxIterations: 5000 });
        expect(isValidCorrelation(matrix, n)).toBe(true);
        // The identity is a correlation matrix, so the nearest one is at most as far (up to convergence slack).
        let toIdentity = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) toIdentity += a[i * n + j] ** 2;
        expect(distance).toBeLessThanOrEqual(Math.sqrt(toIdentity) + 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('symmetrises a non-symmetric input and measures the distance from the input as given', () => {
    // Valid after symmetrisation: (0.4 + 0.6)/2 = 0.5; distance = √(0.1² + 0.1²).
    const result = nearestCorrelation(new Float64Array([1, 0.4, 0.6, 1]), 2);
    expect(result.matrix[1]).toBeCloseTo(0.5, 9);
    expect(result.distance).toBeCloseTo(Math.SQRT2 * 0.1, 9);
  });

  it('reports non-convergence when the iteration budget is too small, still returning a valid matrix', () => {
    const a = new Float64Array([1, 1, 0, 1, 1, 1, 0, 1, 1]);
    const result = nearestCorrelation(a, 3, { maxIterations: 2 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(2);
    expect(isValidCorrelation(result.matrix, 3)).toBe(true);
  });
});

describe('symmetricEigen', () => {
  it('returns ascending eigenvalues and orthonormal eigenvectors of a hand-checkable matrix', () => {
    // [[2,1],[1,2]]: eigenvalues 1 and 3, eigenvectors (1,−1)/√2 and (1,1)/√2.
    const { values, vectors } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[0 * 2 + 1])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0 * 2 + 0] * vectors[1 * 2 + 0]).toBeCloseTo(-0.5, 14);
  });
});
