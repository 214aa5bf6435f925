import { canonicalJson } from '../core/canonical-json.js';
import { validateEstimatorSpec } from '../correlation/estimator-spec.js';
import { currencyOf, formatAmount, formatPercent } from '../report/text-table.js';
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
  const current = currentConfiguration(run);
  const currency = currencyOf(result);
  const sections: string[] = [];
  if (current === null) {
    const spec = (result.scenario.echo as { correlation?: unknown } | null)?.correlation;
    sections.push(`<p class="note">The scenario's own estimator (${e(JSON.stringify(spec ?? null))}) is not in this grid: add it (for example with --grid or --ewma) to see where the current model ranks.</p>`);
  }
  for (const mode of modes) {
    const ranked = result.aggregates.filter((a) => a.mode === mode).sort((a, b) => a.rank - b.rank);
    sections.push(`<h2>Ranking — mode ${e(mode)}</h2>`, `<p class="verdict">${e(frontNote(ranked, current))}</p>`, rankedTable(ranked, inputs.expectedRate, current, currency));
    sections.push(`<h3>Efficiency against coverage</h3><figure>${frontierChartSvg(ranked, undefined, undefined, currency)}</figure>`,
      `<p class="note">Red: the Pareto front (no other configuration has both a lower mean requirement and a smaller coverage error). The ranking puts coverage acceptability first (books passing Kupiec and the green zone), which the front does not look at: that is how a rank can sit off the front.</p>`);
    const best = ranked.slice(0, 3);
    sections.push(`<h3>Exceedance timelines of the best three (scenario book)</h3>`);
    for (const row of best) {
      const timeline = timelines[row.configuration]?.find((t) => t.mode === mode);
      const own = result.rows.find((r) => r.configuration === row.configuration && r.bookIndex === 0 && r.mode === mode);
      if (!timeline || !own) continue;
      sections.push(`<h4>#${row.rank} ${e(row.label)}: ${own.exceedances} exceedance${own.exceedances === 1 ? '' : 's'} in ${own.observations} steps (${e(formatPercent(own.rate))}), zone ${e(own.zone)}</h4>`,
        `<figure>${timelineChartSvg(timeline, undefined, undefined, currency)}</figure>`);
    }
  }
  const books = inputs.books.map((b) => `<tr><td>${e(b.name)}</td><td>${b.positions.map((p) => `${e(p.asset)} ${e(formatAmount(p.notional ?? NaN))}${p.quantity !== undefined ? ` q=${e(String(p.quantity))}` : ''}`).join(', ')}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Calibration — ${e(result.scenario.name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em;-webkit-text-size-adjust:100%;overflow-wrap:break-word}
h1{overflow-wrap:anywhere}
.scroll{overflow-x:auto;margin:1em 0}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right;white-space:nowrap}
th{background:#f4f4f4}td.l,th.l{text-align:left}.green{color:#1e8449}.yellow{color:#b7950b}.red{color:#c0392b;font-weight:bold}
tr.current td{background:#eef5fb}.badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;background:#0868ac;color:#fff;font-size:11px;font-weight:600}
.note{color:#555;font-size:13px}.verdict{font-weight:600}figure{margin:0}figure svg{width:100%;height:auto;display:block}details{margin:1em 0}
@media (max-width:480px){body{margin:1em auto;padding:0 10px}h1{font-size:20px}h2{font-size:17px}ul{padding-left:18px}}
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
<p class="note">Ranking, within each mode: most books passing first; then lower mean requirement (mean over books); then smaller |pooled rate − expected|; then grid order. The Pareto front looks only at the last two (mean requirement and |pooled rate − expected|), so a configuration that more books accept can rank above one on the front.
Aggregates pool counts over books (Σ exceedances / Σ observations; Kupiec on the pooled counts is indicative since books share the same days), take the worst zone, the largest shortfall and procyclicality figures, and mean requirement and forecast error over books.
Every row of every book is in calibration.csv and calibration.arrow.</p>
<details><summary>Books</summary><div class="scroll"><table><tr><th class="l">book</th><th class="l">legs (asset notional)</th></tr>${books}</table></div></details>
<p class="note">xmargin ${e(result.software.version)} · ${e(result.schema)} · digest ${e(result.digest)}</p>
</body></html>
`;
}

/** The index of the configuration that is the scenario's own estimator, or null when the grid lacks it. */
export function currentConfiguration(run: CalibrationRun): number | null {
  const spec = (run.result.scenario.echo as { correlation?: unknown } | null)?.correlation;
  if (spec === undefined) return null;
  let own: string;
  try {
    own = canonicalJson(validateEstimatorSpec(spec, 'correlation'));
  } catch {
    return null;
  }
  const found = run.result.inputs.configurations.find((c) => canonicalJson(c.spec) === own);
  return found ? found.index : null;
}

/**
 * Where rank 1 stands against the Pareto front, in one sentence: on it, or off it with the configuration on
 * the front that beats it on both axes and why the ranking still puts it first (more books pass); and where
 * the scenario's current estimator ranks.
 */
export function frontNote(ranked: readonly CalibrationRow[], current: number | null): string {
  const first = ranked[0];
  if (!first) return '';
  const parts: string[] = [];
  if (first.pareto) {
    parts.push(`Rank 1, ${first.label}, is on the Pareto front: no configuration charges less with a smaller coverage error.`);
  } else {
    const better = ranked.find((r) => r.pareto && r.meanRequirement <= first.meanRequirement && r.coverageError <= first.coverageError);
    parts.push(better
      ? `Rank 1, ${first.label}, is off the Pareto front: ${better.label} (rank ${better.rank}) has both a lower mean requirement (${formatAmount(better.meanRequirement)} against ${formatAmount(first.meanRequirement)}) and a rate closer to the target (|error| ${formatPercent(better.coverageError, 3)} against ${formatPercent(first.coverageError, 3)}), but passes ${better.passing} of ${better.books} books against ${first.passing}: the ranking puts coverage acceptability first.`
      : `Rank 1, ${first.label}, is off the Pareto front; it ranks first because more books pass its coverage tests.`);
  }
  if (current !== null) {
    const own = ranked.find((r) => r.configuration === current);
    if (own) parts.push(`The scenario's current estimator, ${own.label}, ranks ${own.rank} of ${ranked.length}${own.pareto ? ', on the front' : ''}.`);
  }
  return parts.join(' ');
}

function rankedTable(rows: readonly CalibrationRow[], expected: number, current: number | null, currency: string | null): string {
  const e = escapeHtml;
  const head = ['rank', 'configuration', 'books passing', 'exceedances', 'rate', 'pooled Kupiec p', 'worst zone', 'mean requirement', 'requirement / gross',
    'largest shortfall', 'mean shortfall', 'peak / trough', 'largest n-day increase', 'corr. breakdown', 'forecast error', 'front'];
  const money = (x: number) => formatAmount(x, currency);
  const body = rows.map((r) => `<tr${r.configuration === current ? ' class="current"' : ''}><td>${r.rank}</td><td class="l">${e(r.label)}${r.configuration === current ? '<span class="badge">current</span>' : ''}</td><td>${r.passing}/${r.books}</td><td>${r.exceedances}/${r.observations}</td>` +
    `<td>${e(formatPercent(r.rate))}</td><td>${e(fixed(r.kupiecP, 3))}</td><td class="l ${e(r.zone)}">${e(r.zone)}</td><td>${e(money(r.meanRequirement))}</td>` +
    `<td>${e(formatPercent(r.requirementToGross))}</td><td>${e(money(r.shortfallLargest))}</td><td>${e(money(r.shortfallMean))}</td>` +
    `<td>${e(fixed(r.peakToTrough, 2))}</td><td>${e(formatPercent(r.largestIncrease, 1))}</td><td>${r.correlationBreakdown}</td><td>${e(fixed(r.forecastError, 3))}</td>` +
    `<td>${r.pareto ? '★' : ''}</td></tr>`).join('\n');
  return `<div class="scroll"><table><tr>${head.map((h, i) => `<th${i === 1 || i === 6 ? ' class="l"' : ''}>${e(h)}</th>`).join('')}</tr>\n${body}</table></div>
<p class="note">Expected rate ${e(formatPercent(expected))}. Shortfalls and requirements in ${currency ? e(currency) : 'the book\'s currency'}. Corr. breakdown: exceedances attributed to correlation (their Shapley part positive and the largest). Current: the scenario's own estimator.</p>`;
}
