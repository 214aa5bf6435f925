import { escapeMarkdown as m } from './escape.js';
import { coverageDisclosureTable, formalCoverageTable } from './coverage-disclosure.js';
import { decisionPanel } from './decision-panel.js';
import { eventTables } from './event-tables.js';
import { limitations } from './limitations.js';
import { headline, type Card } from './headline.js';
import { DEFINITIONS, methodologyItems, runFacts, type MethodologyItem } from './methodology.js';
import { markdownFromTable, markdownTable, markdownTableOf } from './markdown-table.js';
import { monteCarloHeadline } from './monte-carlo-headline.js';
import { monteCarloTables } from './monte-carlo-report.js';
import type { ReportInput } from './report-input.js';
import { reportNotices } from './report-notices.js';
import { riskSurfaceTables } from './risk-surface-tables.js';
import { coverageTable, modesTable, procyclicalityTable } from './summary-tables.js';
import { currencyOf } from './text-table.js';
import { liquidationPriceTable } from './liquidation-price-table.js';
import { marginToolsSection } from './margin-tools-report.js';

/** Event rows per table in Markdown: short enough for a pull-request comment. */
export const MARKDOWN_EVENT_ROW_CAP = 50;

/** The summary tiles as one two-column table: each tile's number (title in bold), then its facts. */
function summaryTable(cards: readonly Card[]): string {
  const rows: string[][] = [];
  for (const card of cards) {
    rows.push([`**${m(card.title)}**`, `**${m(card.main.text)}**`]);
    for (const f of card.facts) rows.push([m(f.label), m(f.text)]);
    for (const r of card.breakdown?.rows ?? []) {
      r.facts.forEach((f, k) => rows.push([m(`${r.label}: ${card.breakdown!.columns[k + 1]}`), m(f.text)]));
    }
  }
  return markdownTableOf(['headline', 'value'], rows, [false, true]);
}

/** The mode tiles as one table: a row per mode, the tile's numbers as columns. */
function modeTileTable(cards: readonly Card[]): string {
  const labels: string[] = [];
  for (const card of cards) for (const f of card.facts) if (!labels.includes(f.label)) labels.push(f.label);
  // A Monte Carlo tile's big number is the share of paths liquidated; its 95 % interval is in the label
  // under it (`paths liquidated [52.0–79.9%]`), and goes into the cell beside the share.
  const monteCarlo = cards[0]?.main.key.endsWith('.liquidationProbability') ?? false;
  const main = monteCarlo ? 'P(liquidation)' : 'liquidations';
  const mainText = (card: Card) => (monteCarlo ? `${card.main.text} ${card.main.label.replace(/^paths liquidated\s*/, '')}`.trim() : card.main.text);
  const zones = cards.some((c) => c.zone !== null);
  const header = ['mode', main, ...labels, ...(zones ? ['zone'] : [])];
  const rows = cards.map((card) => [card.title, mainText(card), ...labels.map((l) => card.facts.find((f) => f.label === l)?.text ?? '-'), ...(zones ? [card.zone ?? '-'] : [])]);
  return markdownTable(header, rows, header.map((h) => h !== 'mode' && h !== 'zone' && h !== 'first liquidation'));
}

function definitionList(items: readonly MethodologyItem[]): string {
  return items.map((i) => `- **${m(i.term)}**: ${i.warning ? '**warning:** ' : ''}${m(i.detail)}`).join('\n');
}

/**
 * The Markdown report of one run: the headline numbers and tables of the HTML report, for a pull-request
 * comment or a wiki page (the charts are in report.html). Pure: the same input gives the same text.
 */
export function renderMarkdownReport(input: ReportInput): string {
  const { result, events } = input;
  const tiles = monteCarloHeadline(result) ?? headline(result, events);
  const mc = result.monteCarlo;
  const mcTables = monteCarloTables(result);
  const panel = decisionPanel(result);
  const formal = formalCoverageTable(result);
  const cyclical = procyclicalityTable(input);
  const lines: string[] = [
    `# Stress report: ${m(result.scenario.name)}`,
    '',
    ...(result.scenario.description ? [m(result.scenario.description), ''] : []),
    runFacts(result).map(m).join(' · '),
    '',
    ...reportNotices(input).flatMap((n) => [`> **${m(n)}**`, '']),
    '## Decision',
    '',
    `**${m(panel.sentence)}**`,
    '',
    ...(panel.happened ? [`*What happened.* ${m(panel.happened)}`, ''] : []),
    markdownFromTable({ ...panel.table, title: 'Per mode' }),
    '## Headline',
    '',
    summaryTable(tiles.summary),
    '',
    modeTileTable(tiles.modes),
    '',
  ];
  if (result.coverage.length > 0) {
    lines.push(mc ? `## Margin backtest of path ${mc.representativePath}` : '## Margin backtest', '', markdownFromTable(coverageDisclosureTable(result)));
    if (formal) lines.push(markdownFromTable(formal));
    lines.push(markdownFromTable(coverageTable(result)));
  }
  if (mcTables.length > 0) lines.push('## Across paths', '', ...mcTables.map((t) => markdownFromTable(t)));
  lines.push(mc ? `## Path ${mc.representativePath} (representative): modes side by side` : '## Modes side by side', '', markdownFromTable(modesTable(result)));
  if (cyclical) lines.push(markdownFromTable(cyclical));
  const surface = riskSurfaceTables(input);
  if (surface.length > 0) lines.push('## Risk surface', '', ...surface.map((t) => markdownFromTable(t)));
  const liquidationPrices = liquidationPriceTable(input);
  if (liquidationPrices) lines.push(markdownFromTable(liquidationPrices));
  const tools = marginToolsSection(input);
  if (tools) {
    lines.push('## Add-ons, margin per position, reverse stress', '', ...tools.verdict.map((v) => `- ${m(v)}`), '', ...tools.tables.map((t) => markdownFromTable(t)));
    lines.push('### Definitions', '', definitionList(tools.definitions), '');
  }
  lines.push(
    '## Events',
    '',
    mc ? `Every event of the representative path (path ${mc.representativePath}, synthetic dates) is in events.csv; the charts are in report.html.` : `Every event is in events.csv; the charts are in report.html.`,
    '',
    ...eventTables(events, MARKDOWN_EVENT_ROW_CAP, currencyOf(result)).map((t) => markdownFromTable(t)),
    '## Limitations',
    '',
    ...limitations(result).map((l) => `- ${m(l)}`),
    '',
    '## Methodology',
    '',
    definitionList(methodologyItems(result)),
    '',
    '### Definitions',
    '',
    definitionList(DEFINITIONS),
    '',
    `xmargin ${m(result.software.version)} · digest ${m(result.digest)}`,
    '',
  );
  return lines.join('\n');
}
