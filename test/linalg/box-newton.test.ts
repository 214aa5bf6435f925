import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxNewton } from '../../src/index.js';

describe('boxNewton', () => {
  it('finds the interior minimum of a convex quadratic', () => {
    // f = (x − 1)² + 10·(y + 0.5)² + 2·(x − 1)·(y + 0.5): gradient zero at (1, −0.5), Hessian [[2, 2], [2, 20]]
    // positive definite (det 36), so that is the unique minimum, value 0.
    const f = (p: Float64Array) => (p[0] - 1) ** 2 + 10 * (p[1] + 0.5) ** 2 + 2 * (p[0] - 1) * (p[1] + 0.5);
    const result = boxNewton(f, [3, 2], [-5, -5], [5, 5]);
    expect(result.converged).toBe(true);
    expect(Array.from(result.bound)).toEqual([0, 0]);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(-0.5, 6);
    expect(result.value).toBeLessThan(1e-10);
  });

  it('stops on a bound with the gradient pushing out, and says which', () => {
    // min (x − 2)² + (y − 0.3)² over [0, 1]²: x is held at its upper bound 1 (∂f/∂x = −2 < 0 there), y = 0.3.
    const result = boxNewton((p) => (p[0] - 2) ** 2 + (p[1] - 0.3) ** 2, [0.2, 0.9], [0, 0], [1, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBe(1);
    expect(result.x[1]).toBeCloseTo(0.3, 7);
    expect(Array.from(result.bound)).toEqual([1, 0]);
    expect(result.value).toBeCloseTo(1, 10);
  });

  it('reaches the Rosenbrock minimum (1, 1) inside [−2, 2]²', () => {
    // f = (1 − x)² + 100·(y − x²)² (Rosenbrock 1960): global minimum 0 at (1, 1).
    const result = boxNewton((p) => (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, [-1.2, 1], [-2, -2], [2, 2], {
      tolerance: 1e-12,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('does not call a saddle point converged', () => {
    // f = x² − y² has zero gradient at the origin but falls along y: first order holds, second order fails.
    const result = boxNewton((p) => p[0] ** 2 - p[1] ** 2, [0, 0], [-1, -1], [1, 1], { maxIterations: 0 });
    expect(result.optimality).toBeLessThan(1e-7);
    expect(result.converged).toBe(false);
  });

  it('says it did not converge when it runs out of iterations or meets non-finite values', () => {
    const slow = boxNewton((p) => (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, [-1.2, 1], [-2, -2], [2, 2], { maxIterations: 2 });
    expect(slow.converged).toBe(false);
    expect(slow.iterations).toBe(2);
    const undefinedAtStart = boxNewton(() => NaN, [0.5], [0], [1]);
    expect(undefinedAtStart.converged).toBe(false);
  });

  it('property: the minimum of a separable quadratic over a box is its projection onto the box', () => {
    // min Σ w_k·(x_k − c_k)² over [l, u] is x_k = clamp(c_k, l_k, u_k), exactly (each term alone).
    const coordinate = fc.record({
      c: fc.double({ min: -3, max: 3, noNaN: true }),
      w: fc.double({ min: 0.1, max: 100, noNaN: true }),
      l: fc.double({ min: -2, max: 0, noNaN: true }),
      width: fc.double({ min: 0.5, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(coordinate, { minLength: 1, maxLength: 3 }), (terms) => {
        // Keep c clear of the bounds, where the sign of the gradient there is a matter of rounding.
        fc.pre(terms.every((t) => Math.abs(t.c - t.l) > 1e-3 && Math.abs(t.c - t.l - t.width) > 1e-3));
        const lower = terms.map((t) => t.l);
        const upper = terms.map((t) => t.l + t.width);
        const f = (x: Float64Array) => terms.reduce((s, t, k) => s + t.w * (x[k] - t.c) ** 2, 0);
        const start = terms.map((t) => t.l + t.width / 3);
        const result = boxNewton(f, start, lower, upper);
        expect(result.converged).toBe(true);
        terms.forEach((t, k) => {
          const expected = Math.min(upper[k], Math.max(lower[k], t.c));
          expect(Math.abs(result.x[k] - expected)).toBeLessThan(1e-6);
          expect(result.bound[k]).toBe(t.c < lower[k] ? -1 : t.c > upper[k] ? 1 : 0);
        });
      }),
      { numRuns: 100, seed: 21 },
    );
  });
});
