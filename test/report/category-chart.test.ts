import { describe, expect, it } from 'vitest';
import { renderBarChart, renderFanChart, renderScatterChart, type BarChart, type FanRow } from '../../src/report/category-chart.js';

/** Bars as {x, y, width, height} in px, in document order. */
function bars(svg: string): { x: number; y: number; width: number; height: number; title: string }[] {
  return [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" fill="[^"]+"><title>([^<]*)<\/title>/g)].map((m) => ({
    x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), title: m[5],
  }));
}

/** Value-axis labels, bottom to top. */
function yLabels(svg: string): string[] {
  return [...svg.matchAll(/text-anchor="end" fill="#555">([^<]*)</g)].map((m) => m[1]);
}

/** Every tag's attributes are well formed and no coordinate is NaN or infinite. */
function expectClean(svg: string): void {
  expect(svg).not.toMatch(/NaN|Infinity/);
  for (const tag of svg.match(/<[^>]+>/g)!) expect(tag).not.toMatch(/="[^"]*"[^\s/>]/);
}

const twoRuns: BarChart = {
  title: 'Liquidations <per> mode',
  width: 600,
  height: 300,
  categories: ['isolated', 'cross', 'portfolio'],
  axis: { integer: true, format: (x) => String(x) },
  series: [
    { name: 'run A', colour: '#111', values: [4, 2, null] },
    { name: 'run "B"', colour: '#222', values: [1, 0, 3] },
  ],
};

describe('renderBarChart', () => {
  it('draws one bar per finite value, heights proportional to the values, side by side within a category', () => {
    const svg = renderBarChart(twoRuns);
    expectClean(svg);
    const drawn = bars(svg);
    // null draws nothing and 0 has no height: A·isolated, B·isolated, A·cross, B·portfolio.
    expect(drawn.map((b) => b.title)).toEqual(['run A · isolated: 4', 'run &quot;B&quot; · isolated: 1', 'run A · cross: 2', 'run &quot;B&quot; · portfolio: 3']);
    const [a4, b1, a2, b3] = drawn;
    expect(a4.height / b1.height).toBeCloseTo(4, 1);
    expect(a4.height / a2.height).toBeCloseTo(2, 1);
    expect(b3.height / b1.height).toBeCloseTo(3, 1);
    // Bars stand on the same baseline; the two of a category are adjacent, not overlapping.
    for (const b of drawn) expect(b.y + b.height).toBeCloseTo(a4.y + a4.height, 0);
    expect(b1.x).toBeGreaterThanOrEqual(a4.x + a4.width);
    expect(a2.x).toBeGreaterThan(b1.x + b1.width + 20);
  });

  it('gives counts whole-number ticks from zero', () => {
    const labels = yLabels(renderBarChart(twoRuns));
    expect(labels[0]).toBe('0');
    expect(labels.every((l) => Number.isInteger(Number(l)))).toBe(true);
    expect(Number(labels[labels.length - 1])).toBeGreaterThanOrEqual(4);
  });

  it('stacks series when asked: each bar starts where the one below ends', () => {
    const svg = renderBarChart({ ...twoRuns, stacked: true, series: [{ name: 'a', colour: '#1', values: [3, 1, 0] }, { name: 'b', colour: '#2', values: [2, 0, 5] }] });
    const [a3, b2] = bars(svg);
    expect(b2.x).toBe(a3.x);
    expect(b2.y + b2.height).toBeCloseTo(a3.y, 0);
    expect(a3.height / b2.height).toBeCloseTo(1.5, 1);
  });

  it('shortens a category label wider than its band and keeps the full name on hover, escaped', () => {
    const long = 'reports/a-very-long-run-folder-name/<x>';
    const svg = renderBarChart({ ...twoRuns, width: 300, categories: [long, 'b', 'c'] });
    expectClean(svg);
    expect(svg).toContain(`<title>${long.replace('<', '&lt;').replace('>', '&gt;')}</title>`);
    expect(svg).toMatch(/>reports[^<]*…</);
  });
});

const row = (name: string, base: number): FanRow => ({ name, min: base - 50, p05: base - 20, p50: base, p95: base + 20, p99: base + 30, max: base + 40, mean: base + 5 });

describe('renderFanChart', () => {
  it('draws one row per distribution, first on top, with min < 5% < median < 95% < max left to right', () => {
    const svg = renderFanChart({ title: 'Final equity', width: 800, colour: '#0868ac', rows: [row('isolated', 100), row('cross', 200)], reference: { label: 'capital', value: 150 } });
    expectClean(svg);
    const names = [...svg.matchAll(/text-anchor="end" fill="#333">([^<]*)</g)].map((m) => m[1]);
    expect(names).toEqual(['isolated', 'cross']);
    const ys = [...svg.matchAll(/text-anchor="end" fill="#333">/g)].map((m) => Number(svg.slice(0, m.index).match(/y="([\d.]+)"[^<]*$/)![1]));
    expect(ys[0]).toBeLessThan(ys[1]);
    const boxes = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="#d6e6f4"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes).toHaveLength(3); // two rows, then the legend's box
    boxes.pop();
    // Same spread, shifted by 100: same box width, the second box 100 units to the right.
    expect(boxes[0][1]).toBeCloseTo(boxes[1][1], 0);
    expect(boxes[1][0]).toBeGreaterThan(boxes[0][0] + boxes[0][1]);
    // The reference line sits between the two medians, labelled.
    expect(svg).toMatch(/stroke-dasharray="5 3"/);
    expect(svg).toContain('>capital</text>');
  });

  it('skips a row whose quantiles are missing (null in result.json) without NaN', () => {
    const broken = { ...row('empty', 0), p05: null as unknown as number };
    const svg = renderFanChart({ title: 't', width: 600, colour: '#000', rows: [row('ok', 10), broken], reference: null });
    expectClean(svg);
    expect(svg.match(/fill="#d6e6f4"/g)).toHaveLength(2); // the one box and the legend's
  });
});

describe('renderScatterChart', () => {
  const chart = {
    title: 'Efficiency & risk',
    width: 600,
    height: 320,
    x: { fixed: { min: 0, max: 1, step: 0.25 }, format: (v: number) => `${v * 100}%` },
    y: { includeZero: true, name: 'rate' },
    series: [
      { name: 'run A', colour: '#111', size: 10, points: [{ x: 0.5, y: 0.01, label: 'cross' }, { x: 0.99, y: 0.02, label: 'portfolio <hs>' }] },
      { name: 'front', colour: '#c00', size: 8, line: true, labelPosition: 'top' as const, points: [{ x: 0, y: 0.005, label: 'left-edge label' }, { x: 0.25, y: 0 }] },
    ],
    references: [{ axis: 'y' as const, value: 0.01, label: 'expected' }],
  };

  it('places points on fixed and nice axes, draws the reference line and joins a line series in order', () => {
    const svg = renderScatterChart(chart);
    expectClean(svg);
    expect([...svg.matchAll(/text-anchor="middle" fill="#555">([^<]*)</g)].map((m) => m[1])).toEqual(['0%', '25%', '50%', '75%', '100%', 'rate']);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Legend circles come last; the first two are run A's points: x 0.5 → 1/2 across, x 0.99 → near the right.
    const [[x1, y1], [x2, y2]] = circles;
    expect(x2).toBeGreaterThan(x1);
    expect(y2).toBeLessThan(y1); // higher rate, higher up
    // The reference at 0.01 passes through the first point's height.
    const ref = svg.match(/<path d="M[\d.]+ ([\d.]+)H[\d.]+" stroke="#333" stroke-dasharray/)!;
    expect(Math.abs(Number(ref[1]) - y1)).toBeLessThanOrEqual(1); // a 1 px line sits on a half pixel
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+" fill="none" stroke="#c00"/);
  });

  it('keeps labels inside the chart: one near the right edge flips left, one over the axis starts at it; text escaped', () => {
    const svg = renderScatterChart(chart);
    expect(svg).toMatch(/text-anchor="end">portfolio &lt;hs&gt;</);
    expect(svg).toMatch(/text-anchor="start">left-edge label</);
    expect(svg).toContain('aria-label="Efficiency &amp; risk"');
  });
});
