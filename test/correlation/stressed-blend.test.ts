import { describe, expect, it } from 'vitest';
import { RollingCorrelationEstimator, StressedBlendEstimator, stressedCorrelationFromReturns } from '../../src/index.js';

describe('stressedCorrelationFromReturns', () => {
  it('is the Pearson correlation of the period’s rows only', () => {
    // Rows 2–5 of A and B are the last window of the rolling hand example: ρ = 6/√87.5; rows 0–1 are ignored.
    const a = Float64Array.from([9, -9, 3, 4, 2, 0, 7]);
    const b = Float64Array.from([-9, 9, 4, 3, 0, 1, 7]);
    const { correlation, volatility, rows } = stressedCorrelationFromReturns([a, b], 2, 6);
    expect(rows).toBe(4);
    expect(correlation[1]).toBeCloseTo(6 / Math.sqrt(87.5), 14);
    expect(volatility[0]).toBeCloseTo(Math.sqrt(8.75 / 3), 14);
    expect(() => stressedCorrelationFromReturns([a, b], 5, 6)).toThrow(/at least two rows/);
  });
});

describe('StressedBlendEstimator', () => {
  const stressed = new Float64Array([1, 0.9, 0.9, 1]);

  it('blends w·ρ_current + (1 − w)·ρ_stressed and takes volatility from the base', () => {
    // Base rolling(4) on the hand example rows 0–3: ρ_AB = 0.6 → 0.25·0.6 + 0.75·0.9 = 0.825.
    const blend = new StressedBlendEstimator(new RollingCorrelationEstimator(2, 4), stressed, 0.25, { stressName: 'lehman' });
    for (const row of [[1, 2], [2, 1], [3, 4], [4, 3]]) blend.update(row);
    expect(blend.ready()).toBe(true);
    const e = blend.estimate();
    expect(e.correlation[1]).toBeCloseTo(0.825, 14);
    expect(e.volatility[0]).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(blend.label).toBe('stressed(0.25·rolling(4) + 0.75·lehman)');
  });

  it('floors volatility at the stressed volatility when one is given', () => {
    const blend = new StressedBlendEstimator(new RollingCorrelationEstimator(2, 4), stressed, 0.5, {
      stressedVolatility: new Float64Array([10, 0]),
    });
    for (const row of [[1, 2], [2, 1], [3, 4], [4, 3]]) blend.update(row);
    const e = blend.estimate();
    expect(e.volatility[0]).toBe(10);
    expect(e.volatility[1]).toBeCloseTo(Math.sqrt(5 / 3), 14);
  });

  it('repairs an invalid stressed matrix once, at construction, and records the distance', () => {
    const invalid = new Float64Array([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]);
    const blend = new StressedBlendEstimator(new RollingCorrelationEstimator(3, 4), invalid, 0.5);
    expect(blend.stressedRepairDistance).toBeGreaterThan(0);
    expect(() => new StressedBlendEstimator(new RollingCorrelationEstimator(3, 4), invalid, 1.5)).toThrow(
      /weight: expected a number in \[0, 1\], got 1.5/,
    );
    expect(() => new StressedBlendEstimator(new RollingCorrelationEstimator(2, 4), new Float64Array([1, NaN, 0.5, 1]), 0.5)).toThrow(
      /entry \[0\]\[1\] is NaN; expected a finite number/,
    );
  });
});
