import type { RunResult } from '../result/run-result.js';
import type { Distribution } from '../result/monte-carlo-summary.js';
import { formatCount, formatDecimal } from './report-format.js';
import { renderFanChart } from './category-chart.js';
import { PALETTE, type ChartSpec } from './svg-chart.js';
import { sideBySide } from './summary-tables.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatAmount, formatPercent } from './text-table.js';

const pct = (x: number | null | undefined, digits = 1) => cell(formatPercent(x, digits), x ?? null);
const amount = (x: number | null | undefined) => cell(formatAmount(x), x ?? null);
const decimal = (x: number | null | undefined) => cell(formatDecimal(x, 2), x ?? null);

/** Rows of a distribution's summary: mean, min, the quantiles, max. */
function distributionRows<T>(label: string, d: (x: T) => Distribution, format: (x: number) => Cell = amount): [string, (x: T) => Cell][] {
  return [
    [`${label}: mean`, (x) => format(d(x).mean)],
    [`${label}: min`, (x) => format(d(x).min)],
    [`${label}: 5%`, (x) => format(d(x).quantiles.p05)],
    [`${label}: median`, (x) => format(d(x).quantiles.p50)],
    [`${label}: 95%`, (x) => format(d(x).quantiles.p95)],
    [`${label}: 99%`, (x) => format(d(x).quantiles.p99)],
    [`${label}: max`, (x) => format(d(x).max)],
  ];
}

/** Per mode, per cross mode and per avoided family: the distributions over every path of a Monte Carlo run. */
export function monteCarloTables(result: RunResult): Table[] {
  const mc = result.monteCarlo;
  if (!mc) return [];
  const paths = `${formatCount(mc.runs)} paths`;
  type Mode = (typeof mc.modes)[number];
  type Under = (typeof mc.underfunding)[number];
  type Avoided = (typeof mc.avoided)[number];
  const modeRows: [string, (m: Mode) => Cell][] = [
    ['P(liquidation)', (m) => pct(m.liquidationProbability)],
    ['P(wiped out)', (m) => pct(m.wipedOutProbability)],
    ['P(bad debt)', (m) => cell(formatPercent(m.badDebtProbability, 2), m.badDebtProbability, m.badDebtProbability > 0 ? 'alert' : null)],
    ['mean liquidations', (m) => decimal(m.meanLiquidations)],
    ['mean bad debt', (m) => amount(m.meanBadDebt)],
    ['mean liquidation fees', (m) => amount(m.meanLiquidationFees)],
    ['mean requirement', (m) => amount(m.meanRequirement)],
    ['capital efficiency', (m) => cell(m.capitalEfficiency === null ? '-' : `${formatDecimal(m.capitalEfficiency, 1)}×`, m.capitalEfficiency)],
    ...distributionRows<Mode>('final equity', (m) => m.finalEquity),
  ];
  const underRows: [string, (u: Under) => Cell][] = [
    ['P(underfunded)', (u) => pct(u.probability)],
    ['exceedance rate (pooled)', (u) => pct(u.exceedanceRate, 2)],
    ['expected rate', (u) => pct(u.expectedRate, 2)],
    ['exceedances / observations', (u) => cell(`${formatCount(u.exceedances)} / ${formatCount(u.observations)}`, u.exceedances)],
    ...(['correlation_breakdown', 'volatility'] as const).flatMap((cause): [string, (u: Under) => Cell][] => {
      const name = cause === 'correlation_breakdown' ? 'corr. breakdown' : 'volatility';
      return [
        [`P(${name})`, (u) => pct(u.byCause[cause].probability)],
        [`${name}: mean count per path`, (u) => decimal(u.byCause[cause].meanCount)],
        [`${name}: mean shortfall`, (u) => amount(u.byCause[cause].meanShortfall)],
        [`${name}: expected shortfall per path`, (u) => amount(u.byCause[cause].expectedShortfall)],
      ];
    }),
    ...distributionRows<Under>('largest shortfall', (u) => u.maxShortfall),
  ];
  const avoidedRows: [string, (a: Avoided) => Cell][] = [
    ['P(avoided ≥ 1)', (a) => pct(a.probability)],
    ...distributionRows<Avoided>('avoided per path', (a) => a.count, (x) => cell(Number.isInteger(x) ? formatCount(x) : formatDecimal(x, 2), x)).filter(([l]) => !l.endsWith('min')),
    ['mean capital saved', (a) => amount(a.meanCapitalSaved)],
    ['mean isolated loss', (a) => amount(a.meanIsolatedLoss)],
  ];
  return [
    sideBySide('mc-modes', 'Liquidation and final equity across paths', `Shares of ${paths}; quantiles are exact over every path.`, mc.modes, (m) => m.name, modeRows),
    sideBySide('mc-underfunding', 'Underfunding across paths',
      `P(·): share of ${paths} with at least one exceedance (of that cause). The exceedance rate pools every observation of every path. Expected shortfall: mean uncovered amount per path.`,
      mc.underfunding, (u) => u.mode, underRows),
    sideBySide('mc-avoided', 'Liquidations avoided by cross margin across paths',
      `Share of ${paths} on which the cross mode kept alive a position isolated margin liquidated, and how many per path.`, mc.avoided, (a) => a.mode, avoidedRows),
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
      caption: `Distribution of final equity per mode over ${formatCount(mc.runs)} paths: box 5%–95% with the median, whiskers min–max, dot 99%, diamond mean; dashed: the capital.`,
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
