import type { ReportInput } from './report-input.js';
import { assetsByExposure, type RunWindow } from './run-window.js';
import { PALETTE, type ChartSpec } from './svg-chart.js';
import { renderTimeChart, timeLine, type LineMark } from './time-chart.js';
import { priceSeries } from '../engine/series-columns.js';

/** At most this many price lines; the largest positions first. */
export const MAX_PRICE_LINES = 10;

/** Prices of the path the run used, rebased to 100 when the book opens (`price.<asset>` columns). */
export function priceChart(input: ReportInput, window: RunWindow, width: number): ChartSpec | null {
  const { time, from, to, series } = window;
  const held = assetsByExposure(input, window).filter((a) => {
    const column = series.get(priceSeries(a));
    return column !== undefined && Number.isFinite(column[from]) && column[from] > 0;
  });
  if (held.length === 0) return null;
  const shown = held.slice(0, MAX_PRICE_LINES);
  const lines = shown.map((asset, k): LineMark => {
    const column = series.get(priceSeries(asset))!;
    return { kind: 'line', name: asset, points: timeLine(time, column, from, to, 100 / column[from]), colour: PALETTE[k % PALETTE.length] };
  });
  const kind = input.result.run.kind === 'monte-carlo' ? `synthetic path ${input.result.monteCarlo?.representativePath ?? 0}` : 'historical path';
  const more = held.length > shown.length ? ` The ${shown.length} largest positions of ${held.length} are shown; every column is in timeseries.arrow.` : '';
  return {
    id: 'prices',
    title: 'Prices, rebased to 100 at the open',
    caption: `The ${kind} the run used (after any stress overlay), each asset rebased to 100 on ${input.result.run.openTime}.${more}`,
    svg: renderTimeChart({
      title: 'Prices, rebased to 100 at the open',
      width,
      height: 300,
      from: time[from],
      to: time[to],
      format: (x: number) => String(Number(x.toFixed(1))),
      marks: lines,
    }),
  };
}
