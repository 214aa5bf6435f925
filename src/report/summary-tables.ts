import { procyclicality } from '../backtest/procyclicality.js';
import { modeSeries } from '../engine/series-columns.js';
import type { ModeCoverage, ModeSummary, RunResult } from '../result/run-result.js';
import { formatCount, formatDecimal, formatMultiple, formatProbability, formatTime } from './report-format.js';
import type { ReportInput } from './report-input.js';
import { runWindow } from './run-window.js';
import { cell, type Cell, type Table } from './table-model.js';
import { currencyOf, formatPercent, moneyIn } from './text-table.js';

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
  const money = moneyIn(currencyOf(result));
  const amount = (x: number | null | undefined, tone: Cell['tone'] = null) => cell(money(x), x ?? null, tone);
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

/**
 * The margin backtest of each cross mode on every step: counts, Kupiec, Christoffersen, traffic light,
 * causes, severity. Indicative when the h-step windows overlap (the formal tests are in their own table).
 */
export function coverageTable(result: RunResult): Table {
  const money = moneyIn(currencyOf(result));
  const amount = (x: number | null | undefined, tone: Cell['tone'] = null) => cell(money(x), x ?? null, tone);
  const overlapping = result.coverage.some((c) => c.overlapping);
  const h = result.run.horizonSteps;
  const options = result.coverage.some((c) => (c.impliedVolatility ?? 0) > 0);
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
    ['cause: correlation breakdown', (c) => count(c.correlationBreakdown)],
    ['cause: volatility', (c) => count(c.volatility)],
    ...(options ? [['cause: implied volatility', (c: ModeCoverage) => count(c.impliedVolatility ?? 0)] as [string, (c: ModeCoverage) => Cell]] : []),
    ['standalone sum would have covered (L ≤ S)', (c) => count(c.standaloneCovered ?? 0)],
    ['max shortfall', (c) => amount(c.maxShortfall, (c.maxShortfall ?? 0) > 0 ? 'alert' : null)],
    ['mean shortfall', (c) => amount(c.meanShortfall)],
  ];
  return sideBySide('coverage', overlapping ? 'Margin backtest, indicative (every step, overlapping windows)' : 'Margin backtest (coverage)',
    `An exceedance is a step where the loss over the next ${h} step${h === 1 ? '' : 's'} exceeded the requirement held; expected rate 1 − confidence. ` +
      'Its cause is the factor whose realised value explains the largest positive part of the requirement\'s shortfall (Shapley attribution); "L ≤ S" counts, separately, the exceedances the sum of standalone requirements would have covered.' +
      (overlapping ? ` The ${h}-step windows overlap, so exceedances cluster even for a correct model: these p-values and zones are indicative; the formal tests on non-overlapping windows are above.` : ''),
    result.coverage, (c) => c.mode, rows);
}

/** Steps of the procyclicality window: 5 trading days at the data's frequency, at least 1 (calibration's default). */
export function procyclicalityWindowSteps(periodsPerYear: number, days = 5): number {
  return Math.max(1, Math.ceil((days * periodsPerYear) / 252 - 1e-9));
}

/**
 * Procyclicality of each mode's requirement along the path (EMIR RTS 153/2013 Art. 28; ESMA 2018): the
 * peak-to-trough ratio max R / min R over the steps with positions open, and the largest increase over
 * 5 trading days, with when it ended. From the per-step series; null when the run recorded none.
 */
export function procyclicalityTable(input: ReportInput): Table | null {
  const window = runWindow(input);
  if (!window) return null;
  const steps = procyclicalityWindowSteps(input.result.data.frequency.periodsPerYear);
  const figures = input.result.modes.map((m) => {
    const requirement = window.series.get(modeSeries(m.name, 'requirement'));
    const open = window.series.get(modeSeries(m.name, 'open'));
    if (!requirement || !open) return null;
    const held: number[] = [];
    const at: number[] = [];
    for (let t = window.from; t <= window.to; t++) {
      if (open[t] > 0 && Number.isFinite(requirement[t])) {
        held.push(requirement[t]);
        at.push(t);
      }
    }
    if (held.length < 2) return null;
    const p = procyclicality(held, { window: Math.min(steps, held.length - 1) });
    return { ...p, time: p.largestIncreaseAt >= 0 ? window.time[at[p.largestIncreaseAt]] : null };
  });
  if (figures.every((f) => f === null)) return null;
  const items = input.result.modes.map((m, k) => ({ name: m.name, f: figures[k] }));
  return sideBySide('procyclicality', 'Procyclicality of the requirement',
    `EMIR RTS 153/2013 Art. 28 and ESMA's anti-procyclicality guidelines (2018): how hard margin calls jump when markets turn. Peak-to-trough: the largest requirement over the smallest while positions were open; largest increase over ${steps} step${steps === 1 ? '' : 's'} (5 trading days).`,
    items, (x) => x.name, [
      ['peak-to-trough', (x) => cell(x.f ? formatMultiple(x.f.peakToTrough, 2) : '-', x.f?.peakToTrough ?? null)],
      [`largest ${steps}-step increase`, (x) => cell(x.f ? (x.f.largestIncrease >= 1e4 ? `+${formatMultiple(x.f.largestIncrease, 0)}` : formatPercent(x.f.largestIncrease, 1)) : '-', x.f?.largestIncrease ?? null, (x.f?.largestIncrease ?? 0) > 1 ? 'warn' : null)],
      ['ending on', (x) => cell(formatTime(x.f?.time ?? null))],
    ]);
}
