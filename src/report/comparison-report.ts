import type { RunResult } from '../result/run-result.js';
import { comparisonCharts, modeNames, type ComparedResult } from './comparison-charts.js';
import { escapeHtml as e, escapeMarkdown as m } from './escape.js';
import { htmlDocument } from './html-layout.js';
import { htmlChartGroup, htmlTable } from './html-parts.js';
import { markdownFromTable } from './markdown-table.js';
import type { ReportInput } from './report-input.js';
import { formatCount } from './report-format.js';
import { decisionPanel } from './decision-panel.js';
import { cell, type Cell, type Table } from './table-model.js';
import { currencyOf, formatAmount, formatPercent } from './text-table.js';
import { underfundedPeriods } from './underfunded-periods.js';

/** At most this many runs per table: wider tables do not fit a printed page (the rest follow in further tables). */
export const RUNS_PER_TABLE = 4;

/** Mode kinds in the order a comparison groups them. */
const KIND_ORDER = ['isolated', 'cross', 'portfolio'];
const KIND_TITLE: Record<string, string> = { isolated: 'isolated modes', cross: 'cross modes (shared collateral)', portfolio: 'portfolio modes (risk-based)' };

/** A run in a comparison: its saved outputs, the folder it came from, and the link to its own report. */
export interface ComparedRun {
  readonly input: ReportInput;
  readonly label: string;
  readonly href: string;
}

/** Column labels: the scenario name, with the folder when two runs share a name, and `· Monte Carlo` for a Monte Carlo run. */
function columnLabels(runs: readonly ComparedRun[]): string[] {
  return runs.map((r) => {
    const name = r.input.result.scenario.name;
    const shared = runs.filter((o) => o.input.result.scenario.name === name).length > 1;
    return `${shared ? `${name} (${r.label})` : name}${r.input.result.monteCarlo ? ' · Monte Carlo' : ''}`;
  });
}

type Row = [string, (r: RunResult, input: ReportInput) => Cell];

/**
 * The headline table with runs as columns: the same numbers as each run's tiles, the modes grouped by kind
 * (isolated, cross, portfolio), each run's money in its own currency. A Monte Carlo run is marked in its
 * column label and its figures are those of its representative path (its own report has the distributions).
 * More than `RUNS_PER_TABLE` runs make several tables, so every column prints.
 */
export function comparisonTables(runs: readonly ComparedRun[]): Table[] {
  const tables: Table[] = [];
  for (let start = 0; start < runs.length; start += RUNS_PER_TABLE) {
    const part = runs.slice(start, start + RUNS_PER_TABLE);
    const table = comparisonTable(part, columnLabels(runs).slice(start, start + RUNS_PER_TABLE));
    tables.push(runs.length <= RUNS_PER_TABLE ? table : { ...table, id: `comparison-${start / RUNS_PER_TABLE + 1}`, title: `${table.title}: runs ${start + 1}–${start + part.length} of ${runs.length}` });
  }
  return tables;
}

/** One table of the comparison (at most a few runs as columns). */
export function comparisonTable(runs: readonly ComparedRun[], labels: readonly string[] = columnLabels(runs)): Table {
  const results = runs.map((r) => r.input.result);
  const compared = results.map((result) => ({ label: '', result }));
  const money = (r: RunResult, x: number | null | undefined) => formatAmount(x, currencyOf(r));
  const mode = (name: string, f: (x: RunResult['modes'][number], r: RunResult) => Cell): Row[1] => (r) => {
    const x = r.modes.find((y) => y.name === name);
    return x ? f(x, r) : cell('-', null);
  };
  const cov = (name: string, f: (x: RunResult['coverage'][number], r: RunResult) => Cell): Row[1] => (r) => {
    const x = r.coverage.find((y) => y.mode === name);
    return x ? f(x, r) : cell('-', null);
  };
  const avoided = (name: string, f: (x: RunResult['avoided'][number], r: RunResult) => Cell): Row[1] => (r) => {
    const x = r.avoided.find((y) => y.mode === name);
    return x ? f(x, r) : cell('-', null);
  };
  const heading = (text: string): Row => [`▸ ${text}`, () => cell('', null)];
  const rows: Row[] = [
    ['run', (r) => cell(r.monteCarlo
      ? `Monte Carlo, ${formatCount(r.monteCarlo.runs)} synthetic paths; figures of path ${r.monteCarlo.representativePath} (the median by ${r.monteCarlo.representativeMode}'s final equity)`
      : 'historical')],
    ['period', (r) => cell(`${r.run.openTime} → ${r.run.lastTime}${r.monteCarlo ? ' (synthetic calendar)' : ''}`)],
    ['steps', (r) => cell(formatCount(r.run.steps), r.run.steps)],
    ['assets', (r) => cell(`${r.data.assets.length}: ${r.data.assets.join(', ')}`)],
    ['horizon, confidence', (r) => cell(`${r.run.horizonSteps} step${r.run.horizonSteps === 1 ? '' : 's'}, ${formatPercent(r.run.confidence, 1)}`)],
    ['estimator', (r) => cell(r.run.estimator ?? 'none')],
    ['capital', (r) => cell(money(r, r.run.capital), r.run.capital)],
    ['decision', (r) => { const p = decisionPanel(r); return cell(p.cheapest ? (p.cheapest === p.safest ? `${p.cheapest}: cheapest and safest` : `cheapest ${p.cheapest}, safest ${p.safest}`) : '-'); }],
  ];
  const names = modeNames(compared);
  const kindOf = (name: string) => results.map((r) => r.modes.find((m) => m.name === name)?.kind).find((k) => k !== undefined) ?? '';
  const kinds = [...KIND_ORDER, ...new Set(names.map(kindOf).filter((k) => !KIND_ORDER.includes(k)))];
  for (const kind of kinds) {
    const group = names.filter((n) => kindOf(n) === kind);
    if (group.length === 0) continue;
    rows.push(heading(KIND_TITLE[kind] ?? `${kind} modes`));
    for (const name of group) {
      rows.push(
        [`${name}: liquidations`, mode(name, (x) => cell(formatCount(x.liquidations), x.liquidations, x.liquidations > 0 ? 'warn' : null))],
        [`${name}: mean requirement`, mode(name, (x, r) => cell(money(r, x.meanRequirement), x.meanRequirement))],
        [`${name}: final equity`, mode(name, (x, r) => cell(money(r, x.finalEquity), x.finalEquity))],
        [`${name}: bad debt`, mode(name, (x, r) => cell(money(r, x.badDebt), x.badDebt, (x.badDebt ?? 0) > 0 ? 'alert' : null))],
      );
      if (kind === 'isolated') continue;
      rows.push(
        [`${name}: liquidations avoided for good`, avoided(name, (x) => cell(`${formatCount(x.forGood)} of ${formatCount(x.count)}`, x.forGood))],
        [`${name}: capital saved, for good / postponed`, avoided(name, (x, r) => cell(`${money(r, x.capitalSavedForGood)} / ${money(r, x.capitalSavedPostponed)}`, x.capitalSavedForGood))],
        [`${name}: exceedances`, cov(name, (x) => cell(`${formatCount(x.exceedances)} of ${formatCount(x.observations)} (${formatPercent(x.rate)})`, x.exceedances))],
        [`${name}: zone`, cov(name, (x) => cell(x.trafficLight?.zone ?? '-', x.trafficLight?.zone ?? '', x.trafficLight?.zone === 'red' ? 'alert' : x.trafficLight?.zone === 'yellow' ? 'warn' : null))],
        [`${name}: worst shortfall`, cov(name, (x, r) => cell(money(r, x.maxShortfall), x.maxShortfall, (x.maxShortfall ?? 0) > 0 ? 'alert' : null))],
      );
    }
  }
  rows.push(
    heading('all cross modes'),
    ['underfunded periods', (r) => { const p = r.coverage.reduce((s, c) => s + c.periods, 0); return cell(formatCount(p), p); }],
    ['underfunded steps, correlation breakdown', (r) => cell(formatCount(r.events.underfundedByCause.correlation_breakdown), r.events.underfundedByCause.correlation_breakdown)],
    ['underfunded steps, volatility', (r) => cell(formatCount(r.events.underfundedByCause.volatility), r.events.underfundedByCause.volatility)],
    ...(runs.some((r) => (r.input.result.events.underfundedByCause.implied_volatility ?? 0) > 0)
      ? [['underfunded steps, implied volatility', (r: RunResult) => cell(formatCount(r.events.underfundedByCause.implied_volatility ?? 0), r.events.underfundedByCause.implied_volatility ?? 0)] as Row]
      : []),
    ['underfunded steps with L ≤ S', (r) => { const n = r.coverage.reduce((s, c) => s + (c.standaloneCovered ?? 0), 0); return cell(formatCount(n), n); }],
    ['underfunded periods, correlation breakdown', (_, input) => { const n = underfundedPeriods(input.events).filter((p) => p.cause === 'correlation_breakdown').length; return cell(formatCount(n), n); }],
    ['digest', (r) => cell(r.digest.slice(0, 12))],
  );
  return {
    id: 'comparison',
    title: 'Headline, side by side',
    note: 'One column per run; a dash where a run has no such mode; modes grouped by kind. Amounts in each run\'s own currency. Each run\'s own report has its charts, events and methodology.',
    columns: [{ label: 'figure' }, ...labels.map((label) => ({ label, numeric: true }))],
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
    ...comparisonTables(runs).map(htmlTable),
    '</section>',
    '<section id="charts"><h2>Key charts</h2>',
    htmlChartGroup({ id: 'charts-comparison', title: 'Modes across runs', intro: 'Bars: one colour per run.', layout: 'full', charts: comparisonCharts(chartRuns(runs)) }),
    '</section>',
    `<footer>xmargin ${e(runs[0].input.result.software.version)} · digests ${runs.map((r) => `<code>${e(r.input.result.digest.slice(0, 12))}</code>`).join(', ')}</footer>`,
  ].join('\n');
  return htmlDocument(`xmargin comparison: ${labels.join(', ')}`, body, {
    header: `xmargin comparison of ${runs.length} runs`,
    footer: `xmargin ${runs[0].input.result.software.version}`,
  });
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
    ...comparisonTables(runs).map((t) => markdownFromTable(t, '##')),
    `xmargin ${m(runs[0].input.result.software.version)}`,
    '',
  ].join('\n');
}
