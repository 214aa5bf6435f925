import { describe, expect, it } from 'vitest';
import { procyclicality, XmarginError } from '../../src/index.js';

describe('procyclicality', () => {
  it('gives the peak-to-trough ratio and the largest increase over the window, with where it ended', () => {
    //                    t:   0    1    2    3    4    5    6
    const r = Float64Array.from([100, 90, 80, 120, 200, 150, 100]);
    // Peak 200, trough 80 → 2.5. Window 2: R_{t+2}/R_t − 1 = 80/100, 120/90, 200/80, 150/120, 100/200 − 1
    // = −0.2, 0.333, 1.5, 0.25, −0.5 → largest 1.5, from t = 2 to t = 4.
    expect(procyclicality(r, { window: 2 })).toEqual({ peakToTrough: 2.5, largestIncrease: 1.5, largestIncreaseAt: 4 });
    // Window 1: 90/100, 80/90, 120/80, 200/120, 150/200, 100/150 → largest 200/120 − 1 = 2/3 ending at t = 4.
    const one = procyclicality(r, { window: 1 });
    expect(one.largestIncrease).toBeCloseTo(2 / 3, 15);
    expect(one.largestIncreaseAt).toBe(4);
  });

  it('leaves flat-book steps (R = 0) out of the trough and as a window start', () => {
    const r = Float64Array.from([0, 50, 100, 0, 75]);
    // Trough over R > 0 is 50 → 100/50 = 2. Window 1 from t with R_t > 0: 100/50 − 1 = 1 (ends t = 2),
    // 0/100 − 1 = −1; t = 0 and t = 3 are skipped.
    expect(procyclicality(r, { window: 1 })).toEqual({ peakToTrough: 2, largestIncrease: 1, largestIncreaseAt: 2 });
  });

  it('reports a fall as a negative largest increase, and NaN when nothing can be measured', () => {
    expect(procyclicality([4, 2, 1], { window: 1 }).largestIncrease).toBeCloseTo(-0.5, 15);
    const short = procyclicality([3, 4], { window: 5 });
    expect(short.largestIncrease).toBeNaN();
    expect(short.largestIncreaseAt).toBe(-1);
    expect(short.peakToTrough).toBeCloseTo(4 / 3, 15);
    expect(procyclicality([0, 0], { window: 1 }).peakToTrough).toBeNaN();
  });

  it('rejects negative or non-finite requirements and a bad window', () => {
    expect(() => procyclicality([1, -1], { window: 1 })).toThrow(/requirement\[1\]/);
    expect(() => procyclicality([1, NaN], { window: 1 })).toThrow(/requirement\[1\]/);
    expect(() => procyclicality([1, 2], { window: 0 })).toThrow(XmarginError);
  });
});
