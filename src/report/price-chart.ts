import type { ReportInput } from './report-input.js';
import { overlayNote, overlayWindows } from './overlay-windows.js';
import { assetsByExposure, type RunWindow } from './run-window.js';
import { OVERLAY_BAND, PALETTE, type ChartSpec } from './svg-chart.js';
import { renderTimeChart, timeLine, type LineMark } from './time-chart.js';
import { priceSeries } from '../engine/series-columns.js';

/** At most this many price lines; the largest positions first. */
export const MAX_PRICE_LINES = 10;

/** A history at least this long (or prices moving by at least this ratio) is drawn on a log scale. */
const LOG_YEARS = 5;
const LOG_RATIO = 4;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * Prices of the path the run used, rebased to 100 when the book opens (`price.<asset>` columns). Long
 * histories (≥ 5 years, or a rebased range of 4× or more) use a log scale, where equal moves read alike
 * wherever they happen; stress-overlay windows are shaded; a synthetic path says so under its time axis.
 */
export function priceChart(input: ReportInput, window: RunWindow, width: number): ChartSpec | null {
  const { time, from, to, series } = window;
  const held = assetsByExposure(input, window).filter((a) => {
    const column = series.get(priceSeries(a));
    return column !== undefined && Number.isFinite(column[from]) && column[from] > 0;
  });
  if (held.length === 0) return null;
  const shown = held.slice(0, MAX_PRICE_LINES);
  let low = Infinity;
  let high = -Infinity;
  const lines = shown.map((asset, k): LineMark => {
    const column = series.get(priceSeries(asset))!;
    const points = timeLine(time, column, from, to, 100 / column[from]);
    for (const v of points.y) if (v > 0) ((low = Math.min(low, v)), (high = Math.max(high, v)));
    return { kind: 'line', name: asset, points, colour: PALETTE[k % PALETTE.length] };
  });
  const log = (time[to] - time[from]) / YEAR_MS >= LOG_YEARS || high / low >= LOG_RATIO;
  const synthetic = input.result.run.kind === 'monte-carlo';
  const kind = synthetic ? `synthetic path ${input.result.monteCarlo?.representativePath ?? 0}` : 'historical path';
  const more = held.length > shown.length ? ` The ${shown.length} largest positions of ${held.length} are shown; every column is in timeseries.arrow.` : '';
  const bands = overlayWindows(input, window);
  const title = `Prices, rebased to 100 at the open${log ? ' (log scale)' : ''}`;
  return {
    id: 'prices',
    title,
    caption: `The ${kind} the run used (after any stress overlay), each asset rebased to 100 on ${input.result.run.openTime}${synthetic ? ' (a synthetic business-day calendar, not real dates)' : ''}.` +
      (log ? ' Log scale: equal distances are equal percentage moves.' : '') + overlayNote(bands) + more,
    svg: renderTimeChart({
      title,
      width,
      height: 300,
      from: time[from],
      to: time[to],
      log,
      format: (x: number) => String(Number(x.toFixed(x < 10 ? 1 : 0))),
      marks: lines,
      bands: bands.length ? { ranges: bands, ...OVERLAY_BAND } : undefined,
      timeNote: synthetic ? 'synthetic business days' : undefined,
    }),
  };
}
