import { describe, expect, it } from 'vitest';
import { gridSearchMaximum } from '../../src/index.js';

const nodes = (from: number, to: number, n: number) => Float64Array.from({ length: n + 1 }, (_, k) => from + ((to - from) * k) / n);

describe('gridSearchMaximum', () => {
  it('finds the higher of two peaks to 1e-9, wherever its grid node falls', () => {
    // Two Gaussian bumps: height 1 at (0.3, 0.7) and 1.2 at (0.71234, 0.1789); with width 0.05 neither peak sits
    // on a node of the 0.05-spaced grid, and the other bump adds < 1e-30 at each peak, so the maximum is 1.2.
    const bump = (x: number, y: number, cx: number, cy: number) => Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 0.05 ** 2));
    const f = (x: number, y: number) => bump(x, y, 0.3, 0.7) + 1.2 * bump(x, y, 0.71234, 0.1789);
    const result = gridSearchMaximum(f, nodes(0, 1, 20), nodes(0, 1, 20));
    expect(result.value).toBeCloseTo(1.2, 9);
    expect(result.x).toBeCloseTo(0.71234, 4);
    expect(result.y).toBeCloseTo(0.1789, 4);
    expect(result.grid).toBeLessThan(result.value);
  });

  it('finds a maximum on the edge of the box', () => {
    // f = −(x − 1.3)² − (y − 0.4)² on [0, 1]²: maximum at (1, 0.4), value −0.09.
    const result = gridSearchMaximum((x, y) => -((x - 1.3) ** 2) - (y - 0.4) ** 2, nodes(0, 1, 7), nodes(0, 1, 7));
    expect(result.x).toBe(1);
    expect(result.y).toBeCloseTo(0.4, 6); // f is flat to rounding within ~1e-8 of the peak
    expect(result.value).toBeCloseTo(-0.09, 12);
  });
});
