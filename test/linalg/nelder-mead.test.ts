import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/index.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    // f(x, y) = (1 − x)² + 100·(y − x²)²: global minimum 0 at (1, 1) (Rosenbrock 1960).
    const result = nelderMead((p) => (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, [-1.2, 1], {
      tolerance: 1e-10,
      maxIterations: 5000,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.value).toBeLessThan(1e-8);
  });

  it('treats a non-finite value as +∞ (constraints by returning NaN)', () => {
    // Minimise (x − 2)² subject to x ≤ 1: the constrained minimum is at the boundary x = 1.
    const result = nelderMead((p) => (p[0] > 1 ? NaN : (p[0] - 2) ** 2), [0], { tolerance: 1e-10 });
    expect(result.x[0]).toBeCloseTo(1, 4);
  });

  it('stops at maxIterations and says it did not converge', () => {
    const result = nelderMead((p) => p[0] ** 2 + p[1] ** 2, [5, 5], { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
  });
});
