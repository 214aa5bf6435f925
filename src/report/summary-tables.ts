import type { ModeCoverage, ModeSummary, RunResult } from '../result/run-result.js';
import { formatCount, formatDecimal, formatProbability } from './report-format.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatAmount, formatPercent } from './text-table.js';

const amount = (x: number | null | undefined, tone: Cell['tone'] = null) => cell(formatAmount(x), x ?? null, tone);
const count = (x: number) => cell(formatCount(x), x);

/** A table with one column per item (mode) and one row per figure: modes read side by side. */
export function sideBySide<T>(id: string, title: string, note: string, items: readonly T[], name: (x: T) => string, rows: [string, (x: T) => Cell][]): Table {
  return {
    id,
    title,
    note,
    columns: [{ label: 'figure' }, ...items.map((x) => ({ label: name(x), numeric: true }))],
    rows: rows.map(([label, f]) => [cell(label), ...items.map(f)]),
    sortable: false,
  };
}

/** Every mode side by side: what it liquidated, what it charged, where it ended. */
export function modesTable(result: RunResult): Table {
  const rows: [string, (m: ModeSummary) => Cell][] = [
    ['kind', (m) => cell(m.kind)],
    ['method', (m) => cell(m.method)],
    ['liquidations', (m) => cell(formatCount(m.liquidations), m.liquidations, m.liquidations > 0 ? 'warn' : null)],
    ['positions liquidated', (m) => count(m.positionsLiquidated)],
    ['first liquidation', (m) => cell(m.firstLiquidationTime ?? '-')],
    ['bad debt', (m) => amount(m.badDebt, (m.badDebt ?? 0) > 0 ? 'alert' : null)],
    ['liquidation fees', (m) => amount(m.liquidationFees)],
    ['final equity', (m) => amount(m.finalEquity)],
    ['P&L', (m) => amount(m.pnl)],
    ['min headroom', (m) => amount(m.minHeadroom)],
    ['mean requirement', (m) => amount(m.meanRequirement)],
    ['mean standalone sum', (m) => amount(m.meanStandaloneSum)],
    ['capital efficiency', (m) => cell(m.capitalEfficiency === null || m.capitalEfficiency === undefined ? '-' : `${formatDecimal(m.capitalEfficiency, 1)}×`, m.capitalEfficiency ?? null)],
    ['diversification benefit', (m) => cell(formatPercent(m.diversificationBenefit, 1), m.diversificationBenefit ?? null)],
  ];
  return sideBySide('modes', 'Margin modes side by side',
    'Same path, positions and capital in every mode. Capital efficiency: mean gross notional per unit of mean requirement. ' +
      'Diversification benefit: share of the standalone requirement not charged.',
    result.modes, (m) => m.name, rows);
}

const ZONE_TONE: Record<string, Cell['tone']> = { green: 'ok', yellow: 'warn', red: 'alert' };

/** The margin backtest of each cross mode: counts, Kupiec, Christoffersen, traffic light, severity. */
export function coverageTable(result: RunResult): Table {
  const overlapping = result.coverage.some((c) => c.overlapping);
  const h = result.run.horizonSteps;
  const rows: [string, (c: ModeCoverage) => Cell][] = [
    ['observations', (c) => count(c.observations)],
    ['exceedances', (c) => cell(formatCount(c.exceedances), c.exceedances, c.exceedances > 0 ? 'warn' : null)],
    ['exceedance rate', (c) => cell(formatPercent(c.rate), c.rate ?? null)],
    ['expected rate', (c) => cell(formatPercent(c.expectedRate), c.expectedRate ?? null)],
    ['Kupiec LR', (c) => cell(formatDecimal(c.kupiec?.lr), c.kupiec?.lr ?? null)],
    ['Kupiec p-value', (c) => cell(formatProbability(c.kupiec?.pValue), c.kupiec?.pValue ?? null)],
    ['independence p-value', (c) => cell(formatProbability(c.christoffersen?.pInd), c.christoffersen?.pInd ?? null)],
    ['conditional coverage p-value', (c) => cell(formatProbability(c.christoffersen?.pCc), c.christoffersen?.pCc ?? null)],
    ['traffic-light zone', (c) => { const zone = c.trafficLight?.zone ?? null; return cell(zone ?? '-', zone ?? '', zone ? ZONE_TONE[zone] ?? null : null); }],
    ['underfunded periods', (c) => count(c.periods)],
    ['steps, correlation breakdown', (c) => count(c.correlationBreakdown)],
    ['steps, volatility', (c) => count(c.volatility)],
    ['max shortfall', (c) => amount(c.maxShortfall, (c.maxShortfall ?? 0) > 0 ? 'alert' : null)],
    ['mean shortfall', (c) => amount(c.meanShortfall)],
  ];
  return sideBySide('coverage', 'Margin backtest (coverage)',
    `An exceedance is a step where the loss over the next ${h} step${h === 1 ? '' : 's'} exceeded the requirement held; expected rate 1 − confidence.` +
      (overlapping ? ` The ${h}-step windows overlap, so exceedances cluster even for a correct model: p-values and zones are indicative.` : ''),
    result.coverage, (c) => c.mode, rows);
}
