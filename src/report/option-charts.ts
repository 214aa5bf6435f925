import { eventsOf } from '../engine/events.js';
import { impliedVolSeries, modeSeries } from '../engine/series-columns.js';
import type { ReportInput } from './report-input.js';
import { formatCount } from './report-format.js';
import { currencyOf } from './text-table.js';
import type { RunWindow } from './run-window.js';
import { ALERT_COLOUR, PALETTE, type ChartSpec } from './svg-chart.js';
import { renderTimeChart, timeLine, type LineMark, type MarkerMark } from './time-chart.js';

const ROLL_COLOUR = '#444444';

/**
 * Charts of an option book: each asset's at-the-money implied volatility beside its price (rolls and
 * settlements marked), and the book's net dollar delta, dollar gamma and vega per mode over time. None for a
 * linear book.
 */
export function optionCharts(input: ReportInput, window: RunWindow, width: number): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const { time, from, to, series } = window;
  const trades = eventsOf(input.events, 'trade');
  const contractTrades = trades.filter((e) => e.reason !== 'hedge' && e.action !== 'open');
  // Rolls and settlements happen in every mode still holding the option: mark each step once.
  const contractSteps = [...new Set(contractTrades.map((e) => e.step))].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const rollMarks = (y: (step: number) => number): MarkerMark => ({
    kind: 'markers',
    name: 'roll / settlement',
    points: contractSteps.map((t): [number, number] => [time[t], y(t)]),
    colour: ROLL_COLOUR,
    symbol: 'diamond',
    size: 8,
  });
  for (const asset of input.result.data.assets) {
    const vol = series.get(impliedVolSeries(asset));
    if (!vol) continue;
    const percent = Float64Array.from(vol, (v) => v * 100);
    charts.push({
      id: `implied-vol-${asset}`,
      title: `${asset}: implied volatility (%)`,
      caption: `${asset}'s at-the-money implied volatility the options were priced at, in % a year (after any vol shock); diamonds: option rolls and settlements.`,
      svg: renderTimeChart({
        title: `${asset}: implied volatility (%)`,
        width,
        height: 240,
        from: time[from],
        to: time[to],
        format: (x: number) => `${Number(x.toFixed(1))}%`,
        marks: [{ kind: 'line', name: 'implied volatility', points: timeLine(time, percent, from, to), colour: PALETTE[2], width: 1.6 }, rollMarks((s) => percent[s])],
      }),
    });
  }
  const hedges = trades.filter((e) => e.reason === 'hedge');
  const greek = (field: 'delta' | 'gamma' | 'vega', title: string, caption: string) => {
    const lines = input.result.modes.flatMap((mode, k): LineMark[] => {
      const column = series.get(modeSeries(mode.name, field));
      return column ? [{ kind: 'line', name: mode.name, points: timeLine(time, column, from, to), colour: PALETTE[k % PALETTE.length], width: 1.4 }] : [];
    });
    if (lines.length === 0) return;
    const first = series.get(modeSeries(input.result.modes[0].name, field))!;
    charts.push({
      id: `book-${field}`,
      title,
      // Every mode starts with the same book, so until one closes a position the lines coincide and only the
      // last one drawn shows: say so, or a reader takes the hidden modes for flat.
      caption: lines.length > 1 ? `${caption} Modes holding the same positions have the same greeks: their lines coincide and the last in the legend shows.` : caption,
      svg: renderTimeChart({ title, width, height: 240, from: time[from], to: time[to], marks: [...lines, rollMarks((s) => first[s])] }),
    });
  };
  const currency = currencyOf(input.result);
  const unit = currency ? ` (${currency})` : '';
  const hedgeNote = hedges.length > 0
    ? ` ${formatCount(hedges.length)} hedge rebalances (every mode holding the hedge) bring it back to its target.`
    : '';
  greek('delta', `Net dollar delta per mode${unit}`, `Σ q·S·∂V/∂S of each mode's open positions, in ${currency ?? 'currency'} per unit relative move.${hedgeNote} Diamonds: option rolls and settlements.`);
  greek('gamma', `Net dollar gamma per mode${unit}`, 'Σ q·S²·∂²V/∂S² of each mode\'s open positions: the change of dollar delta for a 100 % move (a short option book is short gamma).');
  greek('vega', `Net vega per mode${unit}`, `Σ q·∂V/∂σ of each mode's open positions, in ${currency ?? 'currency'} per 1.00 of implied volatility (divide by 100 for one vol point).`);
  if (charts.length > 0 && contractTrades.some((e) => e.action === 'settle' && e.price > 0)) {
    const itm = new Set(contractTrades.filter((e) => e.action === 'settle' && e.price > 0).map((e) => e.step)).size;
    charts[0] = { ...charts[0], caption: `${charts[0].caption} ${formatCount(itm)} settlement${itm === 1 ? '' : 's'} in the money.` };
  }
  return charts;
}
