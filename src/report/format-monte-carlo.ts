import type { RunResult } from '../result/run-result.js';
import { interval } from './decision-panel.js';
import { formatCount } from './report-format.js';
import { alignColumns, currencyOf, formatAmount, formatPercent } from './text-table.js';
import type { ShardRun } from '../montecarlo/run-monte-carlo.js';

/**
 * The console lines of a Monte Carlo run, printed after the decision: per mode the probability of
 * liquidation, wipe-out and bad debt (each with its 95 % Wilson interval) and the final-equity quantiles
 * down the loss tail; per cross mode the share of paths underfunded against what a calibrated model would
 * show, by cause, and the liquidations it avoided for good. Empty for a historical result.
 */
export function formatMonteCarloSummary(result: RunResult): string {
  const mc = result.monteCarlo;
  if (!mc) return '';
  const n = mc.runs;
  const money = (x: number | null | undefined) => formatAmount(x, currencyOf(result));
  const p = (x: number) => `${formatPercent(x, 1)} ${interval(x, n)}`;
  const header = ['mode', 'P(liquidation)', 'P(wiped out)', 'P(bad debt)', 'final equity p01', 'p05', 'p50', 'P(underfunded)', 'calibrated', 'corr. breakdown'];
  const under = new Map(mc.underfunding.map((u) => [u.mode, u]));
  const rows = mc.modes.map((m) => {
    const u = under.get(m.name);
    return [
      m.name,
      p(m.liquidationProbability),
      p(m.wipedOutProbability),
      p(m.badDebtProbability),
      money(m.finalEquity.quantiles.p01),
      money(m.finalEquity.quantiles.p05),
      money(m.finalEquity.quantiles.p50),
      u ? p(u.probability) : '-',
      u ? `${formatPercent(u.expectedProbability.nonOverlapping, 1)}–${formatPercent(u.expectedProbability.independent, 1)}` : '-',
      u ? formatPercent(u.byCause.correlation_breakdown.probability, 1) : '-',
    ];
  });
  const lines = [
    `Monte Carlo: ${formatCount(n)} synthetic paths × ${mc.steps} steps, seed ${mc.seed}, ${mc.generator.description}`,
    ...result.run.overlays.map((o) => `overlay: ${o}`),
    ...alignColumns([header, ...rows], [false, true, true, true, true, true, true, true, true, true]).map((l) => `  ${l}`),
  ];
  for (const a of mc.avoided) {
    lines.push(
      `liquidations avoided by ${a.mode}: for good on ${p(a.forGoodProbability)} of paths (kept alive at the time on ${formatPercent(a.probability, 1)}), ` +
        `${a.meanForGood.toFixed(2)} for good per path; mean capital saved ${money(a.meanCapitalSavedForGood)} for good, ${money(a.meanCapitalSavedPostponed)} postponed`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** One line for a finished shard. */
export function formatShardLine(run: ShardRun): string {
  const { index, count, from, to } = run.shard;
  return `shard ${index}/${count}: paths ${from}–${to - 1} (${to - from}) written to ${run.outDir}/; combine all ${count} with xmargin merge\n`;
}
