import type { RunResult } from '../result/run-result.js';
import { comparisonCharts, modeNames, type ComparedResult } from './comparison-charts.js';
import { escapeHtml as e, escapeMarkdown as m } from './escape.js';
import { htmlDocument } from './html-layout.js';
import { htmlChartGroup, htmlTable } from './html-parts.js';
import { markdownFromTable } from './markdown-table.js';
import type { ReportInput } from './report-input.js';
import { formatCount } from './report-format.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatAmount, formatPercent } from './text-table.js';
import { underfundedPeriods } from './underfunded-periods.js';

/** A run in a comparison: its saved outputs, the folder it came from, and the link to its own report. */
export interface ComparedRun {
  readonly input: ReportInput;
  readonly label: string;
  readonly href: string;
}

/** Column labels: the scenario name, with the folder when two runs share a name. */
function columnLabels(runs: readonly ComparedRun[]): string[] {
  return runs.map((r) => {
    const name = r.input.result.scenario.name;
    const shared = runs.filter((o) => o.input.result.scenario.name === name).length > 1;
    return shared ? `${name} (${r.label})` : name;
  });
}

type Row = [string, (r: RunResult, input: ReportInput) => Cell];

/** The headline table with runs as columns: the same numbers as each run's tiles. */
export function comparisonTable(runs: readonly ComparedRun[]): Table {
  const results = runs.map((r) => r.input.result);
  const compared = results.map((result) => ({ label: '', result }));
  const mode = (name: string, f: (x: RunResult['modes'][number]) => Cell): Row[1] => (r) => {
    const x = r.modes.find((y) => y.name === name);
    return x ? f(x) : cell('-', null);
  };
  const cov = (name: string, f: (x: RunResult['coverage'][number]) => Cell): Row[1] => (r) => {
    const x = r.coverage.find((y) => y.mode === name);
    return x ? f(x) : cell('-', null);
  };
  const avoided = (name: string, f: (x: RunResult['avoided'][number]) => Cell): Row[1] => (r) => {
    const x = r.avoided.find((y) => y.mode === name);
    return x ? f(x) : cell('-', null);
  };
  const rows: Row[] = [
    ['run', (r) => cell(r.monteCarlo ? `Monte Carlo, ${formatCount(r.monteCarlo.runs)} paths` : 'historical')],
    ['period', (r) => cell(`${r.run.openTime} → ${r.run.lastTime}`)],
    ['steps', (r) => cell(formatCount(r.run.steps), r.run.steps)],
    ['assets', (r) => cell(r.data.assets.join(', '))],
    ['horizon, confidence', (r) => cell(`${r.run.horizonSteps} step${r.run.horizonSteps === 1 ? '' : 's'}, ${formatPercent(r.run.confidence, 1)}`)],
    ['estimator', (r) => cell(r.run.estimator ?? 'none')],
    ['capital', (r) => cell(formatAmount(r.run.capital), r.run.capital)],
  ];
  for (const name of modeNames(compared)) {
    rows.push(
      [`${name}: liquidations`, mode(name, (x) => cell(formatCount(x.liquidations), x.liquidations, x.liquidations > 0 ? 'warn' : null))],
      [`${name}: mean requirement`, mode(name, (x) => cell(formatAmount(x.meanRequirement), x.meanRequirement))],
      [`${name}: final equity`, mode(name, (x) => cell(formatAmount(x.finalEquity), x.finalEquity))],
      [`${name}: bad debt`, mode(name, (x) => cell(formatAmount(x.badDebt), x.badDebt, (x.badDebt ?? 0) > 0 ? 'alert' : null))],
    );
  }
  for (const name of modeNames(compared, (kind) => kind !== 'isolated')) {
    rows.push(
      [`${name}: liquidations avoided`, avoided(name, (x) => cell(formatCount(x.count), x.count))],
      [`${name}: capital saved (net)`, avoided(name, (x) => cell(formatAmount(x.capitalSaved), x.capitalSaved))],
      [`${name}: exceedances`, cov(name, (x) => cell(`${formatCount(x.exceedances)} of ${formatCount(x.observations)} (${formatPercent(x.rate)})`, x.exceedances))],
      [`${name}: zone`, cov(name, (x) => cell(x.trafficLight?.zone ?? '-', x.trafficLight?.zone ?? '', x.trafficLight?.zone === 'red' ? 'alert' : x.trafficLight?.zone === 'yellow' ? 'warn' : null))],
      [`${name}: worst shortfall`, cov(name, (x) => cell(formatAmount(x.maxShortfall), x.maxShortfall, (x.maxShortfall ?? 0) > 0 ? 'alert' : null))],
    );
  }
  rows.push(
    ['underfunded periods', (r) => { const p = r.coverage.reduce((s, c) => s + c.periods, 0); return cell(formatCount(p), p); }],
    ['underfunded steps, correlation breakdown', (r) => cell(formatCount(r.events.underfundedByCause.correlation_breakdown), r.events.underfundedByCause.correlation_breakdown)],
    ['underfunded steps, volatility', (r) => cell(formatCount(r.events.underfundedByCause.volatility), r.events.underfundedByCause.volatility)],
    ['underfunded periods, correlation breakdown', (_, input) => { const n = underfundedPeriods(input.events).filter((p) => p.cause === 'correlation_breakdown').length; return cell(formatCount(n), n); }],
    ['digest', (r) => cell(r.digest.slice(0, 12))],
  );
  return {
    id: 'comparison',
    title: 'Headline, side by side',
    note: 'One column per run; a dash where a run has no such mode. Each run\'s own report has its charts, events and methodology.',
    columns: [{ label: 'figure' }, ...columnLabels(runs).map((label) => ({ label, numeric: true }))],
    rows: rows.map(([label, f]) => [cell(label), ...runs.map((r) => f(r.input.result, r.input))]),
    sortable: false,
  };
}

function chartRuns(runs: readonly ComparedRun[]): ComparedResult[] {
  const labels = columnLabels(runs);
  return runs.map((r, k) => ({ label: labels[k], result: r.input.result }));
}

/** One HTML report comparing several runs: the headline table, key charts and links to each run's report. */
export function renderComparisonHtml(runs: readonly ComparedRun[]): string {
  const labels = columnLabels(runs);
  const links = runs.map((r, k) =>
    `<li><a href="${e(r.href)}">${e(labels[k])}</a>: ${e(r.input.result.scenario.description || r.input.result.data.assets.join(', '))} <span class="note">(${e(r.label)})</span></li>`);
  const body = [
    '<header class="report">',
    '<p class="kicker">xmargin comparison report</p>',
    `<h1>${formatCount(runs.length)} runs side by side</h1>`,
    `<p class="meta">${labels.map((l) => `<span>${e(l)}</span>`).join('')}</p>`,
    '</header>',
    '<section id="runs"><h2>Runs</h2><ul>',
    ...links,
    '</ul></section>',
    '<section id="headline"><h2>Headline</h2>',
    htmlTable(comparisonTable(runs)),
    '</section>',
    '<section id="charts"><h2>Key charts</h2>',
    htmlChartGroup({ id: 'charts-comparison', title: 'Modes across runs', intro: 'Bars: one colour per run.', layout: 'full', charts: comparisonCharts(chartRuns(runs)) }),
    '</section>',
    `<footer>xmargin ${e(runs[0].input.result.software.version)} · digests ${runs.map((r) => `<code>${e(r.input.result.digest.slice(0, 12))}</code>`).join(', ')}</footer>`,
  ].join('\n');
  return htmlDocument(`xmargin comparison: ${labels.join(', ')}`, body);
}

/** A relative URL safe inside a Markdown link target: percent-encoded, parentheses included. */
function markdownUrl(href: string): string {
  return encodeURI(href).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The comparison in Markdown: links to each run's report and the headline table. */
export function renderComparisonMarkdown(runs: readonly ComparedRun[]): string {
  const labels = columnLabels(runs);
  return [
    `# ${formatCount(runs.length)} runs side by side`,
    '',
    ...runs.map((r, k) => `- ${m(labels[k])}: ${m(r.input.result.scenario.description || r.input.result.data.assets.join(', '))} ([report](${markdownUrl(r.href)}))`),
    '',
    markdownFromTable(comparisonTable(runs), '##'),
    `xmargin ${m(runs[0].input.result.software.version)}`,
    '',
  ].join('\n');
}
