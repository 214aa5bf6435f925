import type { LiquidationEvent } from '../engine/events.js';
import type { ReportInput } from './report-input.js';
import { formatCount, formatTime } from './report-format.js';
import { overlayNote, overlayWindows } from './overlay-windows.js';
import type { RunWindow } from './run-window.js';
import { ALERT_COLOUR, OVERLAY_BAND, PALETTE, REQUIREMENT_COLOUR, type ChartSpec } from './svg-chart.js';
import { currencyOf } from './text-table.js';
import { renderTimeChart, timeLine, type LineMark } from './time-chart.js';
import { modeSeries } from '../engine/series-columns.js';
import { formatMultiple } from './report-format.js';

/**
 * One chart per margin mode: account equity against the requirement, with a marker at each liquidation
 * (placed on the account equity of that step; an isolated bucket's own equity is in the event table). All
 * modes share one value scale, so their charts compare at a glance; stress-overlay windows are shaded.
 */
export function equityCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const { time, from, to, series } = window;
  const charts: ChartSpec[] = [];
  const synthetic = input.result.run.kind === 'monte-carlo';
  const currency = currencyOf(input.result);
  const bands = overlayWindows(input, window);
  // One scale for every mode: the range of every equity and requirement line.
  let low = Infinity;
  let high = -Infinity;
  for (const mode of input.result.modes) {
    for (const field of ['equity', 'requirement'] as const) {
      const column = series.get(modeSeries(mode.name, field));
      if (!column) continue;
      for (let t = from; t <= to; t++) if (Number.isFinite(column[t])) ((low = Math.min(low, column[t])), (high = Math.max(high, column[t])));
    }
  }
  const domain: [number, number] | undefined = low <= high ? [Math.min(0, low), high] : undefined;
  input.result.modes.forEach((mode, k) => {
    const equity = series.get(modeSeries(mode.name, 'equity'));
    const requirement = series.get(modeSeries(mode.name, 'requirement'));
    if (!equity || !requirement) return;
    const liquidations = input.events.filter((e): e is LiquidationEvent => e.kind === 'liquidation' && e.mode === mode.name);
    const markers = liquidations
      .filter((e) => e.step >= from && e.step <= to)
      .map((e): [number, number] => [e.time, Number.isFinite(equity[e.step]) ? equity[e.step] : e.equity]);
    const id = `equity-${k}`;
    const title = `${mode.name}: equity and requirement${currency ? ` (${currency})` : ''}`;
    const first = liquidations[0];
    const caption = (liquidations.length === 0
      ? `${mode.name} (${mode.kind}, ${mode.method}): no liquidation; the smallest headroom (equity − requirement) was ${formatCount(mode.minHeadroom === null ? null : Math.round(mode.minHeadroom))}${currency ? ` ${currency}` : ''}.`
      : `${mode.name} (${mode.kind}, ${mode.method}): ${liquidations.length} liquidation${liquidations.length === 1 ? '' : 's'}, the first on ${formatTime(first.time)} (red markers).`) +
      ' Every mode on the same scale.' + overlayNote(bands);
    charts.push({
      id,
      title,
      caption,
      svg: renderTimeChart({
        title,
        width,
        height: 260,
        from: time[from],
        to: time[to],
        domain,
        marks: [
          { kind: 'line', name: 'equity', points: timeLine(time, equity, from, to), colour: PALETTE[k % PALETTE.length], width: 1.8 },
          { kind: 'line', name: 'requirement', points: timeLine(time, requirement, from, to), colour: REQUIREMENT_COLOUR, width: 1.2, dashed: true },
          { kind: 'markers', name: 'liquidation', points: markers, colour: ALERT_COLOUR, symbol: 'triangle', size: 11 },
        ],
        bands: bands.length ? { ranges: bands, ...OVERLAY_BAND } : undefined,
        timeNote: synthetic ? 'synthetic business days' : undefined,
      }),
    });
  });
  return charts;
}

/**
 * Equity over requirement of every mode on one chart (log scale): the coverage ratio a venue watches. A
 * mode is liquidated when its ratio falls below 1 (dashed); an isolated mode's ratio is its account equity
 * over the sum of its buckets' requirements (a bucket can fall below 1 while the account does not).
 */
/** The top of the coverage-ratio chart: a mode a hundred times covered is far from liquidation. */
export const RATIO_CAP = 100;

export function coverageRatioChart(input: ReportInput, window: RunWindow, width: number): ChartSpec | null {
  const { time, from, to, series } = window;
  const lines: LineMark[] = [];
  // A requirement near 0 (delta-normal VaR of a delta-neutral book) makes the ratio astronomical; such
  // stretches are drawn at the chart's top, RATIO_CAP, and the caption names the modes and their largest ratio.
  const capped: string[] = [];
  input.result.modes.forEach((mode, k) => {
    const equity = series.get(modeSeries(mode.name, 'equity'));
    const requirement = series.get(modeSeries(mode.name, 'requirement'));
    const open = series.get(modeSeries(mode.name, 'open'));
    if (!equity || !requirement || !open) return;
    const y = new Float64Array(to - from + 1);
    let largest = 0;
    for (let t = from; t <= to; t++) {
      const ratio = open[t] > 0 && requirement[t] > 0 && equity[t] > 0 ? equity[t] / requirement[t] : NaN;
      if (ratio > largest) largest = ratio;
      y[t - from] = ratio > RATIO_CAP ? RATIO_CAP : ratio;
    }
    if (largest > RATIO_CAP) capped.push(`${mode.name} (up to ${formatMultiple(largest, 0)})`);
    lines.push({ kind: 'line', name: mode.name, points: { x: time.subarray(from, to + 1), y }, colour: PALETTE[k % PALETTE.length], width: 1.5 });
  });
  if (lines.length === 0 || lines.every((l) => l.points.y.every((v) => Number.isNaN(v)))) return null;
  const threshold = new Float64Array(to - from + 1).fill(1);
  lines.push({ kind: 'line', name: 'liquidation at 1', points: { x: time.subarray(from, to + 1), y: threshold }, colour: ALERT_COLOUR, width: 1, dashed: true });
  const bands = overlayWindows(input, window);
  const title = 'Coverage ratio: equity over requirement (log scale)';
  return {
    id: 'coverage-ratio',
    title,
    caption: 'Each mode\'s account equity divided by its requirement while positions are open; below 1 (dashed) the mode liquidates. ' +
      'Isolated: the account over the sum of its buckets\' requirements (one bucket can fail first).' +
      (capped.length ? ` Ratios above ${RATIO_CAP}× are drawn at ${RATIO_CAP}×: ${capped.join(', ')}, where the requirement came close to 0.` : '') +
      overlayNote(bands),
    svg: renderTimeChart({
      title,
      width,
      height: 300,
      from: time[from],
      to: time[to],
      log: true,
      format: (x: number) => `${Number(x.toPrecision(2))}×`,
      marks: lines,
      bands: bands.length ? { ranges: bands, ...OVERLAY_BAND } : undefined,
      timeNote: input.result.run.kind === 'monte-carlo' ? 'synthetic business days' : undefined,
    }),
  };
}
