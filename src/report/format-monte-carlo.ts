import type { RunResult } from '../result/run-result.js';
import { formatCount } from './report-format.js';
import { alignColumns, formatAmount, formatPercent } from './text-table.js';
import type { ShardRun } from '../montecarlo/run-monte-carlo.js';

/**
 * The console lines of a Monte Carlo run, printed above the representative path's summary: per mode the
 * probability of liquidation and wipe-out and the final-equity quantiles; per cross mode the underfunding
 * probability by cause and the liquidations it avoided. Empty for a historical result.
 */
export function formatMonteCarloSummary(result: RunResult): string {
  const mc = result.monteCarlo;
  if (!mc) return '';
  const header = ['mode', 'P(liquidation)', 'P(wiped out)', 'P(bad debt)', 'final equity p05', 'p50', 'p95', 'P(underfunded)', 'corr. breakdown', 'volatility'];
  const under = new Map(mc.underfunding.map((u) => [u.mode, u]));
  const rows = mc.modes.map((m) => {
    const u = under.get(m.name);
    return [
      m.name,
      formatPercent(m.liquidationProbability, 1),
      formatPercent(m.wipedOutProbability, 1),
      formatPercent(m.badDebtProbability, 1),
      formatAmount(m.finalEquity.quantiles.p05),
      formatAmount(m.finalEquity.quantiles.p50),
      formatAmount(m.finalEquity.quantiles.p95),
      u ? formatPercent(u.probability, 1) : '-',
      u ? formatPercent(u.byCause.correlation_breakdown.probability, 1) : '-',
      u ? formatPercent(u.byCause.volatility.probability, 1) : '-',
    ];
  });
  const lines = [
    `Monte Carlo: ${formatCount(mc.runs)} paths × ${mc.steps} steps, seed ${mc.seed}, ${mc.generator.description}`,
    ...result.run.overlays.map((o) => `overlay: ${o}`),
    '',
    ...alignColumns([header, ...rows], [false, true, true, true, true, true, true, true, true, true]),
    '',
  ];
  for (const a of mc.avoided) {
    lines.push(
      `liquidations avoided by ${a.mode}: on ${formatPercent(a.probability, 1)} of paths, mean ${a.count.mean.toFixed(2)} per path ` +
        `(p95 ${a.count.quantiles.p95}); mean net capital saved ${formatAmount(a.meanCapitalSaved)}`,
    );
  }
  lines.push(`representative path ${mc.representativePath}:`, '');
  return lines.join('\n');
}

/** One line for a finished shard. */
export function formatShardLine(run: ShardRun): string {
  const { index, count, from, to } = run.shard;
  return `shard ${index}/${count}: paths ${from}–${to - 1} (${to - from}) written to ${run.outDir}/; combine all ${count} with xmargin merge\n`;
}
