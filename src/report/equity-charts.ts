import type { LiquidationEvent } from '../engine/events.js';
import type { ReportInput } from './report-input.js';
import { formatTime } from './report-format.js';
import type { RunWindow } from './run-window.js';
import { ALERT_COLOUR, PALETTE, REQUIREMENT_COLOUR, lineSeries, renderSvgChart, timeAxis, timeLine, valueAxis, type ChartSpec } from './svg-chart.js';

/**
 * One chart per margin mode: account equity against the requirement, with a marker at each liquidation
 * (placed on the account equity of that step; an isolated bucket's own equity is in the event table).
 */
export function equityCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const { time, from, to, series } = window;
  const charts: ChartSpec[] = [];
  input.result.modes.forEach((mode, k) => {
    const equity = series.get(`${mode.name}.equity`);
    const requirement = series.get(`${mode.name}.requirement`);
    if (!equity || !requirement) return;
    const liquidations = input.events.filter((e): e is LiquidationEvent => e.kind === 'liquidation' && e.mode === mode.name);
    const markers = liquidations
      .filter((e) => e.step >= from && e.step <= to)
      .map((e) => [e.time, Number.isFinite(equity[e.step]) ? equity[e.step] : e.equity]);
    const id = `equity-${k}`;
    const title = `${mode.name}: equity and requirement`;
    const first = liquidations[0];
    const caption = liquidations.length === 0
      ? `${mode.name} (${mode.kind}, ${mode.method}): no liquidation; the smallest headroom (equity − requirement) was ${Number.isFinite(mode.minHeadroom ?? NaN) ? Math.round(mode.minHeadroom!).toLocaleString('en-US') : '-'}.`
      : `${mode.name} (${mode.kind}, ${mode.method}): ${liquidations.length} liquidation${liquidations.length === 1 ? '' : 's'}, the first on ${formatTime(first.time)} (red markers).`;
    charts.push({
      id,
      title,
      caption,
      svg: renderSvgChart(id, title, {
        xAxis: timeAxis(time[from], time[to]),
        yAxis: valueAxis(null),
        series: [
          lineSeries('equity', timeLine(time, equity, from, to), PALETTE[k % PALETTE.length], { width: 1.8 }),
          lineSeries('requirement', timeLine(time, requirement, from, to), REQUIREMENT_COLOUR, { width: 1.2, dashed: true }),
          { name: 'liquidation', type: 'scatter', symbol: 'triangle', symbolSize: 11, color: ALERT_COLOUR, z: 5, data: markers },
        ],
      }, width, 260),
    });
  });
  return charts;
}
