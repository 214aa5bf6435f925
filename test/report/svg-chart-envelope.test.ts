import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineSeries, minMaxEnvelope, timeLine, type LinePoints } from '../../src/report/svg-chart.js';

/** The envelope written the obvious way: per bucket, the indices of its first low, first high and first gap. */
function referenceIndices(y: readonly number[], buckets: number): number[] {
  const n = y.length;
  const out = [0];
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const run: number[] = [];
    for (let i = 1 + Math.floor(b * size); i < 1 + Math.floor((b + 1) * size); i++) run.push(i);
    const finite = run.filter((i) => !Number.isNaN(y[i]));
    const picked = new Set<number>();
    if (finite.length) {
      picked.add(finite.reduce((m, i) => (y[i] < y[m] ? i : m)));
      picked.add(finite.reduce((m, i) => (y[i] > y[m] ? i : m)));
    }
    const gap = run.find((i) => Number.isNaN(y[i]));
    if (gap !== undefined) picked.add(gap);
    out.push(...[...picked].sort((p, q) => p - q));
  }
  out.push(n - 1);
  return out;
}

const points = (y: number[]): LinePoints => ({ x: Float64Array.from(y, (_, t) => 1000 * t), y: Float64Array.from(y) });

describe('minMaxEnvelope (chart downsampling)', () => {
  it('keeps short lines as they are', () => {
    const line = points([2, 3, NaN]);
    expect(minMaxEnvelope(line, 10)).toBe(line);
  });

  it('keeps exactly each bucket’s low, high and first gap, in time order, with both ends', () => {
    // Buckets of 3 over steps 1…9: [5, 1, 7] keeps 1 and 7; [NaN, 4, 4] keeps the gap and the first 4; [9, 2, 2] keeps 9, 2.
    const y = [3, 5, 1, 7, NaN, 4, 4, 9, 2, 2, 6];
    const out = minMaxEnvelope(points(y), 3);
    expect([...out.x].map((x) => x / 1000)).toEqual([0, 2, 3, 4, 5, 7, 8, 10]);
    expect([...out.y]).toEqual([3, 1, 7, NaN, 4, 9, 2, 6]);
  });

  it('agrees with the obvious per-bucket scan on random lines with gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { freq: 20 }), { minLength: 50, maxLength: 3000 }),
        fc.integer({ min: 5, max: 40 }),
        (values, buckets) => {
          const y = values.map((v) => v ?? NaN);
          const out = minMaxEnvelope(points(y), buckets);
          if (y.length <= 2 * buckets) return;
          const expected = referenceIndices(y, buckets);
          expect([...out.x]).toEqual(expected.map((i) => 1000 * i));
          expect([...out.y]).toEqual(expected.map((i) => y[i]));
          expect(out.x.length).toBeLessThanOrEqual(3 * buckets + 2);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('line series for ECharts', () => {
  it('timeLine takes steps from…to, scales them and turns non-finite values into gaps', () => {
    const time = Float64Array.from([10, 20, 30, 40]);
    const line = timeLine(time, Float64Array.from([1, Infinity, 3, 4]), 1, 3, 2);
    expect([...line.x]).toEqual([20, 30, 40]);
    expect([...line.y]).toEqual([NaN, 6, 8]);
  });

  it('lineSeries interleaves x and y into one typed array with two named dimensions', () => {
    const series = lineSeries('a', { x: Float64Array.from([1, 2]), y: Float64Array.from([5, NaN]) }, '#000') as { data: Float64Array; dimensions: unknown[] };
    expect(series.data).toBeInstanceOf(Float64Array);
    expect([...series.data]).toEqual([1, 5, 2, NaN]);
    expect(series.dimensions).toHaveLength(2);
  });
});
