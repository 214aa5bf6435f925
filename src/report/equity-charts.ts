import type { LiquidationEvent } from '../engine/events.js';
import type { ReportInput } from './report-input.js';
import { formatCount, formatTime } from './report-format.js';
import type { RunWindow } from './run-window.js';
import { ALERT_COLOUR, PALETTE, REQUIREMENT_COLOUR, type ChartSpec } from './svg-chart.js';
import { renderTimeChart, timeLine } from './time-chart.js';
import { modeSeries } from '../engine/series-columns.js';

/**
 * One chart per margin mode: account equity against the requirement, with a marker at each liquidation
 * (placed on the account equity of that step; an isolated bucket's own equity is in the event table).
 */
export function equityCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const { time, from, to, series } = window;
  const charts: ChartSpec[] = [];
  input.result.modes.forEach((mode, k) => {
    const equity = series.get(modeSeries(mode.name, 'equity'));
    const requirement = series.get(modeSeries(mode.name, 'requirement'));
    if (!equity || !requirement) return;
    const liquidations = input.events.filter((e): e is LiquidationEvent => e.kind === 'liquidation' && e.mode === mode.name);
    const markers = liquidations
      .filter((e) => e.step >= from && e.step <= to)
      .map((e): [number, number] => [e.time, Number.isFinite(equity[e.step]) ? equity[e.step] : e.equity]);
    const id = `equity-${k}`;
    const title = `${mode.name}: equity and requirement`;
    const first = liquidations[0];
    const caption = liquidations.length === 0
      ? `${mode.name} (${mode.kind}, ${mode.method}): no liquidation; the smallest headroom (equity − requirement) was ${formatCount(mode.minHeadroom === null ? null : Math.round(mode.minHeadroom))}.`
      : `${mode.name} (${mode.kind}, ${mode.method}): ${liquidations.length} liquidation${liquidations.length === 1 ? '' : 's'}, the first on ${formatTime(first.time)} (red markers).`;
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
        marks: [
          { kind: 'line', name: 'equity', points: timeLine(time, equity, from, to), colour: PALETTE[k % PALETTE.length], width: 1.8 },
          { kind: 'line', name: 'requirement', points: timeLine(time, requirement, from, to), colour: REQUIREMENT_COLOUR, width: 1.2, dashed: true },
          { kind: 'markers', name: 'liquidation', points: markers, colour: ALERT_COLOUR, symbol: 'triangle', size: 11 },
        ],
      }),
    });
  });
  return charts;
}
