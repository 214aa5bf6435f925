import { describe, expect, it } from 'vitest';
import { exceedanceSeverity, XmarginError } from '../../src/index.js';

describe('exceedanceSeverity', () => {
  it('measures the shortfall over the exceedances only, absolute and relative to the requirement', () => {
    const losses = Float64Array.from([5, 12, 3, 30, 9]);
    const requirements = Float64Array.from([10, 10, 10, 20, 10]);
    const hits = [0, 1, 0, 1, 0];
    // Shortfalls at t = 1 and 3: 12 − 10 = 2 and 30 − 20 = 10; ratios 2/10 = 0.2 and 10/20 = 0.5.
    expect(exceedanceSeverity(losses, requirements, hits)).toEqual({
      count: 2,
      largest: 10,
      mean: 6,
      largestRatio: 0.5,
      meanRatio: 0.35,
    });
  });

  it('is all zeros with no exceedances, and leaves R = 0 out of the ratios only', () => {
    expect(exceedanceSeverity([1, 2], [3, 4], [0, 0])).toEqual({
      count: 0,
      largest: 0,
      mean: 0,
      largestRatio: 0,
      meanRatio: 0,
    });
    // t = 0: R = 0, shortfall 4 (no ratio); t = 1: shortfall 1, ratio 1/4.
    expect(exceedanceSeverity([4, 5], [0, 4], [1, 1])).toEqual({
      count: 2,
      largest: 4,
      mean: 2.5,
      largestRatio: 0.25,
      meanRatio: 0.25,
    });
  });

  it('ignores non-finite values away from exceedances but rejects them at one, naming the step', () => {
    expect(exceedanceSeverity([NaN, 3], [1, 1], [0, 1]).largest).toBe(2);
    expect(() => exceedanceSeverity([NaN, 3], [1, 1], [1, 1])).toThrow(/losses\[0\]/);
    expect(() => exceedanceSeverity([1, 3], [1, Infinity], [1, 1])).toThrow(/requirements\[1\]/);
    expect(() => exceedanceSeverity([1], [1, 1], [1, 1])).toThrow(XmarginError);
  });
});
