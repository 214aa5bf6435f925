import { scaleBand } from 'd3-scale';
import { escapeHtml } from './escape.js';
import { ALERT_COLOUR, REQUIREMENT_COLOUR, compactAmount } from './svg-chart.js';
import {
  AXIS_COLOUR, GRID_COLOUR, LABEL_COLOUR, crisp, layoutLegend, round, svgOpen, symbolPath, textWidth, valueGrid, valueScale,
  type LegendEntry, type MarkerSymbol, type ValueAxis,
} from './svg-plot.js';

/**
 * The report charts that are not over time: bars per category (comparison reports), quantile fans per row
 * (Monte Carlo distributions) and labelled scatter plots (the efficiency / risk trade-off, the calibration
 * frontier). Drawn straight to SVG from svg-plot.ts's pieces, in the style of the time-series charts.
 */

// ---------------------------------------------------------------------------------------------- bar chart

export interface BarSeries {
  readonly name: string;
  readonly colour: string;
  /** One value per category; null draws no bar. */
  readonly values: readonly (number | null)[];
}

export interface BarChart {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Side by side (default) or stacked (positive values). */
  readonly stacked?: boolean;
  readonly axis?: ValueAxis;
  /** Widest bar in px. */
  readonly maxBarWidth?: number;
}

const BAR_MARGIN = { left: 64, right: 20, bottom: 36 } as const;

/** Vertical bars over categories, grouped or stacked, on a value axis that includes zero. */
export function renderBarChart(chart: BarChart): string {
  const { width, height, categories, series } = chart;
  const legend = layoutLegend(series.map((s) => ({ name: s.name, colour: s.colour, icon: { kind: 'box' as const, fill: s.colour } })), width);
  const plot = { left: BAR_MARGIN.left, right: width - BAR_MARGIN.right, top: legend.bottom, bottom: height - BAR_MARGIN.bottom };
  let low = 0;
  let high = 0;
  categories.forEach((_, c) => {
    let stack = 0;
    for (const s of series) {
      const v = s.values[c];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      stack += v;
      const top = chart.stacked ? stack : v;
      low = Math.min(low, top);
      high = Math.max(high, top);
    }
  });
  const axis = chart.axis ?? {};
  const { scale: y, ticks } = valueScale({ ...axis, includeZero: true }, low, high, plot.bottom, plot.top, 40);
  const x = scaleBand<number>().domain(categories.map((_, c) => c)).range([plot.left, plot.right]).paddingInner(0.3).paddingOuter(0.15);
  const format = axis.format ?? compactAmount;
  const out: string[] = [svgOpen(chart.title, width, height), ...valueGrid(ticks, y, plot, format)];
  const band = x.bandwidth();
  const maxBar = chart.maxBarWidth ?? 36;
  const groups = chart.stacked ? 1 : Math.max(1, series.length);
  const barWidth = Math.min(maxBar, (band - 2 * (groups - 1)) / groups);
  const zero = y(0);
  categories.forEach((name, c) => {
    const centre = (x(c) ?? 0) + band / 2;
    let stack = 0;
    series.forEach((s, k) => {
      const v = s.values[c];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const left = chart.stacked ? centre - barWidth / 2 : centre - (groups * barWidth + 2 * (groups - 1)) / 2 + k * (barWidth + 2);
      const base = chart.stacked ? y(stack) : zero;
      if (chart.stacked) stack += v;
      const top = chart.stacked ? y(stack) : y(v);
      const [y0, y1] = top < base ? [top, base] : [base, top];
      if (y1 - y0 < 0.05) return;
      out.push(`<rect x="${round(left)}" y="${round(y0)}" width="${round(barWidth)}" height="${round(y1 - y0)}" fill="${s.colour}"><title>${escapeHtml(`${s.name} · ${name}: ${format(v)}`)}</title></rect>`);
    });
    out.push(categoryLabel(name, centre, plot.bottom + 18, band));
  });
  out.push(`<path d="M${plot.left} ${crisp(zero)}H${plot.right}" stroke="${AXIS_COLOUR}"/>`);
  out.push(...legend.svg, '</svg>');
  return out.join('\n');
}

/** A category name centred under its band; shortened with … (full name on hover) when wider than the band. */
function categoryLabel(name: string, x: number, y: number, room: number): string {
  const fits = textWidth(name) <= room + 8;
  const shown = fits ? name : `${name.slice(0, Math.max(1, Math.floor((room + 8) / textWidth('m')) - 1))}…`;
  const title = fits ? '' : `<title>${escapeHtml(name)}</title>`;
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="middle" fill="#333">${title}${escapeHtml(shown)}</text>`;
}

// ---------------------------------------------------------------------------------------------- fan chart

/** A distribution summarised by its quantiles and mean. */
export interface FanRow {
  readonly name: string;
  readonly min: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface FanChart {
  readonly title: string;
  readonly width: number;
  readonly rows: readonly FanRow[];
  /** A dashed vertical line with a label (e.g. the capital). */
  readonly reference?: { readonly label: string; readonly value: number } | null;
  readonly colour: string;
}

const FAN_LEGEND = ['5%–95% (whiskers min–max)', '99%', 'mean'] as const;
const BOX_FILL = '#d6e6f4';

/** The height a fan chart of `rows` rows takes. */
export function fanChartHeight(rows: number): number {
  return 70 + 44 * rows;
}

/**
 * One row per distribution, first on top: whiskers min–max, a box 5 %–95 % with the median, a dot at the 99 %
 * quantile and a diamond at the mean.
 */
export function renderFanChart(chart: FanChart): string {
  const { width, rows, colour } = chart;
  const height = fanChartHeight(rows.length);
  const legend = layoutLegend(
    [
      { name: FAN_LEGEND[0], colour, icon: { kind: 'box', fill: BOX_FILL } },
      { name: FAN_LEGEND[1], colour: ALERT_COLOUR, icon: { kind: 'marker', symbol: 'circle', size: 8 } },
      { name: FAN_LEGEND[2], colour: '#222', icon: { kind: 'marker', symbol: 'diamond', size: 9 } },
    ],
    width,
  );
  const left = Math.min(160, Math.max(60, 16 + Math.max(0, ...rows.map((r) => textWidth(r.name)))));
  const plot = { left, right: width - 28, top: legend.bottom, bottom: height - 30 };
  const values = rows.flatMap((r) => [r.min, r.max, r.p99, r.mean]).filter(Number.isFinite);
  if (chart.reference && Number.isFinite(chart.reference.value)) values.push(chart.reference.value);
  const { scale: x, ticks } = valueScale({}, Math.min(...values), Math.max(...values), plot.left, plot.right, 110);
  const y = scaleBand<number>().domain(rows.map((_, k) => k)).range([plot.top, plot.bottom]).padding(0.2);
  const out: string[] = [svgOpen(chart.title, width, height)];
  for (const v of ticks) {
    const px = crisp(x(v));
    out.push(`<path d="M${px} ${plot.top}V${plot.bottom}" stroke="${GRID_COLOUR}"/>`);
    out.push(`<text x="${px}" y="${plot.bottom + 18}" text-anchor="middle" fill="${LABEL_COLOUR}">${escapeHtml(compactAmount(v))}</text>`);
  }
  out.push(`<path d="M${plot.left} ${crisp(plot.bottom)}H${plot.right}" stroke="${AXIS_COLOUR}"/>`);
  const boxHeight = Math.max(10, Math.min(22, y.bandwidth() * 0.6));
  rows.forEach((r, k) => {
    const cy = round((y(k) ?? 0) + y.bandwidth() / 2);
    out.push(`<text x="${plot.left - 10}" y="${cy}" dy="0.32em" text-anchor="end" fill="#333">${escapeHtml(r.name)}</text>`);
    if (![r.min, r.p05, r.p50, r.p95, r.max].every(Number.isFinite)) return;
    const [xmin, x05, x50, x95, xmax] = [r.min, r.p05, r.p50, r.p95, r.max].map((v) => round(x(v)));
    const cap = round(boxHeight / 2);
    out.push(
      `<path d="M${xmin} ${cy}H${x05}M${x95} ${cy}H${xmax}M${xmin} ${round(cy - cap / 2)}v${cap}M${xmax} ${round(cy - cap / 2)}v${cap}" stroke="${colour}" stroke-width="1.4" fill="none"/>`,
      `<rect x="${x05}" y="${round(cy - boxHeight / 2)}" width="${round(Math.max(0.5, x95 - x05))}" height="${round(boxHeight)}" fill="${BOX_FILL}" stroke="${colour}" stroke-width="1.4"/>`,
      `<path d="M${x50} ${round(cy - boxHeight / 2)}v${round(boxHeight)}" stroke="${colour}" stroke-width="2"/>`,
    );
    if (Number.isFinite(r.p99)) out.push(`<g fill="${ALERT_COLOUR}">${symbolPath('circle', x(r.p99), cy, 8)}</g>`);
    if (Number.isFinite(r.mean)) out.push(`<g fill="#222">${symbolPath('diamond', x(r.mean), cy, 9)}</g>`);
  });
  if (chart.reference && Number.isFinite(chart.reference.value)) {
    const px = crisp(x(chart.reference.value));
    out.push(
      `<path d="M${px} ${plot.top}V${plot.bottom}" stroke="${REQUIREMENT_COLOUR}" stroke-dasharray="5 3"/>`,
      `<text x="${px}" y="${plot.top - 4}" text-anchor="middle" fill="#333">${escapeHtml(chart.reference.label)}</text>`,
    );
  }
  out.push(...legend.svg, '</svg>');
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------ scatter chart

export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  /** Written beside the point. */
  readonly label?: string;
}

export interface ScatterSeries {
  readonly name: string;
  readonly colour: string;
  readonly points: readonly ScatterPoint[];
  readonly symbol?: MarkerSymbol;
  /** Symbol width in px. */
  readonly size: number;
  /** Join the points in the order given (e.g. a Pareto front). */
  readonly line?: boolean;
  /** Where labels go (default right of the point). */
  readonly labelPosition?: 'right' | 'top';
  readonly labelColour?: string;
}

export interface ScatterChart {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly x: ValueAxis;
  readonly y: ValueAxis;
  readonly series: readonly ScatterSeries[];
  /** Dashed lines across the plot at a value of one axis, labelled at their start. */
  readonly references?: readonly { readonly axis: 'x' | 'y'; readonly value: number; readonly label: string }[];
  /** Room on the right for labels of the rightmost points (default 24 px). */
  readonly rightMargin?: number;
}

/** Points on two value axes, optionally labelled and joined, with dashed reference lines. */
export function renderScatterChart(chart: ScatterChart): string {
  const { width, height } = chart;
  const legend = layoutLegend(
    chart.series.map((s): LegendEntry => ({ name: s.name, colour: s.colour, icon: s.line ? { kind: 'line' } : { kind: 'marker', symbol: s.symbol ?? 'circle', size: s.size } })),
    width,
  );
  const yLabelRoom = chart.y.name ? 22 : 0;
  const plot = { left: 64 + yLabelRoom, right: width - (chart.rightMargin ?? 24), top: legend.bottom, bottom: height - (chart.x.name ? 52 : 34) };
  const points = chart.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const refs = chart.references ?? [];
  const extent = (axis: 'x' | 'y'): [number, number] => {
    const vs = [...points.map((p) => p[axis]), ...refs.filter((r) => r.axis === axis && Number.isFinite(r.value)).map((r) => r.value)];
    return vs.length ? [Math.min(...vs), Math.max(...vs)] : [0, 1];
  };
  const { scale: x, ticks: xTicks } = valueScale(chart.x, ...extent('x'), plot.left, plot.right, 80);
  const { scale: y, ticks: yTicks } = valueScale(chart.y, ...extent('y'), plot.bottom, plot.top, 40);
  const fx = chart.x.format ?? compactAmount;
  const fy = chart.y.format ?? compactAmount;
  const out: string[] = [svgOpen(chart.title, width, height), ...valueGrid(yTicks, y, plot, fy)];
  const axisY = crisp(plot.bottom);
  out.push(`<path d="M${plot.left} ${axisY}H${plot.right}" stroke="${AXIS_COLOUR}"/>`);
  for (const v of xTicks) {
    const px = crisp(x(v));
    out.push(`<path d="M${px} ${axisY}v5" stroke="${AXIS_COLOUR}"/>`);
    out.push(`<text x="${px}" y="${axisY + 18}" text-anchor="middle" fill="${LABEL_COLOUR}">${escapeHtml(fx(v))}</text>`);
  }
  if (chart.x.name) out.push(`<text x="${round((plot.left + plot.right) / 2)}" y="${axisY + 40}" text-anchor="middle" fill="${LABEL_COLOUR}">${escapeHtml(chart.x.name)}</text>`);
  if (chart.y.name) {
    const cy = round((plot.top + plot.bottom) / 2);
    out.push(`<text transform="translate(16 ${cy}) rotate(-90)" text-anchor="middle" fill="${LABEL_COLOUR}">${escapeHtml(chart.y.name)}</text>`);
  }
  for (const r of refs) {
    if (!Number.isFinite(r.value)) continue;
    if (r.axis === 'y') {
      const py = crisp(y(r.value));
      out.push(`<path d="M${plot.left} ${py}H${plot.right}" stroke="#333" stroke-dasharray="5 3"/>`);
      out.push(`<text x="${plot.left + 4}" y="${py - 5}" fill="#333">${escapeHtml(r.label)}</text>`);
    } else {
      const px = crisp(x(r.value));
      out.push(`<path d="M${px} ${plot.top}V${plot.bottom}" stroke="#333" stroke-dasharray="5 3"/>`);
      out.push(`<text x="${px + 4}" y="${plot.top + 12}" fill="#333">${escapeHtml(r.label)}</text>`);
    }
  }
  for (const s of chart.series) {
    const shown = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (s.line && shown.length > 1) {
      out.push(`<path d="${shown.map((p, k) => `${k ? 'L' : 'M'}${round(x(p.x))},${round(y(p.y))}`).join('')}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`);
    }
    out.push(`<g fill="${s.colour}">`);
    for (const p of shown) out.push(symbolPath(s.symbol ?? 'circle', x(p.x), y(p.y), s.size));
    out.push('</g>');
    const labelled = shown.filter((p) => p.label !== undefined && p.label !== '');
    if (labelled.length) {
      out.push(`<g fill="${s.labelColour ?? '#333'}" font-size="11">`);
      for (const p of labelled) {
        // Above the point (centred) or right of it; kept inside the chart: a label that would cross the value
        // axis or the right edge moves to the other side of its point.
        const w = textWidth(p.label!, 11);
        const px = x(p.x);
        let lx: number;
        let anchor: 'start' | 'middle' | 'end';
        if (s.labelPosition === 'top') {
          [lx, anchor] = px - w / 2 < plot.left + 2 ? [Math.max(px - s.size / 2, plot.left + 2), 'start'] : [px, 'middle'];
        } else {
          [lx, anchor] = px + s.size / 2 + 4 + w > width - 4 ? [px - s.size / 2 - 4, 'end'] : [px + s.size / 2 + 4, 'start'];
        }
        const ly = s.labelPosition === 'top' ? y(p.y) - s.size / 2 - 5 : y(p.y);
        out.push(`<text x="${round(lx)}" y="${round(ly)}" dy="${s.labelPosition === 'top' ? 0 : '0.32em'}" text-anchor="${anchor}">${escapeHtml(p.label!)}</text>`);
      }
      out.push('</g>');
    }
  }
  out.push(...legend.svg, '</svg>');
  return out.join('\n');
}
