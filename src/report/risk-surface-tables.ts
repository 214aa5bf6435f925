import { eventsOf } from '../engine/events.js';
import { methodSeries, modeSeries, TIME_SERIES } from '../engine/series-columns.js';
import type { ReportInput } from './report-input.js';
import { formatTime } from './report-format.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatAmount, formatPercent } from './text-table.js';

/** `grid#3 +1/3 up`: scenario 3, its price move (a multiple of the scan range, or a fixed `-66%`), its volatility move. */
const GRID_SERIES = /^grid#(\d+) (\S+) (up|none|down)$/;
const VOLATILITY_COLUMNS = ['down', 'none', 'up'] as const;
const VOLATILITY_LABEL = { down: 'volatility down', none: 'volatility unchanged', up: 'volatility up' } as const;

/**
 * The risk-surface part of a report, from the saved series alone (so a re-rendered report is the same):
 * for every scenario-grid mode, its grid at the worst date as a table of price moves × volatility moves
 * (the cell of the worst scenario marked), and for every greeks mode, the error of its approximation
 * against full revaluation over the run. Empty for runs without such modes.
 */
export function riskSurfaceTables(input: ReportInput): Table[] {
  const tables: Table[] = [];
  for (const mode of input.result.modes) {
    const grid = gridTable(input, mode.name);
    if (grid) tables.push(grid);
  }
  const greeks = greeksErrorTable(input);
  if (greeks) tables.push(greeks);
  return tables;
}

interface GridColumn {
  readonly index: number;
  readonly price: string;
  readonly volatility: (typeof VOLATILITY_COLUMNS)[number];
  readonly values: Float64Array;
}

function gridTable(input: ReportInput, mode: string): Table | null {
  const prefix = `${mode}.`;
  const columns: GridColumn[] = [];
  for (const [name, values] of input.series) {
    if (!name.startsWith(prefix)) continue;
    const match = GRID_SERIES.exec(name.slice(prefix.length));
    if (match) columns.push({ index: Number(match[1]), price: match[2], volatility: match[3] as GridColumn['volatility'], values });
  }
  if (columns.length === 0) return null;
  const time = input.series.get(TIME_SERIES);
  const requirement = input.series.get(modeSeries(mode, 'requirement'));
  if (!time || !requirement) return null;

  // The worst date: the largest shortfall of the mode's underfunded steps, else its largest requirement.
  const underfunded = eventsOf(input.events, 'underfunded').filter((e) => e.mode === mode);
  let step = -1;
  let why: string;
  if (underfunded.length > 0) {
    const worst = underfunded.reduce((a, b) => (b.shortfall > a.shortfall ? b : a));
    step = worst.step;
    why = `the step of its largest shortfall, ${formatAmount(worst.shortfall)} (loss ${formatAmount(worst.loss)} over ${worst.horizonSteps} step${worst.horizonSteps === 1 ? '' : 's'} against a requirement of ${formatAmount(worst.requirement)}; realised move ${(worst.gridCoverage ?? 'inside').replace('_', ' ')})`;
  } else {
    for (let t = 0; t < requirement.length; t++) if (requirement[t] === requirement[t] && (step < 0 || requirement[t] > requirement[step])) step = t;
    why = 'the step of its largest requirement (no underfunded step)';
  }
  if (step < 0 || !(columns[0].values[step] === columns[0].values[step])) return null;

  const rows = [...new Set(columns.map((c) => c.price))].sort((a, b) => rowOrder(b) - rowOrder(a));
  let worst = columns[0];
  for (const c of columns) if (c.values[step] > worst.values[step]) worst = c;
  const scan = input.series.get(methodSeries(mode, 'scan_risk'))?.[step];
  const contingency = input.series.get(methodSeries(mode, 'contingency'))?.[step];
  const body: Cell[][] = rows.map((price) => [
    cell(priceLabel(price)),
    ...VOLATILITY_COLUMNS.map((v) => {
      const c = columns.find((x) => x.price === price && x.volatility === v);
      if (!c) return cell('');
      const x = c.values[step];
      return cell(formatAmount(x), x, c === worst ? 'alert' : x > 0 ? 'warn' : null);
    }),
  ]);
  return {
    id: `grid-${mode}`,
    title: `Scenario grid of ${mode} on ${formatTime(time[step])}`,
    note:
      `Loss of the book held that day under each scenario, weighted, in the price currency (positive = loss, negative = gain), at ${why}. ` +
      'Rows: price moves in multiples of the price scan range (or fixed moves in %); columns: implied volatility moved by the volatility scan range. ' +
      `Worst: scenario ${worst.index} (${priceLabel(worst.price)}, ${VOLATILITY_LABEL[worst.volatility]}), ${formatAmount(worst.values[step])}; ` +
      `requirement that day ${formatAmount(requirement[step])}` +
      (scan === undefined ? '' : `, scan risk ${formatAmount(scan)}`) + (contingency === undefined || contingency === 0 ? '' : `, contingency ${formatAmount(contingency)}`) + '.',
    columns: [{ label: 'price move' }, ...VOLATILITY_COLUMNS.map((v) => ({ label: VOLATILITY_LABEL[v], numeric: true }))],
    rows: body,
    sortable: false,
  };
}

/** Rows top to bottom: fixed moves up, then the range multiples from +n to −n, then fixed moves down. */
function rowOrder(price: string): number {
  if (price.endsWith('%')) {
    const move = Number(price.slice(0, -1)) / 100;
    return move > 0 ? 1e6 + move : -1e6 + move;
  }
  const fraction = /^([+-]?)(\d+)\/(\d+)$/.exec(price);
  return fraction ? (fraction[1] === '-' ? -1 : 1) * (Number(fraction[2]) / Number(fraction[3])) : Number(price);
}

function priceLabel(price: string): string {
  return price.endsWith('%') ? price : price === '0' ? 'unchanged' : `${price} range`;
}

/** Per greeks mode: the approximation's error against full revaluation over the steps it was open. */
function greeksErrorTable(input: ReportInput): Table | null {
  const time = input.series.get(TIME_SERIES);
  if (!time) return null;
  const rows: Cell[][] = [];
  for (const mode of input.result.modes) {
    const error = input.series.get(methodSeries(mode.name, 'approximation_error'));
    const full = input.series.get(methodSeries(mode.name, 'full_revaluation'));
    const greeks = input.series.get(methodSeries(mode.name, 'greeks_loss'));
    if (!error || !full || !greeks) continue;
    let n = 0;
    let sumFull = 0;
    let sumGreeks = 0;
    let sumError = 0;
    let sumAbs = 0;
    let worst = -1;
    for (let t = 0; t < error.length; t++) {
      if (!(error[t] === error[t])) continue;
      n++;
      sumFull += full[t];
      sumGreeks += greeks[t];
      sumError += error[t];
      sumAbs += Math.abs(error[t]);
      if (worst < 0 || Math.abs(error[t]) > Math.abs(error[worst])) worst = t;
    }
    if (n === 0) continue;
    rows.push([
      cell(mode.name),
      cell(String(n), n),
      cell(formatAmount(sumFull / n), sumFull / n),
      cell(formatAmount(sumGreeks / n), sumGreeks / n),
      cell(formatAmount(sumError / n), sumError / n),
      cell(formatAmount(sumAbs / n), sumAbs / n),
      cell(formatPercent(sumFull > 0 ? sumAbs / sumFull : null, 1), sumFull > 0 ? sumAbs / sumFull : null),
      cell(formatAmount(error[worst]), error[worst], Math.abs(error[worst]) > 0.1 * Math.abs(full[worst]) ? 'warn' : null),
      cell(formatTime(time[worst])),
    ]);
  }
  if (rows.length === 0) return null;
  return {
    id: 'greeks-error',
    title: 'Greeks margin against full revaluation',
    note:
      'Per step, each unit\'s loss at the shocks the greeks method charges (price ± z·σ·√h, implied volatility ± the volatility shock) from its ' +
      'greeks (|Δ|·x + max(0, −½·Γ·x²) + |ν|·δσ) and by revaluing the book through the pricers at the same four corners, summed over units, ' +
      'in the price currency. Error = greeks − full revaluation (positive: the greeks overstate the loss); relative = mean |error| / mean full revaluation.',
    columns: [
      { label: 'mode' }, { label: 'steps', numeric: true }, { label: 'mean full revaluation', numeric: true }, { label: 'mean greeks loss', numeric: true },
      { label: 'mean error', numeric: true }, { label: 'mean |error|', numeric: true }, { label: 'relative', numeric: true }, { label: 'largest error', numeric: true }, { label: 'on' },
    ],
    rows,
    sortable: false,
  };
}
