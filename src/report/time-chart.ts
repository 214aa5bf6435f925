import { scaleLinear, scaleUtc } from 'd3-scale';
import { escapeHtml } from './escape.js';
import { utcDay, utcMonth, utcYear } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { compactAmount } from './svg-chart.js';
import { AXIS_COLOUR, LABEL_COLOUR, crisp, layoutLegend, round, svgOpen, symbolPath, valueGrid, valueScale, type MarkerSymbol } from './svg-plot.js';

export type { MarkerSymbol } from './svg-plot.js';

/**
 * Time-series charts of a report (prices, equity, loss, correlation), drawn straight to SVG: d3-scale picks
 * the ticks and d3-time-format labels them; this module lays out axes, legend, lines and markers. A report draws
 * about ten of them on every run; ECharts spent ~0.45 s of a cold process on them (loading 3.8 MB and
 * compiling its pipeline on first use), this takes a few milliseconds. The category charts (Monte Carlo
 * fans, comparison bars, the calibration frontier) are in category-chart.ts; both draw from svg-plot.ts.
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
  /** Value range to scale to instead of the data's (charts that share one scale pass the same range). */
  readonly domain?: readonly [number, number];
  /**
   * Logarithmic value axis (positive values only; others are gaps): equal distances are equal ratios, so a
   * long history reads as returns, not as its last years. Ticks at 1, 2 and 5 × 10ᵏ (finer when the range is narrow).
   */
  readonly log?: boolean;
  /** A note under the time axis at the right, e.g. `synthetic business days`. */
  readonly timeNote?: string;
  /** Marks in legend order, drawn lines first, markers on top. */
  readonly marks: readonly (LineMark | MarkerMark)[];
  readonly bands?: Bands;
}

/** Margins around the plot; the top follows the legend rows. */
const MARGIN = { left: 64, right: 20, bottom: 32 } as const;

/** Render a time-series chart to a self-contained SVG string (no scripts, no external references). */
export function renderTimeChart(input: TimeChart): string {
  const chart = input.log ? logChart(input) : input;
  const { width, height } = chart;
  const legend = layoutLegend(
    chart.marks.map((m) => ({
      name: m.name,
      colour: m.colour,
      icon: m.kind === 'line' ? { kind: 'line' as const, dashed: m.dashed } : { kind: 'marker' as const, symbol: m.symbol, size: m.size },
    })),
    width,
  );
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: legend.bottom, bottom: height - MARGIN.bottom };
  // A one-point chart gets a day of axis, so the scale stays finite.
  const [from, to] = chart.to > chart.from ? [chart.from, chart.to] : [chart.from - 43_200_000, chart.from + 43_200_000];
  const x = scaleUtc().domain([from, to]).range([plot.left, plot.right]);
  const [low, high] = chart.domain ?? valueRange(chart);
  const { scale: y, ticks: yTicks } = input.log
    ? logScale(low, high, plot.bottom, plot.top)
    : valueScale({ fixed: chart.fixed }, low, high, plot.bottom, plot.top, 32);
  const format = input.log ? (v: number) => (input.format ?? compactAmount)(10 ** v) : chart.format ?? compactAmount;
  const out: string[] = [svgOpen(chart.title, width, height)];
  out.push(...valueGrid(yTicks, y, plot, format));
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
  if (chart.timeNote) {
    out.push(`<text x="${plot.right}" y="${height - 2}" text-anchor="end" font-style="italic" fill="${LABEL_COLOUR}">${escapeHtml(chart.timeNote)}</text>`);
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

/** The chart with every value replaced by its log10 (non-positive values become gaps), domain included. */
function logChart(chart: TimeChart): TimeChart {
  const log = (v: number) => (v > 0 ? Math.log10(v) : NaN);
  return {
    ...chart,
    domain: chart.domain ? [log(chart.domain[0]), log(chart.domain[1])] : undefined,
    marks: chart.marks.map((m) =>
      m.kind === 'line'
        ? { ...m, points: { x: m.points.x, y: m.points.y.map(log) } }
        : { ...m, points: m.points.map(([t, v]) => [t, log(v)] as const).filter(([, v]) => Number.isFinite(v)) }),
  };
}

/**
 * A value scale over log10 values [low, high] with ticks at log10 of 1, 2, 5 × 10ᵏ inside (at least the ends);
 * over more than three decades, at powers of ten only (every k-th when there are more than 8).
 */
function logScale(low: number, high: number, from: number, to: number) {
  if (!(low <= high)) [low, high] = [0, 1];
  if (low === high) [low, high] = [low - 0.05, high + 0.05];
  const scale = scaleLinear().domain([low, high]).range([from, to]);
  // 1-2-5 per decade; a range narrower than that gets the finer 1, 1.5, 2, 3, 5, 7 (at least three ticks).
  const within = (mantissas: readonly number[]) => {
    const ticks: number[] = [];
    for (let k = Math.floor(low) - 1; k <= Math.ceil(high); k++) {
      for (const m of mantissas) {
        const v = k + Math.log10(m);
        if (v >= low - 1e-9 && v <= high + 1e-9) ticks.push(v);
      }
    }
    return ticks;
  };
  let ticks = within([1, 2, 5]);
  if (ticks.length < 3) ticks = within([1, 1.5, 2, 3, 5, 7]);
  // Over many decades: powers of ten only, and every k-th of them, so that at most 8 labels share the axis.
  if (ticks.length > 10) {
    const decades = within([1]);
    const every = Math.ceil(decades.length / 8);
    ticks = decades.filter((v) => Math.round(v) % every === 0);
    if (ticks.length < 2) ticks = decades;
  }
  if (ticks.length < 2) ticks = [low, high];
  return { scale, ticks };
}

/** The data's value range within the time axis (lines and markers). */
function valueRange(chart: TimeChart): [number, number] {
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
  return [low, high];
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
