import { createRequire } from 'node:module';
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from './escape.js';

type ECharts = typeof import('echarts');
let loaded: ECharts | undefined;

/**
 * ECharts, loaded on the first chart: the single-file CommonJS build loads in about a third of the time of the
 * ES modules, and importing the library (or running a command that draws nothing) does not pay for it at all.
 */
export function loadEcharts(): ECharts {
  loaded ??= createRequire(import.meta.url)('echarts') as ECharts;
  return loaded;
}

/** A chart rendered for a report: an inline SVG and what it shows. */
export interface ChartSpec {
  /** Stable id (`prices`, `equity-isolated`, …): the figure's anchor and the prefix of its SVG ids. */
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * Colour-blind-safe palette (after Okabe & Ito 2008, darkened for print) for modes, assets and runs, in order.
 * Orange and purple are kept for the two causes of underfunding, red for liquidations.
 */
export const PALETTE = ['#0868ac', '#009e73', '#b8860b', '#e7298a', '#4aa3df', '#66a61e', '#8c6d31', '#444444', '#1b9e77', '#7570b3'];
export const CAUSE_COLOURS = { correlation_breakdown: '#d55e00', volatility: '#6a3d9a' } as const;
export const ALERT_COLOUR = '#c62828';
export const REQUIREMENT_COLOUR = '#333333';

/** `1,500,000` → `1.5M`, `-25,000` → `-25k`: short axis labels for amounts. */
export function compactAmount(x: number): string {
  const a = Math.abs(x);
  const [scale, suffix] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = x / scale;
  return `${Number(v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2))}${suffix}`;
}

/** The defaults every report chart shares: no animation, UTC time axes, one font, legend on top. */
export function baseOption(): EChartsCoreOption {
  return {
    animation: false,
    useUTC: true,
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: '#333' },
    legend: { top: 4, left: 'center', itemWidth: 16, itemHeight: 8, itemGap: 18, textStyle: { fontSize: 12 } },
    grid: { left: 64, right: 20, top: 36, bottom: 32 },
  };
}

/**
 * Room for the legend above the plot: one row holds about `width − 40` px of entries (icon, gap and ~7 px a
 * character at 12 px); more entries wrap to a second row.
 */
function legendTop(option: EChartsCoreOption, width: number): number {
  const series = (Array.isArray(option.series) ? option.series : []) as { name?: unknown }[];
  const used = series.reduce((w, x) => w + (typeof x.name === 'string' ? x.name.length * 7 + 16 + 5 + 18 : 0), 0);
  return used > width - 40 ? 62 : 36;
}

/**
 * Points of a line: `x` (epoch ms) and `y` of the same length; NaN in `y` is a gap. Typed arrays all the way
 * into ECharts: it copies a typed array in one go, where `[time, value]` pairs cost an array per point, a deep
 * clone of each and the garbage of both (a third of the chart time on a ten-year daily path).
 */
export interface LinePoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** A line series without point symbols (the legend then shows a plain line), sampled (min/max envelope) when long. */
export function lineSeries(name: string, points: LinePoints, colour: string, style: { width?: number; dashed?: boolean } = {}): object {
  const { x, y } = minMaxEnvelope(points, ENVELOPE_BUCKETS);
  const data = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    data[2 * i] = x[i];
    data[2 * i + 1] = y[i];
  }
  return {
    name,
    type: 'line',
    symbol: 'none',
    color: colour,
    lineStyle: { width: style.width ?? 1.5, type: style.dashed ? 'dashed' : 'solid' },
    // ECharts takes a flat typed array as [x0, y0, x1, y1, …] when the dimensions are named.
    dimensions: [
      { name: 'x', type: 'float' },
      { name: 'y', type: 'float' },
    ],
    data,
  };
}

/** Buckets of a line series: a chart is at most ~900 px wide, so two points per bucket lose nothing visible. */
export const ENVELOPE_BUCKETS = 450;

/**
 * Downsample a line for drawing: split its points into `buckets` runs of consecutive points and keep each
 * run's lowest and highest point, in time order (the first and last points always stay). Every spike
 * survives, unlike averaging or LTTB, which matters for exceedances. A gap (NaN) in a run is kept as a gap.
 * Lines no longer than 2 × buckets are returned as they are. O(n).
 */
export function minMaxEnvelope(points: LinePoints, buckets: number): LinePoints {
  const { x, y } = points;
  const n = x.length;
  if (n <= 2 * buckets) return points;
  const keepX = new Float64Array(3 * buckets + 2);
  const keepY = new Float64Array(3 * buckets + 2);
  let m = 0;
  const keep = (i: number) => {
    keepX[m] = x[i];
    keepY[m++] = y[i];
  };
  keep(0);
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = 1 + Math.floor((b + 1) * size);
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = y[i];
      if (Number.isNaN(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (low < 0 || v < y[low]) low = i;
      if (high < 0 || v > y[high]) high = i;
    }
    // Keep the bucket's low, high and first gap (absent: −1), distinct, in time order.
    let p = low;
    let q = high;
    let r = gap;
    let swap: number;
    if (p > q) (swap = p), (p = q), (q = swap);
    if (q > r) (swap = q), (q = r), (r = swap);
    if (p > q) (swap = p), (p = q), (q = swap);
    if (p >= 0) keep(p);
    if (q >= 0 && q !== p) keep(q);
    if (r >= 0 && r !== q) keep(r);
  }
  keep(n - 1);
  return { x: keepX.subarray(0, m), y: keepY.subarray(0, m) };
}

export function timeAxis(min: number, max: number): object {
  return {
    type: 'time',
    min,
    max,
    axisLine: { lineStyle: { color: '#888' } },
    splitLine: { show: false },
    axisLabel: { hideOverlap: true, color: '#555' },
  };
}

export function valueAxis(name: string | null, formatter: (x: number) => string = compactAmount, extra: object = {}): object {
  return {
    type: 'value',
    scale: true,
    name: name ?? undefined,
    nameTextStyle: { color: '#555', align: 'left' },
    axisLabel: { formatter, color: '#555' },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
    ...extra,
  };
}

/**
 * Render an ECharts option to an SVG string with the server-side SVG renderer (no DOM, no canvas). The output
 * is made deterministic and self-contained: zrender's per-process instance ids (`zr3-c0`) become the chart's
 * `id`, and the hover-only `<style>` block with its process-wide class names (`zr3-cls-41`) and the `ecmeta_`
 * attributes are dropped; the root gets a role and a label.
 */
export function renderSvgChart(id: string, title: string, option: EChartsCoreOption, width: number, height: number): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    const base = baseOption();
    if (option.grid === undefined) base.grid = { ...(base.grid as object), top: legendTop(option, width) };
    chart.setOption({ ...base, ...option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return svg
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/(id="|url\(#)zr\d+-/g, `$1${id}-`)
    .replace(/<style\s*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/<svg /, `<svg role="img" aria-label="${escapeHtml(title)}" `);
}

/** The points of steps `from … to` of a column (times `scale`), a non-finite value as a gap (NaN). */
export function timeLine(time: Float64Array, column: Float64Array, from: number, to: number, scale = 1): LinePoints {
  const y = new Float64Array(to - from + 1);
  for (let t = from; t <= to; t++) {
    const v = column[t] * scale;
    y[t - from] = Number.isFinite(v) ? v : NaN;
  }
  return { x: time.subarray(from, to + 1), y };
}
