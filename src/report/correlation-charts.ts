import { isEventOf } from '../engine/events.js';
import { stepLogReturns } from '../data/return-statistics.js';
import type { ReportInput } from './report-input.js';
import { formatTime } from './report-format.js';
import { assetsByExposure, openingExposure, type RunWindow } from './run-window.js';
import { CAUSE_COLOURS, PALETTE, type ChartSpec } from './svg-chart.js';
import { renderTimeChart } from './time-chart.js';
import { underfundedPeriods } from './underfunded-periods.js';
import { pairSeries, priceSeries } from '../engine/series-columns.js';

/** At most this many pairs get a correlation chart. */
export const MAX_CORRELATION_PAIRS = 3;

/**
 * Pearson correlation of log returns `ra` and `rb` (from `stepLogReturns`) over steps `t+1 … t+w`: what the
 * correlation turned out to be over the window an estimate at `t` was used for (the same window underfunded
 * events report). NaN when the window runs past the path or a return is not finite. O(w), two passes.
 */
export function forwardCorrelation(ra: Float64Array, rb: Float64Array, t: number, w: number): number {
  const end = t + w;
  if (end > ra.length - 1 || w < 2) return NaN;
  let sa = 0;
  let sb = 0;
  for (let s = t + 1; s <= end; s++) {
    sa += ra[s];
    sb += rb[s];
  }
  const ma = sa / w;
  const mb = sb / w;
  let vab = 0;
  let vaa = 0;
  let vbb = 0;
  for (let s = t + 1; s <= end; s++) {
    const da = ra[s] - ma;
    const db = rb[s] - mb;
    vab += da * db;
    vaa += da * da;
    vbb += db * db;
  }
  const r = vab / Math.sqrt(vaa * vbb);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : NaN;
}

/** The pairs worth a chart: those named by correlation-breakdown events most often, then the largest exposures. */
export function mainPairs(input: ReportInput, window: RunWindow): [string, string][] {
  const assets = input.result.data.assets;
  const column = (a: string, b: string) => {
    const i = assets.indexOf(a);
    const j = assets.indexOf(b);
    return i < 0 || j < 0 || i === j ? null : i < j ? pairSeries(a, b) : pairSeries(b, a);
  };
  const counts = new Map<string, { pair: [string, string]; n: number; first: number }>();
  input.events.forEach((e, k) => {
    if (!isEventOf(e, 'underfunded') || e.cause !== 'correlation_breakdown' || e.legs.length !== 2) return;
    const name = column(e.legs[0], e.legs[1]);
    if (!name || !window.series.has(name)) return;
    const entry = counts.get(name) ?? { pair: [e.legs[0], e.legs[1]], n: 0, first: k };
    entry.n++;
    counts.set(name, entry);
  });
  const chosen = [...counts.entries()].sort((x, y) => y[1].n - x[1].n || x[1].first - y[1].first).map(([name, e]) => ({ name, pair: e.pair }));
  const exposure = openingExposure(input, window);
  const ranked = assetsByExposure(input, window);
  const byExposure: { name: string; pair: [string, string]; size: number }[] = [];
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      const name = column(ranked[i], ranked[j]);
      if (name && window.series.has(name)) byExposure.push({ name, pair: [ranked[i], ranked[j]], size: (exposure.get(ranked[i]) ?? 0) * (exposure.get(ranked[j]) ?? 0) });
    }
  }
  byExposure.sort((x, y) => y.size - x.size); // stable: equal sizes keep exposure order
  for (const p of byExposure) if (!chosen.some((c) => c.name === p.name)) chosen.push(p);
  return chosen.slice(0, MAX_CORRELATION_PAIRS).map((c) => c.pair);
}

/**
 * Estimated correlation of the main pairs (`rho.<A>.<B>`, what the margin model used at each step) against the
 * correlation realised over the next `backtest.realisedWindow` steps, with the underfunded periods caused by
 * correlation breakdown (any cross mode; each period spans its steps plus the h-step loss window) shaded.
 */
export function correlationCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const { time, from, to, series } = window;
  const echo = input.result.scenario.echo as { backtest?: { realisedWindow?: unknown } } | undefined;
  const w = typeof echo?.backtest?.realisedWindow === 'number' ? echo.backtest.realisedWindow : 20;
  const h = input.result.run.horizonSteps;
  // Each period spans its steps plus the h-step loss window, widened to 1/200 of the axis so a one-step period
  // on a ten-year axis still shows; overlapping spans merge.
  const minWidth = (time[to] - time[from]) / 200;
  const breakdowns = underfundedPeriods(input.events).filter((p) => p.cause === 'correlation_breakdown');
  const firstShaded = Math.min(...breakdowns.map((p) => p.firstTime));
  const spans = breakdowns
    .map((p) => {
      const start = time[Math.min(p.firstStep, time.length - 1)];
      const end = time[Math.min(p.lastStep + h, time.length - 1)];
      const pad = Math.max(0, (minWidth - (end - start)) / 2);
      return [start - pad, end + pad];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: number[][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  const periods = spans.length;
  const widened = breakdowns.some((p) => time[Math.min(p.lastStep + h, time.length - 1)] - time[p.firstStep] < minWidth);
  const assets = input.result.data.assets;
  return mainPairs(input, window).map(([a, b], k) => {
    const [first, second] = assets.indexOf(a) < assets.indexOf(b) ? [a, b] : [b, a];
    const estimated = series.get(pairSeries(first, second))!;
    const pa = series.get(priceSeries(first));
    const pb = series.get(priceSeries(second));
    const ra = pa && stepLogReturns(pa);
    const rb = pb && stepLogReturns(pb);
    const estimatedY = new Float64Array(to - from + 1);
    const realisedY = new Float64Array(to - from + 1);
    // The axis starts just under the lowest value (at most −1) on a tick of 0.2 (0.5 for wide ranges: 0 stays a tick), so the
    // swings stay visible and the top tick is exactly 1.
    let low = 1;
    for (let t = from; t <= to; t++) {
      const e = Number.isFinite(estimated[t]) ? estimated[t] : NaN;
      const r = ra && rb ? forwardCorrelation(ra, rb, t, w) : NaN;
      estimatedY[t - from] = e;
      realisedY[t - from] = r;
      if (e < low) low = e;
      if (r < low) low = r;
    }
    const x = time.subarray(from, to + 1);
    const step = 1 - (low - 0.05) > 1.2 ? 0.5 : 0.2;
    const lowest = Math.max(-1, Number((1 - step * Math.ceil((1 - (low - 0.05)) / step - 1e-9)).toFixed(1)));
    const id = `correlation-${k}`;
    const title = `Correlation ${first} / ${second}: estimated and realised`;
    return {
      id,
      title,
      caption: `Solid: the correlation the margin model used at each step (${input.result.run.estimator ?? 'no estimator'}). ` +
        `Dashed: the correlation realised over the next ${w} steps. ` +
        (periods > 0
          ? `Shaded: ${periods} underfunded period${periods === 1 ? '' : 's'} caused by correlation breakdown (first ${formatTime(firstShaded)})` +
            (widened ? '; short periods are drawn wider so they show at this scale.' : '.')
          : 'No underfunded period was caused by correlation breakdown.'),
      svg: renderTimeChart({
        title,
        width,
        height: 260,
        from: time[from],
        to: time[to],
        format: (v: number) => v.toFixed(1),
        fixed: { min: lowest, max: 1, step },
        marks: [
          { kind: 'line', name: 'estimated', points: { x, y: estimatedY }, colour: PALETTE[0], width: 1.8 },
          { kind: 'line', name: `realised (next ${w} steps)`, points: { x, y: realisedY }, colour: '#555', width: 1.1, dashed: true },
        ],
        bands: { ranges: merged.map(([start, end]) => [start, end] as const), colour: CAUSE_COLOURS.correlation_breakdown, opacity: 0.22 },
        timeNote: input.result.run.kind === 'monte-carlo' ? 'synthetic business days' : undefined,
      }),
    };
  });
}
