import { scaleLinear, scaleUtc } from 'd3-scale';
import { utcDay, utcMonth, utcYear } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { escapeHtml } from './escape.js';
import { FONT_FAMILY, compactAmount } from './svg-chart.js';

/**
 * Time-series charts of a report (prices, equity, loss, correlation), drawn straight to SVG: d3-scale picks
 * the ticks and d3-time-format labels them; this module lays out axes, legend, lines and markers. A report draws
 * about ten of them on every run; ECharts spent ~0.45 s of a cold process on them (loading 3.8 MB and
 * compiling its pipeline on first use), this takes a few milliseconds. The category charts (Monte Carlo
 * fans, comparison bars) stay with ECharts (svg-chart.ts).
 */

/**
 * Points of a line: `x` (epoch ms) and `y` of the same length; NaN in `y` is a gap.
 */
export interface LinePoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

export interface LineMark {
  readonly kind: 'line';
  readonly name: string;
  readonly points: LinePoints;
  readonly colour: string;
  readonly width?: number;
  readonly dashed?: boolean;
}

export type MarkerSymbol = 'circle' | 'triangle' | 'diamond';

export interface MarkerMark {
  readonly kind: 'markers';
  readonly name: string;
  /** `[time, value]` of each marker. */
  readonly points: readonly (readonly [number, number])[];
  readonly colour: string;
  readonly symbol: MarkerSymbol;
  /** Width of the symbol in px. */
  readonly size: number;
}

/** Time ranges shaded across the plot (behind the lines), e.g. underfunded periods. */
export interface Bands {
  readonly ranges: readonly (readonly [number, number])[];
  readonly colour: string;
  readonly opacity: number;
}

export interface TimeChart {
  /** Accessible name of the figure (aria-label). */
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** Time axis: exactly this range (epoch ms). */
  readonly from: number;
  readonly to: number;
  /** Value axis labels (default: compact amounts, 1.5M). */
  readonly format?: (value: number) => string;
  /** Fixed value axis: bounds and tick step; default: "nice" bounds around the data (zero not forced in). */
  readonly fixed?: { readonly min: number; readonly max: number; readonly step: number };
  /** Marks in legend order, drawn lines first, markers on top. */
  readonly marks: readonly (LineMark | MarkerMark)[];
  readonly bands?: Bands;
}

/** Margins around the plot; the top grows with the legend rows. */
const MARGIN = { left: 64, right: 20, bottom: 32 } as const;
const LEGEND = { top: 4, rowHeight: 26, icon: 16, iconGap: 5, itemGap: 18, fontSize: 12 } as const;
/** Approximate advance of a 12 px system-ui character; only used to wrap the legend and space it. */
const CHAR_WIDTH = 6.6;
const AXIS_COLOUR = '#888';
const LABEL_COLOUR = '#555';
const GRID_COLOUR = '#e6e6e6';
const LEGEND_TEXT = '#54555a';

/** Render a time-series chart to a self-contained SVG string (no scripts, no external references). */
export function renderTimeChart(chart: TimeChart): string {
  const { width, height } = chart;
  const legend = layoutLegend(chart.marks, width);
  const top = LEGEND.top + legend.rows * LEGEND.rowHeight + 6;
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top, bottom: height - MARGIN.bottom };
  // A one-point chart gets a day of axis, so the scale stays finite.
  const [from, to] = chart.to > chart.from ? [chart.from, chart.to] : [chart.from - 43_200_000, chart.from + 43_200_000];
  const x = scaleUtc().domain([from, to]).range([plot.left, plot.right]);
  const y = valueScale(chart, plot);
  const format = chart.format ?? compactAmount;
  const out: string[] = [];
  out.push(
    `<svg role="img" aria-label="${escapeHtml(chart.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `xmlns="http://www.w3.org/2000/svg" font-family="${escapeHtml(FONT_FAMILY)}" font-size="12">`,
  );
  // Value gridlines and labels.
  const yTicks = chart.fixed ? fixedTicks(chart.fixed) : y.ticks(Math.max(2, Math.round((plot.bottom - plot.top) / 32)));
  for (const v of yTicks) {
    const py = crisp(y(v));
    out.push(`<path d="M${plot.left} ${py}H${plot.right}" stroke="${GRID_COLOUR}"/>`);
    out.push(`<text x="${plot.left - 8}" y="${py}" dy="0.32em" text-anchor="end" fill="${LABEL_COLOUR}">${escapeHtml(format(v))}</text>`);
  }
  // Shaded time ranges, clamped to the plot.
  if (chart.bands) {
    for (const [a, b] of chart.bands.ranges) {
      const left = Math.max(plot.left, x(a));
      const right = Math.min(plot.right, x(b));
      if (right <= left) continue;
      out.push(`<rect x="${round(left)}" y="${plot.top}" width="${round(right - left)}" height="${plot.bottom - plot.top}" fill="${chart.bands.colour}" fill-opacity="${chart.bands.opacity}"/>`);
    }
  }
  // Time axis: line, ticks and labels (year, month or day, whichever the tick falls on).
  const axisY = crisp(plot.bottom);
  out.push(`<path d="M${plot.left} ${axisY}H${plot.right}" stroke="${AXIS_COLOUR}"/>`);
  const xTicks = x.ticks(Math.max(2, Math.floor((plot.right - plot.left) / 90)));
  for (const t of xTicks) {
    const px = crisp(x(t));
    out.push(`<path d="M${px} ${axisY}v5" stroke="${AXIS_COLOUR}"/>`);
    out.push(`<text x="${px}" y="${axisY + 18}" text-anchor="middle" fill="${LABEL_COLOUR}">${timeLabel(t)}</text>`);
  }
  // Lines, then markers on top.
  // Both scales are affine: points map as px = a + b·v, in tenths of a pixel so the path is integers (drawn
  // at scale 0.1): writing an integer is several times cheaper than a decimal, and a report has ~35k points.
  const xb = (10 * (plot.right - plot.left)) / (to - from);
  const xa = 10 * plot.left - from * xb;
  const [y0, y1] = y.domain();
  const yb = (10 * (plot.top - plot.bottom)) / (y1 - y0);
  const ya = 10 * plot.bottom - y0 * yb;
  for (const mark of chart.marks) {
    if (mark.kind !== 'line') continue;
    // One bucket per pixel column: the drawing is that of every point.
    const { x: lx, y: ly } = minMaxEnvelope(mark.points, Math.ceil(plot.right - plot.left));
    let d = '';
    let pen = false;
    for (let i = 0; i < lx.length; i++) {
      const v = ly[i];
      if (Number.isNaN(v)) {
        pen = false; // a gap: the next point starts a new run
        continue;
      }
      d += `${pen ? 'L' : 'M'}${Math.round(xa + xb * lx[i])},${Math.round(ya + yb * v)}`;
      pen = true;
    }
    if (!d) continue;
    const width = mark.width ?? 1.5;
    const dash = mark.dashed ? ` stroke-dasharray="${Math.round(40 * width)} ${Math.round(20 * width)}"` : '';
    out.push(`<path transform="scale(0.1)" d="${d}" fill="none" stroke="${mark.colour}" stroke-width="${Math.round(10 * width)}" stroke-linejoin="round"${dash}/>`);
  }
  for (const mark of chart.marks) {
    if (mark.kind !== 'markers' || mark.points.length === 0) continue;
    out.push(`<g fill="${mark.colour}">`);
    for (const [t, v] of mark.points) {
      if (!Number.isFinite(v) || t < from || t > to) continue;
      out.push(symbolPath(mark.symbol, x(t), y(v), mark.size));
    }
    out.push('</g>');
  }
  out.push(...legend.svg);
  out.push('</svg>');
  return out.join('\n');
}

function valueScale(chart: TimeChart, plot: { top: number; bottom: number }) {
  if (chart.fixed) return scaleLinear().domain([chart.fixed.min, chart.fixed.max]).range([plot.bottom, plot.top]);
  let low = Infinity;
  let high = -Infinity;
  for (const mark of chart.marks) {
    if (mark.kind === 'line') {
      const { x, y } = mark.points;
      for (let i = 0; i < y.length; i++) {
        if (x[i] < chart.from || x[i] > chart.to || !Number.isFinite(y[i])) continue;
        if (y[i] < low) low = y[i];
        if (y[i] > high) high = y[i];
      }
    } else {
      for (const [, v] of mark.points) {
        if (v < low) low = v;
        if (v > high) high = v;
      }
    }
  }
  if (!Number.isFinite(low)) [low, high] = [0, 1];
  if (low === high) [low, high] = low === 0 ? [-1, 1] : [low - Math.abs(low) * 0.1, high + Math.abs(high) * 0.1];
  const ticks = Math.max(2, Math.round((plot.bottom - plot.top) / 32));
  return scaleLinear().domain([low, high]).range([plot.bottom, plot.top]).nice(ticks);
}

/** Ticks `min, min + step, …, max` without accumulating rounding error. */
function fixedTicks({ min, max, step }: { min: number; max: number; step: number }): number[] {
  const n = Math.round((max - min) / step);
  return Array.from({ length: n + 1 }, (_, k) => Number((min + k * step).toFixed(10)));
}

const formatYear = utcFormat('%Y');
const formatMonth = utcFormat('%b');
const formatDay = utcFormat('%b %-d');
const formatTimeOfDay = utcFormat('%H:%M');

/** A tick's label at the coarsest unit it falls on: `1998`, `Apr`, `Apr 6`. */
function timeLabel(t: Date): string {
  if (+utcYear.floor(t) === +t) return formatYear(t);
  if (+utcMonth.floor(t) === +t) return formatMonth(t);
  if (+utcDay.floor(t) === +t) return formatDay(t);
  return formatTimeOfDay(t);
}

interface Legend {
  readonly rows: number;
  readonly svg: string[];
}

/** Legend entries centred in rows across the top, wrapping when a row is full. */
function layoutLegend(marks: readonly (LineMark | MarkerMark)[], width: number): Legend {
  const entries = marks.map((mark) => ({ mark, width: LEGEND.icon + LEGEND.iconGap + mark.name.length * CHAR_WIDTH }));
  const rows: (typeof entries)[] = [];
  let row: typeof entries = [];
  let used = 0;
  for (const entry of entries) {
    const extra = (row.length ? LEGEND.itemGap : 0) + entry.width;
    if (row.length && used + extra > width - 40) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? LEGEND.itemGap : 0) + entry.width;
    row.push(entry);
  }
  if (row.length) rows.push(row);
  const svg: string[] = [];
  rows.forEach((items, r) => {
    const total = items.reduce((w, e, k) => w + e.width + (k ? LEGEND.itemGap : 0), 0);
    let left = (width - total) / 2;
    const cy = LEGEND.top + 12 + r * LEGEND.rowHeight;
    for (const { mark, width: w } of items) {
      if (mark.kind === 'line') {
        const dash = mark.dashed ? ' stroke-dasharray="6 3"' : '';
        svg.push(`<path d="M${round(left)} ${cy}h${LEGEND.icon}" stroke="${mark.colour}" stroke-width="2"${dash}/>`);
      } else {
        svg.push(`<g fill="${mark.colour}">${symbolPath(mark.symbol, left + LEGEND.icon / 2, cy, Math.min(mark.size, 10))}</g>`);
      }
      svg.push(`<text x="${round(left + LEGEND.icon + LEGEND.iconGap)}" y="${cy}" dy="0.32em" fill="${LEGEND_TEXT}">${escapeHtml(mark.name)}</text>`);
      left += w + LEGEND.itemGap;
    }
  });
  return { rows: Math.max(1, rows.length), svg };
}

/** A filled symbol of width `size` centred on (cx, cy). */
function symbolPath(symbol: MarkerSymbol, cx: number, cy: number, size: number): string {
  const r = size / 2;
  if (symbol === 'circle') return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r)}"/>`;
  if (symbol === 'diamond') {
    return `<path d="M${round(cx)} ${round(cy - r)}L${round(cx + r * 0.75)} ${round(cy)}L${round(cx)} ${round(cy + r)}L${round(cx - r * 0.75)} ${round(cy)}Z"/>`;
  }
  return `<path d="M${round(cx)} ${round(cy - r)}L${round(cx + r)} ${round(cy + r * 0.8)}L${round(cx - r)} ${round(cy + r * 0.8)}Z"/>`;
}

/** Half-pixel positions make 1 px lines sharp. */
function crisp(v: number): number {
  return Math.round(v) + 0.5;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Downsample a line for drawing: split its points into `buckets` runs of consecutive points and keep each
 * run's lowest and highest point, in time order (the first and last points always stay). Every spike
 * survives, unlike averaging or LTTB, which matters for exceedances. A gap (NaN) in a run is kept as a gap.
 * With one bucket per pixel column the drawing is the same as of every point. Lines no longer than
 * 2 × buckets are returned as they are. O(n).
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

/** The points of steps `from … to` of a column (times `scale`), a non-finite value as a gap (NaN). */
export function timeLine(time: Float64Array, column: Float64Array, from: number, to: number, scale = 1): LinePoints {
  const y = new Float64Array(to - from + 1);
  for (let t = from; t <= to; t++) {
    const v = column[t] * scale;
    y[t - from] = Number.isFinite(v) ? v : NaN;
  }
  return { x: time.subarray(from, to + 1), y };
}
