import { formatAmount, formatPercent } from '../report/text-table.js';
import { frontierChartSvg, timelineChartSvg } from './calibration-charts.js';
import type { CalibrationRow } from './calibration-row.js';
import type { CalibrationRun } from './calibration-result.js';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/**
 * `calibration.html`: self-contained (inline CSS and SVG, no script, no external resource). The ranked
 * table per mode, the efficiency/coverage frontier as server-side ECharts SVG, and the exceedance
 * timelines of the best three configurations on the scenario's book. Every text from the inputs is escaped.
 */
export function calibrationHtml(run: CalibrationRun): string {
  const { result, timelines } = run;
  const { inputs } = result;
  const e = escapeHtml;
  const modes = [...new Set(result.aggregates.map((a) => a.mode))];
  const sections: string[] = [];
  for (const mode of modes) {
    const ranked = result.aggregates.filter((a) => a.mode === mode).sort((a, b) => a.rank - b.rank);
    sections.push(`<h2>Ranking — mode ${e(mode)}</h2>`, rankedTable(ranked, inputs.expectedRate));
    sections.push(`<h3>Efficiency against coverage</h3><figure>${frontierChartSvg(ranked)}</figure>`,
      `<p class="note">Red: the Pareto front (no other configuration has both a lower mean requirement and a smaller coverage error).</p>`);
    const best = ranked.slice(0, 3);
    sections.push(`<h3>Exceedance timelines of the best three (scenario book)</h3>`);
    for (const row of best) {
      const timeline = timelines[row.configuration]?.find((t) => t.mode === mode);
      const own = result.rows.find((r) => r.configuration === row.configuration && r.bookIndex === 0 && r.mode === mode);
      if (!timeline || !own) continue;
      sections.push(`<h4>#${row.rank} ${e(row.label)}: ${own.exceedances} exceedance${own.exceedances === 1 ? '' : 's'} in ${own.observations} steps (${e(formatPercent(own.rate))}), zone ${e(own.zone)}</h4>`,
        `<figure>${timelineChartSvg(timeline)}</figure>`);
    }
  }
  const books = inputs.books.map((b) => `<tr><td>${e(b.name)}</td><td>${b.positions.map((p) => `${e(p.asset)} ${e(formatAmount(p.notional ?? NaN))}${p.quantity !== undefined ? ` q=${e(String(p.quantity))}` : ''}`).join(', ')}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calibration — ${e(result.scenario.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
table{border-collapse:collapse;font-size:13px;margin:1em 0}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.green{color:#1e8449}.yellow{color:#b7950b}.red{color:#c0392b;font-weight:bold}
.note{color:#555;font-size:13px}figure{margin:0}details{margin:1em 0}
</style></head><body>
<h1>Correlation-model calibration — ${e(result.scenario.name)}</h1>
<p>${e(result.scenario.description)}</p>
<ul>
<li>Data ${e(result.data.file)} (${e(result.data.frequency)}), ${e(result.data.from)} → ${e(result.data.to)}; every configuration opens ${e(inputs.openTime)} (step ${inputs.openStep}).</li>
<li>Margin period of risk h = ${inputs.horizonSteps} step(s) (${inputs.horizonDays} days), confidence ${e(formatPercent(inputs.confidence, 1))}: expected exceedance rate ${e(formatPercent(inputs.expectedRate))}.</li>
<li>${inputs.configurations.length} configurations × ${inputs.books.length} books (the scenario's and ${inputs.portfolios} random, seed ${inputs.seed}); books ${inputs.bookPolicy === 'hold' ? 'held with unlimited collateral' : 'run with the scenario capital'}.</li>
<li>Acceptance per book: Kupiec p ≥ ${inputs.acceptance.kupiecP} and traffic light green. Procyclicality over ${inputs.procyclicalityDays} days (${inputs.procyclicalityWindowSteps} steps); forecast error against the correlation realised over the next ${inputs.forecastWindowSteps} steps.</li>
${result.notes.map((n) => `<li class="${n.startsWith('NOT TRUSTWORTHY') ? 'red' : 'note'}">${e(n)}</li>`).join('\n')}
</ul>
${sections.join('\n')}
<h2>Method</h2>
<p class="note">Ranking, within each mode: most books passing first; then lower mean requirement (mean over books); then smaller |pooled rate − expected|; then grid order.
Aggregates pool counts over books (Σ exceedances / Σ observations; Kupiec on the pooled counts is indicative since books share the same days), take the worst zone, the largest shortfall and procyclicality figures, and mean requirement and forecast error over books.
Every row of every book is in calibration.csv and calibration.arrow.</p>
<details><summary>Books</summary><table><tr><th class="l">book</th><th class="l">legs (asset notional)</th></tr>${books}</table></details>
<p class="note">xmargin ${e(result.software.version)} · ${e(result.schema)} · digest ${e(result.digest)}</p>
</body></html>
`;
}

function rankedTable(rows: readonly CalibrationRow[], expected: number): string {
  const e = escapeHtml;
  const head = ['rank', 'configuration', 'books passing', 'exceedances', 'rate', 'pooled Kupiec p', 'worst zone', 'mean requirement', 'requirement / gross',
    'largest shortfall', 'mean shortfall', 'peak / trough', 'largest n-day increase', 'corr. breakdown', 'forecast error', 'front'];
  const body = rows.map((r) => `<tr><td>${r.rank}</td><td class="l">${e(r.label)}</td><td>${r.passing}/${r.books}</td><td>${r.exceedances}/${r.observations}</td>` +
    `<td>${e(formatPercent(r.rate))}</td><td>${e(fixed(r.kupiecP, 3))}</td><td class="l ${e(r.zone)}">${e(r.zone)}</td><td>${e(formatAmount(r.meanRequirement))}</td>` +
    `<td>${e(formatPercent(r.requirementToGross))}</td><td>${e(formatAmount(r.shortfallLargest))}</td><td>${e(formatAmount(r.shortfallMean))}</td>` +
    `<td>${e(fixed(r.peakToTrough, 2))}</td><td>${e(formatPercent(r.largestIncrease, 1))}</td><td>${r.correlationBreakdown}</td><td>${e(fixed(r.forecastError, 3))}</td>` +
    `<td>${r.pareto ? '★' : ''}</td></tr>`).join('\n');
  return `<table><tr>${head.map((h, i) => `<th${i === 1 || i === 6 ? ' class="l"' : ''}>${e(h)}</th>`).join('')}</tr>\n${body}</table>
<p class="note">Expected rate ${e(formatPercent(expected))}. Shortfalls and requirements in the book's currency.</p>`;
}
