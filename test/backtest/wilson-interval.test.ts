import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XmarginError, normalQuantile, wilsonInterval } from '../../src/index.js';

/**
 * Reference values: R's `prop.test(x, n, correct = FALSE)` (the Wilson score interval without continuity
 * correction) as recorded in the test snapshots of insightsengineering/cards,
 * tests/testthat/_snaps/proportion_ci.md (commit 1242f780e0, read 2026-12-06), published to 7 digits.
 */
describe('wilsonInterval', () => {
  it.each([
    [5, 10, 0.9, 0.2692718, 0.7307282],
    [32, 32, 0.95, 0.8928208, 1],
    [0, 32, 0.95, 0, 0.1071792],
  ])('%d of %d at %d: [%d, %d] (R prop.test, correct = FALSE)', (x, n, confidence, lower, upper) => {
    const interval = wilsonInterval(x, n, confidence);
    expect(Math.abs(interval.lower - lower)).toBeLessThan(5e-8);
    expect(Math.abs(interval.upper - upper)).toBeLessThan(5e-8);
  });

  it('by hand: 0 of n has upper bound z²/(n + z²) (the centre and half-width coincide)', () => {
    const z = normalQuantile(0.975);
    expect(wilsonInterval(0, 2000).upper).toBeCloseTo((z * z) / (2000 + z * z), 15);
    expect(wilsonInterval(0, 2000).lower).toBe(0);
  });

  it('contains p̂, stays in [0, 1], and is symmetric under x → n − x', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, u) => {
        const x = Math.floor(u * n);
        const a = wilsonInterval(x, n);
        const b = wilsonInterval(n - x, n);
        expect(a.lower).toBeGreaterThanOrEqual(0);
        expect(a.upper).toBeLessThanOrEqual(1);
        expect(a.lower).toBeLessThanOrEqual(x / n + 1e-12);
        expect(a.upper).toBeGreaterThanOrEqual(x / n - 1e-12);
        expect(a.lower).toBeCloseTo(1 - b.upper, 12);
      }),
    );
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(XmarginError);
    expect(() => wilsonInterval(1, 0)).toThrow(XmarginError);
  });
});
