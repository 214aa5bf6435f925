import type { ReportInput } from './report-input.js';
import { TIME_SERIES, priceSeries } from '../engine/series-columns.js';

/** The steps of the series a report shows: from the open of the book to the last step of the path. */
export interface RunWindow {
  readonly time: Float64Array;
  readonly from: number;
  readonly to: number;
  readonly series: ReadonlyMap<string, Float64Array>;
}

/** The report's window over the recorded series, or null when the run recorded none. */
export function runWindow(input: ReportInput): RunWindow | null {
  const time = input.series.get(TIME_SERIES);
  if (!time || time.length === 0) return null;
  const from = Math.min(Math.max(0, input.result.run.openStep ?? 0), time.length - 1);
  const to = Math.min(time.length - 1, from + Math.max(1, input.result.run.steps) - 1);
  return { time, from, to, series: input.series };
}

interface EchoPosition {
  asset?: unknown;
  notional?: unknown;
  quantity?: unknown;
}

/**
 * Absolute notional per asset when the book opens, from the scenario echo (`notional`, or `quantity` × the
 * opening price of the path). Used to pick the assets and pairs a chart shows when there are many.
 */
export function openingExposure(input: ReportInput, window: RunWindow | null): Map<string, number> {
  const echo = input.result.scenario.echo as { portfolio?: { positions?: EchoPosition[] } } | undefined;
  const out = new Map<string, number>();
  for (const p of echo?.portfolio?.positions ?? []) {
    if (typeof p.asset !== 'string') continue;
    let size = 0;
    if (typeof p.notional === 'number') size = Math.abs(p.notional);
    else if (typeof p.quantity === 'number' && window) {
      const price = window.series.get(priceSeries(p.asset))?.[window.from] ?? NaN;
      size = Number.isFinite(price) ? Math.abs(p.quantity * price) : 0;
    }
    out.set(p.asset, (out.get(p.asset) ?? 0) + size);
  }
  return out;
}

/** Assets ordered by opening exposure (largest first; ties and unknowns in data order). */
export function assetsByExposure(input: ReportInput, window: RunWindow | null): string[] {
  const exposure = openingExposure(input, window);
  const assets = [...input.result.data.assets];
  return assets
    .map((asset, k) => ({ asset, k, size: exposure.get(asset) ?? 0 }))
    .sort((a, b) => b.size - a.size || a.k - b.k)
    .map((a) => a.asset);
}
