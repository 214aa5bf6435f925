import { correlationCharts } from './correlation-charts.js';
import { coverageRatioChart, equityCharts } from './equity-charts.js';
import { lossCharts } from './loss-charts.js';
import { monteCarloCharts } from './monte-carlo-report.js';
import { priceChart } from './price-chart.js';
import { optionCharts } from './option-charts.js';
import { formatCount } from './report-format.js';
import type { ReportInput } from './report-input.js';
import { runWindow } from './run-window.js';
import type { ChartSpec } from './svg-chart.js';

/** Chart widths in px (SVG viewBox units; the page scales them to its column). */
export const FULL_WIDTH = 960;
export const HALF_WIDTH = 470;

/** A group of charts under one heading; `half` groups are laid out two to a row. */
export interface ChartGroup {
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly layout: 'full' | 'half';
  readonly charts: readonly ChartSpec[];
}

/** Every chart of a run's report, grouped; groups without charts are left out. */
export function reportCharts(input: ReportInput): ChartGroup[] {
  const groups: ChartGroup[] = [];
  const mc = input.result.monteCarlo;
  if (mc) {
    groups.push({
      id: 'charts-distributions',
      title: 'Distributions across paths',
      intro: `Over all ${formatCount(mc.runs)} synthetic paths, from the quantiles in result.json.`,
      layout: 'full',
      charts: monteCarloCharts(input.result, FULL_WIDTH),
    });
  }
  const window = runWindow(input);
  if (window) {
    const path = mc
      ? `Path ${mc.representativePath} of the Monte Carlo run, step by step: the representative path, the median of all ${formatCount(mc.runs)} by ${mc.representativeMode}'s final equity. Its dates are a synthetic business-day calendar.`
      : 'The historical path, step by step.';
    const price = priceChart(input, window, FULL_WIDTH);
    const ratio = coverageRatioChart(input, window, FULL_WIDTH);
    groups.push(
      { id: 'charts-prices', title: 'Prices', intro: path, layout: 'full', charts: price ? [price] : [] },
      { id: 'charts-coverage-ratio', title: 'Coverage ratio', intro: 'How far each mode stood from liquidation, on one scale.', layout: 'full', charts: ratio ? [ratio] : [] },
      { id: 'charts-options', title: 'Options: implied volatility and the book\'s greeks', intro: 'What the option positions were priced at, and the net greeks of each mode\'s book (rolls and settlements marked; every trade is in the table below and in events.csv).', layout: 'half', charts: optionCharts(input, window, HALF_WIDTH) },
      { id: 'charts-equity', title: 'Equity and requirement per mode', intro: 'Account equity against the margin requirement, every mode on the same scale; a liquidation fires when equity falls below it.', layout: 'half', charts: equityCharts(input, window, HALF_WIDTH) },
      { id: 'charts-loss', title: 'Realised loss against the cross requirement', intro: 'The margin backtest of each cross mode: exceedances coloured by cause.', layout: 'half', charts: lossCharts(input, window, HALF_WIDTH) },
      { id: 'charts-correlation', title: 'Estimated and realised correlation', intro: 'The main pairs of the book: those behind correlation-breakdown exceedances first, then the largest positions.', layout: 'half', charts: correlationCharts(input, window, HALF_WIDTH) },
    );
  }
  return groups.filter((g) => g.charts.length > 0);
}
