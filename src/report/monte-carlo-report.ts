import type { RunResult } from '../result/run-result.js';
import type { Distribution } from '../result/monte-carlo-summary.js';
import { interval } from './decision-panel.js';
import { formatCount, formatDecimal } from './report-format.js';
import { renderFanChart } from './category-chart.js';
import { PALETTE, type ChartSpec } from './svg-chart.js';
import { sideBySide } from './summary-tables.js';
import { cell, type Cell, type Table } from './table-model.js';
import { currencyOf, formatPercent, moneyIn, type Money } from './text-table.js';

const decimal = (x: number | null | undefined) => cell(formatDecimal(x, 2), x ?? null);

/** Rows of a distribution's summary: mean, min, the tail quantiles both sides, the median, max. */
function distributionRows<T>(label: string, d: (x: T) => Distribution, format: (x: number) => Cell, tails: 'low' | 'high' | 'both' = 'both'): [string, (x: T) => Cell][] {
  const low: [string, (x: T) => Cell][] = tails === 'high' ? [] : [
    [`${label}: 0.1%`, (x) => format(d(x).quantiles.p001)],
    [`${label}: 1%`, (x) => format(d(x).quantiles.p01)],
  ];
  const high: [string, (x: T) => Cell][] = tails === 'low' ? [] : [[`${label}: 99.9%`, (x) => format(d(x).quantiles.p999)]];
  return [
    [`${label}: mean`, (x) => format(d(x).mean)],
    [`${label}: min`, (x) => format(d(x).min)],
    ...low,
    [`${label}: 5%`, (x) => format(d(x).quantiles.p05)],
    [`${label}: median`, (x) => format(d(x).quantiles.p50)],
    [`${label}: 95%`, (x) => format(d(x).quantiles.p95)],
    [`${label}: 99%`, (x) => format(d(x).quantiles.p99)],
    ...high,
    [`${label}: max`, (x) => format(d(x).max)],
  ];
}

/**
 * Per mode, per cross mode and per avoided family: the distributions over every path of a Monte Carlo run.
 * Every probability carries its 95 % Wilson interval over the paths; quantiles reach into both tails (the
 * loss tail of final equity: 0.1 % and 1 %; of the largest shortfall: 99 % and 99.9 %).
 */
export function monteCarloTables(result: RunResult): Table[] {
  const mc = result.monteCarlo;
  if (!mc) return [];
  const n = mc.runs;
  const money: Money = moneyIn(currencyOf(result));
  const amount = (x: number | null | undefined) => cell(money(x), x ?? null);
  const pct = (x: number | null | undefined, digits = 2, tone: Cell['tone'] = null) => cell(x === null || x === undefined ? '-' : `${formatPercent(x, digits)} ${interval(x, n)}`, x ?? null, tone);
  const paths = `${formatCount(n)} paths`;
  type Mode = (typeof mc.modes)[number];
  type Under = (typeof mc.underfunding)[number];
  type Avoided = (typeof mc.avoided)[number];
  const modeRows: [string, (m: Mode) => Cell][] = [
    ['P(liquidation)', (m) => pct(m.liquidationProbability)],
    ['P(wiped out)', (m) => pct(m.wipedOutProbability)],
    ['P(bad debt)', (m) => pct(m.badDebtProbability, 2, m.badDebtProbability > 0 ? 'alert' : null)],
    ['mean liquidations', (m) => decimal(m.meanLiquidations)],
    ['mean bad debt', (m) => amount(m.meanBadDebt)],
    ['mean liquidation fees', (m) => amount(m.meanLiquidationFees)],
    ['mean requirement', (m) => amount(m.meanRequirement)],
    ['capital efficiency', (m) => cell(m.capitalEfficiency === null ? '-' : `${formatDecimal(m.capitalEfficiency, 1)}×`, m.capitalEfficiency)],
    ...distributionRows<Mode>('final equity', (m) => m.finalEquity, amount, 'low'),
  ];
  const implied = mc.underfunding.some((u) => (u.byCause.implied_volatility?.probability ?? 0) > 0);
  const underRows: [string, (u: Under) => Cell][] = [
    ['P(underfunded)', (u) => pct(u.probability, 2, u.probability > u.expectedProbability.independent ? 'alert' : null)],
    ['calibrated model would show', (u) => cell(`${formatPercent(u.expectedProbability.nonOverlapping, 1)}–${formatPercent(u.expectedProbability.independent, 1)}`, u.expectedProbability.independent)],
    ['exceedance rate (pooled)', (u) => cell(formatPercent(u.exceedanceRate, 3), u.exceedanceRate)],
    ['expected rate', (u) => cell(formatPercent(u.expectedRate, 2), u.expectedRate)],
    ['exceedances / observations', (u) => cell(`${formatCount(u.exceedances)} / ${formatCount(u.observations)}`, u.exceedances)],
    ['P(an exceedance with L ≤ S)', (u) => pct(u.standaloneCoveredProbability)],
    ...(['correlation_breakdown', 'volatility', 'implied_volatility'] as const).filter((c) => c !== 'implied_volatility' || implied).flatMap((cause): [string, (u: Under) => Cell][] => {
      const name = cause === 'correlation_breakdown' ? 'corr. breakdown' : cause === 'volatility' ? 'volatility' : 'implied vol.';
      return [
        [`P(${name})`, (u) => pct(u.byCause[cause].probability)],
        [`${name}: mean count per path`, (u) => decimal(u.byCause[cause].meanCount)],
        [`${name}: mean shortfall`, (u) => amount(u.byCause[cause].meanShortfall)],
        [`${name}: expected shortfall per path`, (u) => amount(u.byCause[cause].expectedShortfall)],
      ];
    }),
    ...distributionRows<Under>('largest shortfall', (u) => u.maxShortfall, amount, 'high'),
  ];
  const avoidedRows: [string, (a: Avoided) => Cell][] = [
    ['P(avoided for good ≥ 1)', (a) => pct(a.forGoodProbability)],
    ['avoided for good per path', (a) => decimal(a.meanForGood)],
    ['mean capital saved, for good', (a) => amount(a.meanCapitalSavedForGood)],
    ['mean capital saved, postponed', (a) => amount(a.meanCapitalSavedPostponed)],
    ['P(kept alive at the time ≥ 1)', (a) => pct(a.probability)],
    ['kept alive per path: mean', (a) => decimal(a.count.mean)],
    ['kept alive per path: 95%', (a) => decimal(a.count.quantiles.p95)],
    ['kept alive per path: max', (a) => decimal(a.count.max)],
    ['mean capital saved, all', (a) => amount(a.meanCapitalSaved)],
    ['mean isolated loss', (a) => amount(a.meanIsolatedLoss)],
  ];
  return [
    sideBySide('mc-modes', 'Liquidation and final equity across paths', `Shares of ${paths}, with 95 % Wilson intervals; quantiles are exact over every path (0.1 % and 1 %: the loss tail).`, mc.modes, (m) => m.name, modeRows),
    sideBySide('mc-underfunding', 'Underfunding across paths',
      `P(·): share of ${paths} with at least one exceedance (of that cause), with 95 % Wilson intervals. Calibrated: the share a correctly calibrated model would show at each path's observation count, mean over paths of 1 − (1 − p)ⁿ, with n the path's non-overlapping windows (exact: their hits are independent) up to n its steps (independent steps; overlapping windows cluster hits and lower it). The exceedance rate pools every observation of every path. Expected shortfall: mean uncovered amount per path.`,
      mc.underfunding, (u) => u.mode, underRows),
    sideBySide('mc-avoided', 'Liquidations avoided by cross margin across paths',
      `Share of ${paths} on which the cross mode kept alive a position isolated margin liquidated: for good (never liquidated later in that mode) or only postponed.`, mc.avoided, (a) => a.mode, avoidedRows),
  ].filter((t) => t.columns.length > 1);
}

/**
 * A quantile fan per row: whiskers min–max, box 5 %–95 % with the median, a dot at the 99 % quantile and a
 * diamond at the mean. Drawn from the quantiles in result.json (the paths themselves are not kept).
 */
function fanChart(title: string, rows: { name: string; d: Distribution }[], reference: { label: string; value: number } | null, width: number): string {
  return renderFanChart({
    title,
    width,
    colour: PALETTE[0],
    reference,
    rows: rows.map(({ name, d }) => ({ name, min: d.min, p05: d.quantiles.p05, p50: d.quantiles.p50, p95: d.quantiles.p95, p99: d.quantiles.p99, max: d.max, mean: d.mean })),
  });
}

/** Distribution charts of a Monte Carlo run: final equity per mode, largest shortfall per cross mode. */
export function monteCarloCharts(result: RunResult, width: number): ChartSpec[] {
  const mc = result.monteCarlo;
  if (!mc) return [];
  const charts: ChartSpec[] = [];
  if (mc.modes.length > 0) {
    const title = 'Final equity across paths';
    charts.push({
      id: 'mc-final-equity',
      title,
      caption: `Distribution of final equity per mode over ${formatCount(mc.runs)} paths: box 5%–95% with the median, whiskers min–max, dot 99%, diamond mean; dashed: the capital${currencyOf(result) ? ` (${currencyOf(result)})` : ''}.`,
      svg: fanChart(title, mc.modes.map((m) => ({ name: m.name, d: m.finalEquity })), { label: 'capital', value: result.run.capital }, width),
    });
  }
  if (mc.underfunding.length > 0) {
    const title = 'Largest shortfall per path';
    charts.push({
      id: 'mc-max-shortfall',
      title,
      caption: `Distribution over ${formatCount(mc.runs)} paths of each path's largest shortfall (loss beyond the requirement held; 0 on paths never underfunded), per cross mode.`,
      svg: fanChart(title, mc.underfunding.map((u) => ({ name: u.mode, d: u.maxShortfall })), null, width),
    });
  }
  return charts;
}
