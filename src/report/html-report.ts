import { escapeHtml as e } from './escape.js';
import { coverageDisclosureTable, formalCoverageTable } from './coverage-disclosure.js';
import { decisionPanel } from './decision-panel.js';
import { eventTables } from './event-tables.js';
import { headline } from './headline.js';
import { htmlDocument } from './html-layout.js';
import { htmlCards, htmlChartGroup, htmlDefinitionList, htmlTable } from './html-parts.js';
import { limitations } from './limitations.js';
import { DEFINITIONS, methodologyItems, runFacts } from './methodology.js';
import { monteCarloHeadline } from './monte-carlo-headline.js';
import { monteCarloTables } from './monte-carlo-report.js';
import { reportCharts } from './report-charts.js';
import { riskSurfaceTables } from './risk-surface-tables.js';
import type { ReportInput } from './report-input.js';
import { reportNotices } from './report-notices.js';
import { coverageTable, modesTable, procyclicalityTable } from './summary-tables.js';
import { currencyOf } from './text-table.js';
import { liquidationPriceTable } from './liquidation-price-table.js';
import { marginToolsSection } from './margin-tools-report.js';
import { RUN_FILES } from '../result/run-files.js';

/** An amount and its currency (`89,442 EUR`) on one line: a no-break space between them (escaped HTML in, HTML out). */
export function keepAmounts(html: string): string {
  return html.replace(/(\d) ([A-Z]{3})\b/g, '$1&nbsp;$2');
}

/**
 * The stress report of one run as one self-contained HTML file: the decision panel first (cost, risk and
 * liquidations per mode and the trade-off in a sentence), headline tiles, the margin backtest as CCPs
 * disclose it with its formal and indicative tests, the modes side by side, charts rendered to inline SVG,
 * event tables (capped, linking to events.csv), the limitations and the methodology. A pure function of its
 * input: the same outputs give the same bytes.
 */
export function renderHtmlReport(input: ReportInput): string {
  const { result, events } = input;
  const tiles = monteCarloHeadline(result) ?? headline(result, events);
  const mc = result.monteCarlo;
  const panel = decisionPanel(result);
  const groups = reportCharts(input);
  const mcTables = monteCarloTables(result);
  const surface = riskSurfaceTables(input);
  const liquidationPrices = liquidationPriceTable(input);
  const tools = marginToolsSection(input);
  const formal = formalCoverageTable(result);
  const cyclical = procyclicalityTable(input);
  const sections: string[] = [];
  const toc: [string, string][] = [
    ['decision', 'Decision'], ['headline', 'Headline'], ...(result.coverage.length ? [['backtest', 'Backtest'] as [string, string]] : []),
    ...(mcTables.length ? [['monte-carlo', 'Across paths'] as [string, string]] : []),
    ['modes', mc ? `Path ${mc.representativePath}` : 'Modes'], ...(surface.length ? [['risk-surface', 'Risk surface'] as [string, string]] : []),
    ...(tools ? [['margin-tools', 'Add-ons and stress'] as [string, string]] : []),
    ['charts', 'Charts'], ['events', 'Events'], ['limitations', 'Limitations'], ['methodology', 'Methodology'],
  ];
  const title = `${result.scenario.name}: xmargin stress report`;
  sections.push(
    '<header class="report">',
    '<p class="kicker">xmargin stress report</p>',
    `<h1>${e(result.scenario.name)}</h1>`,
    result.scenario.description ? `<p class="description">${e(result.scenario.description)}</p>` : '',
    `<p class="meta">${runFacts(result).map((f) => `<span>${e(f)}</span>`).join('')}</p>`,
    ...reportNotices(input).map((n) => `<p class="notice" role="alert">${e(n)}</p>`),
    `<nav class="toc">${toc.map(([id, label]) => `<a href="#${id}">${e(label)}</a>`).join('')}</nav>`,
    '</header>',
    '<section id="decision" class="decision">',
    '<h2>Decision</h2>',
    `<p class="verdict" data-key="decision.sentence" data-cheapest="${e(panel.cheapest ?? '')}" data-safest="${e(panel.safest ?? '')}">${keepAmounts(e(panel.sentence))}</p>`,
    panel.happened ? `<p class="happened" data-key="decision.happened"><strong>What happened.</strong> ${keepAmounts(e(panel.happened))}</p>` : '',
    htmlTable(panel.table),
    '</section>',
    '<section id="headline">',
    '<h2>Headline</h2>',
    htmlCards(tiles.summary),
    htmlCards(tiles.modes),
    '</section>',
  );
  if (result.coverage.length > 0) {
    sections.push(
      '<section id="backtest">',
      `<h2>${mc ? `Margin backtest of path ${mc.representativePath}` : 'Margin backtest'}</h2>`,
      htmlTable(coverageDisclosureTable(result)),
      formal ? htmlTable(formal) : '',
      htmlTable(coverageTable(result)),
      '</section>',
    );
  }
  if (mcTables.length) sections.push('<section id="monte-carlo">', '<h2>Across paths</h2>', ...mcTables.map(htmlTable), '</section>');
  sections.push(
    '<section id="modes">',
    `<h2>${mc ? `Path ${mc.representativePath} (representative): modes side by side` : 'Modes side by side'}</h2>`,
    htmlTable(modesTable(result)),
    cyclical ? htmlTable(cyclical) : '',
    liquidationPrices ? htmlTable(liquidationPrices) : '',
    '</section>',
    surface.length ? ['<section id="risk-surface">', '<h2>Risk surface</h2>', ...surface.map(htmlTable), '</section>'].join('\n') : '',
    ...(tools
      ? ['<section id="margin-tools">', '<h2>Add-ons, margin per position, reverse stress</h2>', `<ul class="verdict">${tools.verdict.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`,
        ...tools.tables.map(htmlTable), ...tools.charts.map(htmlChartGroup), '<h3>Definitions</h3>', htmlDefinitionList(tools.definitions), '</section>']
      : []),
    '<section id="charts">',
    '<h2>Charts</h2>',
    groups.length ? groups.map(htmlChartGroup).join('\n') : '<p class="note">This run recorded no time series (timeseries.arrow has no rows), so there is nothing to chart.</p>',
    '</section>',
    '<section id="events">',
    '<h2>Events</h2>',
    `<p class="note">Every event of the ${mc ? `representative path (path ${mc.representativePath}; synthetic dates)` : 'run'} is in <a href="${RUN_FILES.events}">${RUN_FILES.events}</a>. Click a column header to sort.</p>`,
    ...eventTables(events, undefined, currencyOf(result)).map(htmlTable),
    '</section>',
    '<section id="limitations">',
    '<h2>Limitations</h2>',
    `<ul class="limitations">${limitations(result).map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
    '</section>',
    '<section id="methodology">',
    '<h2>Methodology</h2>',
    htmlDefinitionList(methodologyItems(result)),
    '<h3>Definitions</h3>',
    htmlDefinitionList(DEFINITIONS),
    '</section>',
    `<footer>xmargin ${e(result.software.version)} · result ${e(result.schema)} · digest <code>${e(result.digest)}</code> · re-render with <code>xmargin report &lt;this folder&gt;</code></footer>`,
  );
  return htmlDocument(title, sections.filter((s) => s !== '').join('\n'), {
    header: `${result.scenario.name} · xmargin stress report · ${result.run.openTime} → ${result.run.lastTime}`,
    footer: `xmargin ${result.software.version} · digest ${result.digest.slice(0, 16)}`,
  });
}
