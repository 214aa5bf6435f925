import { alignColumns, formatAmount, formatPercent } from '../report/text-table.js';
import type { CalibrationRun } from './run-calibration.js';

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** The console summary of a calibration: the ranked table per mode, the notes and where the files went. */
export function formatCalibrationSummary(run: CalibrationRun): string {
  const { result } = run;
  const { inputs } = result;
  const lines = [
    `${result.scenario.name}: ${inputs.configurations.length} configurations × ${inputs.books.length} books · ${inputs.openTime} → ${inputs.lastTime} · h = ${inputs.horizonSteps} step(s), confidence ${formatPercent(inputs.confidence, 1)} (expected rate ${formatPercent(inputs.expectedRate)})`,
  ];
  for (const note of result.notes) lines.push(`  note: ${note}`);
  const header = ['rank', 'configuration', 'passing', 'exceed.', 'rate', 'kupiec p', 'zone', 'mean req.', 'req/gross', 'max shortfall', 'peak/trough', `max ${inputs.procyclicalityDays}d up`, 'corr. brk', 'fcst err', 'front'];
  for (const mode of [...new Set(result.aggregates.map((a) => a.mode))]) {
    const ranked = result.aggregates.filter((a) => a.mode === mode).sort((a, b) => a.rank - b.rank);
    const rows = ranked.map((r) => [
      String(r.rank), r.label, `${r.passing}/${r.books}`, `${r.exceedances}/${r.observations}`, formatPercent(r.rate), fixed(r.kupiecP, 3), r.zone,
      formatAmount(r.meanRequirement), formatPercent(r.requirementToGross), formatAmount(r.shortfallLargest), fixed(r.peakToTrough, 2),
      formatPercent(r.largestIncrease, 1), String(r.correlationBreakdown), fixed(r.forecastError, 3), r.pareto ? '*' : '',
    ]);
    lines.push('', `mode ${mode}:`, ...alignColumns([header, ...rows], [true, false, true, true, true, true, false, true, true, true, true, true, true, true, false]));
  }
  lines.push('', `ranked by books passing (Kupiec p ≥ 0.05 and green), then mean requirement; * = Pareto front of mean requirement vs |rate − expected|`,
    `output: ${run.outDir}/  (digest ${result.digest.slice(0, 12)})`, '');
  return lines.join('\n');
}
