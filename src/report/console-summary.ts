import type { RunResult } from '../result/run-result.js';
import { alignColumns, formatAmount, formatPercent } from './text-table.js';

/** The console summary of a run: one table of modes, then the two event families in a line each. */
export function formatRunSummary(result: RunResult, outDir: string): string {
  const coverage = new Map(result.coverage.map((c) => [c.mode, c]));
  const header = ['mode', 'method', 'liquidations', 'bad debt', 'final equity', 'min headroom', 'mean requirement', 'exceedances', 'corr. breakdown', 'zone'];
  const rows = result.modes.map((m) => {
    const c = coverage.get(m.name);
    return [
      m.name,
      m.method,
      String(m.liquidations),
      formatAmount(m.badDebt),
      formatAmount(m.finalEquity),
      formatAmount(m.minHeadroom),
      formatAmount(m.meanRequirement),
      c ? `${c.exceedances}/${c.observations}` : '-',
      c ? String(c.correlationBreakdown) : '-',
      c?.trafficLight?.zone ?? '-',
    ];
  });
  const { run, data, events } = result;
  const lines = [
    `${result.scenario.name}: ${data.assets.join(', ')} · ${run.openTime} → ${run.lastTime} (${run.steps} steps, ${data.frequency.label})`,
    `h = ${run.horizonSteps} step(s), confidence ${formatPercent(run.confidence, 1)}, estimator ${run.estimator ?? 'none'}, capital ${formatAmount(run.capital)}`,
    '',
    ...alignColumns([header, ...rows], [false, false, true, true, true, true, true, true, true, false]),
    '',
  ];
  for (const a of result.avoided) {
    lines.push(`liquidations avoided by ${a.mode}: ${a.count} (isolated lost ${formatAmount(a.isolatedLoss)}; net capital saved ${formatAmount(a.capitalSaved)})`);
  }
  lines.push(
    `underfunded steps: ${events.underfunded} (correlation breakdown ${events.underfundedByCause.correlation_breakdown}, volatility ${events.underfundedByCause.volatility})`,
    `output: ${outDir}/  (digest ${result.digest.slice(0, 12)})`,
    '',
  );
  return lines.join('\n');
}
