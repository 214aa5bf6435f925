import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minMaxEnvelope } from '../../src/report/svg-chart.js';

describe('minMaxEnvelope (chart downsampling)', () => {
  it('keeps short series as they are', () => {
    const data = [[1, 2], [2, 3], [3, null]];
    expect(minMaxEnvelope(data, 10)).toBe(data);
  });

  it('keeps every extreme, the ends, the time order and the gaps of long series', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { freq: 20 }), { minLength: 50, maxLength: 3000 }), fc.integer({ min: 5, max: 40 }), (values, buckets) => {
        const data = values.map((v, t) => [t, v]);
        const out = minMaxEnvelope(data, buckets);
        if (data.length <= 2 * buckets) return;
        expect(out.length).toBeLessThanOrEqual(3 * buckets + 2);
        expect(out[0]).toBe(data[0]);
        expect(out[out.length - 1]).toBe(data[data.length - 1]);
        for (let k = 1; k < out.length; k++) expect(out[k][0]!).toBeGreaterThan(out[k - 1][0]!);
        const finite = values.filter((v): v is number => v !== null);
        const kept = out.map((p) => p[1]).filter((v): v is number => v !== null);
        if (finite.length) {
          expect(Math.max(...kept)).toBe(Math.max(...finite));
          expect(Math.min(...kept)).toBe(Math.min(...finite));
        }
        if (values.slice(1, -1).some((v) => v === null)) expect(out.some((p) => p[1] === null)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
