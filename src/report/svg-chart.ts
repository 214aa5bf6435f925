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

// Single quotes inside: ECharts writes this into a double-quoted style attribute without escaping it.
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

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
