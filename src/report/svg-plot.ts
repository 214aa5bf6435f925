import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { escapeHtml } from './escape.js';
import { FONT_FAMILY } from './svg-chart.js';

/**
 * The pieces every report chart is drawn from (time-chart.ts, category-chart.ts): the SVG root, the legend,
 * marker symbols and value axes. Charts are plain SVG strings: no script, no external reference, every text
 * from input escaped, the same bytes for the same input.
 */

export const AXIS_COLOUR = '#888';
export const LABEL_COLOUR = '#555';
export const GRID_COLOUR = '#e6e6e6';
const LEGEND_TEXT = '#54555a';

/** Approximate advance of a 12 px system-ui character: for wrapping the legend and fitting labels. */
export const CHAR_WIDTH = 6.6;

export function textWidth(text: string, fontSize = 12): number {
  return text.length * CHAR_WIDTH * (fontSize / 12);
}

/** The opening `<svg>` tag: sized, labelled for assistive technology, one font for every text. */
export function svgOpen(title: string, width: number, height: number): string {
  return (
    `<svg role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `xmlns="http://www.w3.org/2000/svg" font-family="${escapeHtml(FONT_FAMILY)}" font-size="12">`
  );
}

export type MarkerSymbol = 'circle' | 'triangle' | 'diamond';

/** A filled symbol of width `size` centred on (cx, cy). */
export function symbolPath(symbol: MarkerSymbol, cx: number, cy: number, size: number): string {
  const r = size / 2;
  if (symbol === 'circle') return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r)}"/>`;
  if (symbol === 'diamond') {
    return `<path d="M${round(cx)} ${round(cy - r)}L${round(cx + r * 0.75)} ${round(cy)}L${round(cx)} ${round(cy + r)}L${round(cx - r * 0.75)} ${round(cy)}Z"/>`;
  }
  return `<path d="M${round(cx)} ${round(cy - r)}L${round(cx + r)} ${round(cy + r * 0.8)}L${round(cx - r)} ${round(cy + r * 0.8)}Z"/>`;
}

/** Half-pixel positions make 1 px lines sharp. */
export function crisp(v: number): number {
  return Math.round(v) + 0.5;
}

/** To a tenth of a pixel. */
export function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** How a legend entry is drawn: a line (solid or dashed), a marker, or a filled box with a border. */
export type LegendIcon =
  | { readonly kind: 'line'; readonly dashed?: boolean }
  | { readonly kind: 'marker'; readonly symbol: MarkerSymbol; readonly size: number }
  | { readonly kind: 'box'; readonly fill: string };

export interface LegendEntry {
  readonly name: string;
  readonly colour: string;
  readonly icon: LegendIcon;
}

export interface Legend {
  /** Rows used (at least one, so plots line up whether or not a chart has a legend). */
  readonly rows: number;
  /** y of the plot's top edge under the legend. */
  readonly bottom: number;
  readonly svg: string[];
}

const LEGEND = { top: 4, rowHeight: 26, icon: 16, iconGap: 5, itemGap: 18 } as const;

/** Legend entries centred in rows across the top, wrapping when a row is full. */
export function layoutLegend(entries: readonly LegendEntry[], width: number): Legend {
  const sized = entries.map((entry) => ({ entry, width: LEGEND.icon + LEGEND.iconGap + textWidth(entry.name) }));
  const rows: (typeof sized)[] = [];
  let row: typeof sized = [];
  let used = 0;
  for (const item of sized) {
    const extra = (row.length ? LEGEND.itemGap : 0) + item.width;
    if (row.length && used + extra > width - 40) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? LEGEND.itemGap : 0) + item.width;
    row.push(item);
  }
  if (row.length) rows.push(row);
  const svg: string[] = [];
  rows.forEach((items, r) => {
    const total = items.reduce((w, e, k) => w + e.width + (k ? LEGEND.itemGap : 0), 0);
    let left = (width - total) / 2;
    const cy = LEGEND.top + 12 + r * LEGEND.rowHeight;
    for (const { entry, width: w } of items) {
      const { icon, colour } = entry;
      if (icon.kind === 'line') {
        const dash = icon.dashed ? ' stroke-dasharray="6 3"' : '';
        svg.push(`<path d="M${round(left)} ${cy}h${LEGEND.icon}" stroke="${colour}" stroke-width="2"${dash}/>`);
      } else if (icon.kind === 'marker') {
        svg.push(`<g fill="${colour}">${symbolPath(icon.symbol, left + LEGEND.icon / 2, cy, Math.min(icon.size, 10))}</g>`);
      } else {
        svg.push(`<rect x="${round(left + 0.5)}" y="${cy - 5.5}" width="${LEGEND.icon - 1}" height="11" fill="${icon.fill}" stroke="${colour}" stroke-width="1.2"/>`);
      }
      svg.push(`<text x="${round(left + LEGEND.icon + LEGEND.iconGap)}" y="${cy}" dy="0.32em" fill="${LEGEND_TEXT}">${escapeHtml(entry.name)}</text>`);
      left += w + LEGEND.itemGap;
    }
  });
  const count = Math.max(1, rows.length);
  return { rows: count, bottom: LEGEND.top + count * LEGEND.rowHeight + 6, svg };
}

/** How a value axis chooses its range and ticks. */
export interface ValueAxis {
  /** Labels (default: the number as is). */
  readonly format?: (value: number) => string;
  /** Fixed bounds and tick step; default: "nice" bounds around the data. */
  readonly fixed?: { readonly min: number; readonly max: number; readonly step: number };
  /** Stretch the nice range to include zero (bars, rates). */
  readonly includeZero?: boolean;
  /** Only whole-number ticks (counts). */
  readonly integer?: boolean;
  /** Axis title. */
  readonly name?: string;
}

/**
 * A linear scale from the data's `low … high` onto `from … to` px, with its ticks: fixed, or d3's nice
 * bounds and ticks, about one per `spacing` px. Degenerate data (none, or one value) still gives a finite range.
 */
export function valueScale(axis: ValueAxis, low: number, high: number, from: number, to: number, spacing: number): { scale: ScaleLinear<number, number>; ticks: number[] } {
  if (axis.fixed) {
    const { min, max, step } = axis.fixed;
    const n = Math.round((max - min) / step);
    // Ticks min + k·step, rounded so 0.1 steps do not print as 0.30000000000000004.
    const ticks = Array.from({ length: n + 1 }, (_, k) => Number((min + k * step).toFixed(10)));
    return { scale: scaleLinear().domain([min, max]).range([from, to]), ticks };
  }
  if (!(low <= high)) [low, high] = [0, 1];
  if (axis.includeZero) [low, high] = [Math.min(0, low), Math.max(0, high)];
  if (low === high) [low, high] = low === 0 ? [0, 1] : [low - Math.abs(low) * 0.1, high + Math.abs(high) * 0.1];
  if (axis.integer && high - low < 4) high = low + 4;
  const count = Math.max(2, Math.round(Math.abs(to - from) / spacing));
  const scale = scaleLinear().domain([low, high]).range([from, to]).nice(count);
  const ticks = scale.ticks(count).filter((t) => !axis.integer || Number.isInteger(t));
  return { scale, ticks };
}

/** Horizontal gridlines across the plot at each value tick, labelled at the left (every chart with a vertical value axis). */
export function valueGrid(ticks: readonly number[], y: (v: number) => number, plot: { readonly left: number; readonly right: number }, format: (v: number) => string): string[] {
  const out: string[] = [];
  for (const v of ticks) {
    const py = crisp(y(v));
    out.push(`<path d="M${plot.left} ${py}H${plot.right}" stroke="${GRID_COLOUR}"/>`);
    out.push(`<text x="${plot.left - 8}" y="${py}" dy="0.32em" text-anchor="end" fill="${LABEL_COLOUR}">${escapeHtml(format(v))}</text>`);
  }
  return out;
}
