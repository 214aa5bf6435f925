import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minMaxEnvelope, renderTimeChart, timeLine, type LinePoints, type TimeChart } from '../../src/report/time-chart.js';

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

describe('timeLine', () => {
  it('takes steps from…to, scales them and turns non-finite values into gaps', () => {
    const time = Float64Array.from([10, 20, 30, 40]);
    const line = timeLine(time, Float64Array.from([1, Infinity, 3, 4]), 1, 3, 2);
    expect([...line.x]).toEqual([20, 30, 40]);
    expect([...line.y]).toEqual([NaN, 6, 8]);
  });
});

const DAY = 86_400_000;
const JAN_1998 = Date.UTC(1998, 0, 1);

/** A chart of `days` daily points from 1 Jan 1998 with the given values per line. */
function chart(lines: number[][], extra: Partial<TimeChart> = {}): TimeChart {
  const days = lines[0].length;
  const x = Float64Array.from({ length: days }, (_, t) => JAN_1998 + t * DAY);
  return {
    title: 'A & B <test>',
    width: 470,
    height: 260,
    from: x[0],
    to: x[days - 1],
    marks: lines.map((y, k) => ({ kind: 'line' as const, name: `line ${k}`, points: { x, y: Float64Array.from(y) }, colour: '#000' })),
    ...extra,
  };
}

/** The points of a line's path in px, as [x, y] pairs, split into runs at each `M` (lines are drawn at scale 0.1). */
function runs(d: string): number[][][] {
  return d.split('M').filter(Boolean).map((run) => run.split('L').map((p) => p.split(',').map((v) => Number(v) / 10)));
}

function paths(svg: string): string[] {
  return [...svg.matchAll(/<path transform="scale\(0.1\)" d="(M[^"]*)" fill="none"/g)].map((m) => m[1]);
}

describe('renderTimeChart', () => {
  it('maps time and value onto the plot: the first point at the left edge, the larger value higher', () => {
    const svg = renderTimeChart(chart([[0, 10, 20, 30, 40]]));
    const [run] = runs(paths(svg)[0]);
    expect(run).toHaveLength(5);
    // Plot from x = 64 to 470 − 20 = 450; the first point on the left edge, the last on the right.
    expect(run[0][0]).toBe(64);
    expect(run[4][0]).toBe(450);
    // Equal spacing in time gives equal spacing in x (to the 0.1 px of the path's digits).
    expect(run[2][0]).toBeCloseTo(257, 0);
    // Values increase upwards, linearly.
    for (let i = 1; i < 5; i++) expect(run[i][1]).toBeLessThan(run[i - 1][1]);
    expect(run[0][1] - run[2][1]).toBeCloseTo(run[2][1] - run[4][1], 0);
  });

  it('breaks a line at a gap (NaN) instead of joining across it', () => {
    const svg = renderTimeChart(chart([[1, 2, NaN, 4, 5]]));
    expect(runs(paths(svg)[0]).map((r) => r.length)).toEqual([2, 2]);
  });

  it('labels the value axis with nice ticks covering the data, formatted', () => {
    const svg = renderTimeChart(chart([[1_200_000, 1_900_000, 1_450_000]]));
    const labels = [...svg.matchAll(/text-anchor="end" fill="#555">([^<]*)</g)].map((m) => m[1]);
    expect(labels[0]).toBe('1.2M');
    expect(labels[labels.length - 1]).toBe('1.9M');
  });

  it('uses fixed bounds and steps when given (correlation charts), without rounding error', () => {
    const svg = renderTimeChart(chart([[0.2, 0.5, 0.9]], { fixed: { min: -0.6, max: 1, step: 0.2 }, format: (v) => v.toFixed(1) }));
    const labels = [...svg.matchAll(/text-anchor="end" fill="#555">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['-0.6', '-0.4', '-0.2', '0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('labels the time axis at year, month or day boundaries', () => {
    const threeYears = Array.from({ length: 3 * 365 }, (_, t) => Math.sin(t / 30));
    const labels = [...renderTimeChart(chart([threeYears])).matchAll(/text-anchor="middle" fill="#555">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toContain('1999');
    expect(labels.every((l) => /^(\d{4}|[A-Z][a-z]{2})$/.test(l))).toBe(true);
    const sixWeeks = renderTimeChart(chart([Array.from({ length: 42 }, (_, t) => t)]));
    const short = [...sixWeeks.matchAll(/text-anchor="middle" fill="#555">([^<]*)</g)].map((m) => m[1]);
    expect(short.some((l) => /^[A-Z][a-z]{2} \d+$/.test(l))).toBe(true);
  });

  it('draws markers, shaded ranges and a legend entry per mark, and escapes every text', () => {
    const svg = renderTimeChart(
      chart([[1, 2, 3, 4]], {
        marks: [
          { kind: 'line', name: 'A<B', points: { x: Float64Array.from([0, 1, 2, 3], (t) => JAN_1998 + t * DAY), y: Float64Array.from([1, 2, 3, 4]) }, colour: '#000' },
          { kind: 'markers', name: 'hit "x"', points: [[JAN_1998 + DAY, 2]], colour: '#c62828', symbol: 'triangle', size: 11 },
        ],
        bands: { ranges: [[JAN_1998 - 10 * DAY, JAN_1998 + DAY]], colour: '#d55e00', opacity: 0.22 },
      }),
    );
    expect(svg).toContain('aria-label="A &amp; B &lt;test&gt;"');
    expect(svg).toContain('>A&lt;B</text>');
    expect(svg).toContain('>hit &quot;x&quot;</text>');
    expect(svg).not.toMatch(/<[^>]*"[^"=]*"[^ >/=]/); // no attribute broken by a quote in its value
    // The band starts before the axis, so it is clamped to the plot's left edge.
    expect(svg).toMatch(/<rect x="64" /);
    expect(svg.match(/<g fill="#c62828">/g)).toHaveLength(2); // the marker and its legend symbol
  });

  it('draws degenerate input with finite coordinates: one point, a flat line, a line of gaps only', () => {
    for (const lines of [[[5]], [[3, 3, 3]], [[NaN, NaN]], [[0, 0]]]) {
      const svg = renderTimeChart(chart(lines));
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(svg.match(/<text /g)!.length).toBeGreaterThan(2);
    }
  });

  it('wraps a long legend onto a second row and moves the plot down', () => {
    const many = Array.from({ length: 10 }, () => [1, 2, 3]);
    const one = renderTimeChart(chart([[1, 2, 3]]));
    const ten = renderTimeChart(chart(many, { width: 470 }));
    const top = (svg: string) => Math.min(...[...svg.matchAll(/<path d="M64 ([\d.]+)H450"/g)].map((m) => Number(m[1])));
    expect(top(ten)).toBeGreaterThan(top(one));
  });

  it('samples a long line to at most three points per pixel column of the plot', () => {
    const long = Array.from({ length: 2600 }, (_, t) => Math.sin(t / 7) + t / 100);
    const [run] = runs(paths(renderTimeChart(chart([long])))[0]);
    expect(run.length).toBeLessThanOrEqual(3 * (450 - 64) + 2);
    expect(run.length).toBeGreaterThan(450 - 64);
  });
});

describe('renderTimeChart, log scale and shared domain', () => {
  const base: Omit<TimeChart, 'marks'> = { title: 'log', width: 600, height: 300, from: 0, to: 4000 };
  const labels = (svg: string) => [...svg.matchAll(/text-anchor="end" fill="#555">([^<]+)</g)].map((m) => m[1]);

  it('ticks at 1-2-5 per decade, and at 1, 1.5, 2, 3, 5, 7 when the range is narrow (rebased prices 52–152)', () => {
    const wide = renderTimeChart({ ...base, log: true, format: (x) => String(Math.round(x)), marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([1, 30, 700, 40, 1000]) }] });
    expect(labels(wide)).toEqual(['1', '2', '5', '10', '20', '50', '100', '200', '500', '1000']);
    const narrow = renderTimeChart({ ...base, log: true, format: (x) => String(Math.round(x)), marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([52, 100, 152, 80, 60]) }] });
    expect(labels(narrow)).toEqual(['70', '100', '150']);
  });

  it('over many decades labels powers of ten only, at most 8 (a coverage ratio from 0.5× to 10⁷×)', () => {
    const svg = renderTimeChart({ ...base, log: true, format: (x) => String(x), marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([0.5, 3, 1e7, 40, 2]) }] });
    const shown = labels(svg).map(Number);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.length).toBeLessThanOrEqual(8);
    for (const v of shown) expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 9);
    expect(shown).toContain(1);
  });

  it('draws equal ratios at equal heights, and leaves non-positive values out (gaps)', () => {
    // 10 → 100 → 1000: two equal steps in log10, so the three points are evenly spaced vertically.
    const svg = renderTimeChart({ ...base, log: true, marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([10, 100, 1000, 0, -5]) }] });
    const d = svg.match(/<path transform="scale\(0\.1\)" d="([^"]+)"/)![1];
    const ys = [...d.matchAll(/[ML]\d+,(\d+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    expect(Math.abs(ys[0] - ys[1] - (ys[1] - ys[2]))).toBeLessThanOrEqual(1);
  });

  it('scales to a given domain instead of the data (charts sharing one scale)', () => {
    const own = renderTimeChart({ ...base, marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([10, 20, 30, 40, 50]) }] });
    const shared = renderTimeChart({ ...base, domain: [0, 1000], marks: [{ kind: 'line', name: 'p', colour: '#000', points: points([10, 20, 30, 40, 50]) }] });
    expect(labels(own).at(-1)).toBe('50');
    expect(labels(shared).at(-1)).toBe('1k');
  });
});
