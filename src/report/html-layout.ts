import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';
import { TABLE_COPY_SCRIPT } from './table-copy.js';

const CSS = `
:root { --ink: #1d2530; --muted: #5b6573; --line: #d9dde3; --soft: #f4f6f8; --alert: #c62828; --warn: #b26a00; --ok: #2e7d32; --accent: #0868ac; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #eef1f4; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 36px 40px; background: #fff; overflow-wrap: break-word; }
header.report { border-bottom: 3px solid var(--ink); padding-bottom: 14px; margin-bottom: 8px; }
header.report .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: var(--muted); margin: 0; }
h1 { font-size: 26px; margin: 4px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.description { font-size: 15px; margin: 0 0 8px; }
.meta { color: var(--muted); font-size: 13px; margin: 0; }
.meta span + span::before { content: " · "; }
nav.toc { font-size: 13px; margin: 10px 0 0; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 14px; }
.note { color: var(--muted); font-size: 12.5px; }
.notice { color: var(--alert); font-weight: 600; margin: 8px 0 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(228px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--accent); border-radius: 4px; padding: 10px 12px 8px; background: #fff; break-inside: avoid; }
.card.alert { border-top-color: var(--alert); }
.card h3 { margin: 0; font-size: 13.5px; overflow-wrap: anywhere; }
.card .subtitle { color: var(--muted); font-size: 11.5px; margin: 1px 0 6px; min-height: 1em; }
.card .main { font-size: 27px; line-height: 1.2; font-weight: 650; font-variant-numeric: tabular-nums; margin: 2px 0 6px; }
.card .main small { display: inline-block; font-size: 13px; line-height: 1.3; font-weight: 400; color: var(--muted); margin-left: 4px; }
.card.wide { grid-column: span 2; }
.card.full { grid-column: 1 / -1; }
.card dl { display: grid; grid-template-columns: auto auto; justify-content: space-between; gap: 2px 10px; margin: 0; font-size: 12.5px; }
.card dt { color: var(--muted); }
.card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; white-space: normal; }
.card table.mini { font-size: 12px; margin-top: 4px; }
.card { min-width: 0; } .card .mini-wrap { overflow-x: auto; }
.card table.mini th, .card table.mini td { padding: 2px 4px; background: none; border-bottom: 1px solid #eceef1; white-space: nowrap; }
.card table.mini th { color: var(--muted); font-weight: 500; border-bottom: 1px solid var(--line); }
.card table.mini td:first-child { white-space: normal; }
.zone { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.zone.green { background: #dcefdc; color: #1b5e20; } .zone.yellow { background: #fff0c2; color: #7a5200; } .zone.red { background: #f9d3d3; color: #8e1b1b; }
.card .zone { float: right; margin-top: 1px; }
.table-wrap { overflow-x: auto; margin: 8px 0 4px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 14em; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; border-bottom: 2px solid #b9c0c9; }
th.num, td.num { text-align: right; }
td.num { white-space: nowrap; }
td.num.wrap, td.num.split { white-space: normal; } td .nb { white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.alert { color: var(--alert); font-weight: 600; } td.warn { color: var(--warn); } td.ok { color: var(--ok); }
table.sortable th[data-sortable] { cursor: pointer; }
button.copy-table { margin-left: 10px; padding: 1px 7px; font: 500 11px/1.4 system-ui, sans-serif; color: var(--accent); background: #fff; border: 1px solid var(--line); border-radius: 3px; cursor: pointer; vertical-align: 1px; user-select: none; }
button.copy-table:hover { border-color: var(--accent); }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 9px; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 9px; }
.charts { display: grid; grid-template-columns: 1fr; gap: 14px 18px; }
.charts.half { grid-template-columns: repeat(2, minmax(0, 1fr)); }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px 6px; break-inside: avoid; background: #fff; }
figure.chart h4 { margin: 0 0 2px; font-size: 13px; overflow-wrap: anywhere; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
dl.method { display: grid; grid-template-columns: minmax(150px, max-content) 1fr; gap: 4px 16px; font-size: 13px; }
dl.method dt { font-weight: 600; } dl.method dd { margin: 0; overflow-wrap: anywhere; } dl.method dd.warning { color: var(--alert); font-weight: 600; }
footer { margin-top: 30px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
a { color: var(--accent); }
section.decision { border: 1px solid var(--line); border-left: 5px solid var(--ink); border-radius: 4px; padding: 2px 12px 10px; margin-top: 18px; background: var(--soft); }
section.decision h2 { margin-top: 12px; border-bottom: none; }
p.verdict { font-size: 15.5px; line-height: 1.5; font-weight: 600; margin: 4px 0 10px; overflow-wrap: anywhere; }
p.happened { font-size: 14px; margin: 0 0 10px; overflow-wrap: anywhere; }
section.decision table { background: #fff; }
section.decision th { white-space: normal; vertical-align: bottom; }
section.decision td:first-child { white-space: normal; min-width: 9em; }
section.decision table { font-size: 12px; } section.decision th, section.decision td { padding: 4px 5px; }
ul.limitations { margin: 6px 0; padding-left: 20px; font-size: 13px; }
ul.limitations li { margin: 3px 0; }
@media (max-width: 760px) { main { padding: 16px; } .charts.half { grid-template-columns: 1fr; } .card.wide, .card.full { grid-column: auto; } }
@media (max-width: 480px) {
  main { padding: 12px 10px 24px; }
  h1 { font-size: 21px; } h2 { font-size: 17px; }
  .cards { grid-template-columns: 1fr; }
  nav.toc a { display: inline-block; margin: 2px 10px 2px 0; }
  section.decision { padding: 2px 10px 8px; }
  p.verdict { font-size: 14px; }
  dl.method { grid-template-columns: 1fr; } dl.method dd { margin-bottom: 6px; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border-bottom: 2px solid var(--line); padding: 4px 0; }
  table.stack td, section.decision table.stack td { border: none; padding: 1px 2px; text-align: right; white-space: normal; min-width: 0; overflow-wrap: anywhere; }
  table.stack td::before { content: attr(data-label); float: left; margin-right: 12px; color: var(--muted); font-weight: 400; text-align: left; }
  table.stack td:first-child, section.decision table.stack td:first-child { text-align: left; font-weight: 600; padding-top: 4px; }
  table.stack tbody tr:nth-child(even) td { background: none; }
}
@media print {
  @page { size: A4; margin: 16mm 11mm 14mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8.5px system-ui, sans-serif; color: #5b6573; } }
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.toc, .no-print { display: none; }
  section.decision { break-inside: avoid; }
  h2 { break-after: avoid; margin-top: 18px; }
  h3, caption { break-after: avoid; }
  .cards { grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; }
  .charts.half { grid-template-columns: 1fr 1fr; }
  .table-wrap { overflow: visible; }
  table { font-size: 9.5px; }
  th, td { padding: 2px 4px; white-space: normal; }
  td.wrap { min-width: 0; }
  /* On paper nothing scrolls: a figure may break at its spaces (never inside a number), the decision panel
     takes the print size of the other tables, and a table of ten columns or more a smaller one, so every
     column is on the page. */
  td.num, td .nb { white-space: normal; }
  section.decision table { font-size: 9.5px; } section.decision th, section.decision td { padding: 2px 4px; }
  table.wide { font-size: 8px; } table.wide th, table.wide td { padding: 2px 3px; }
  tr, figure.chart, .card { break-inside: avoid; }
  table.sortable th::after { content: none !important; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A CSS string literal: quotes, backslashes and anything outside printable ASCII as hex escapes (so no `</style>` either). */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code >= 0x20 && code < 0x7f && ch !== '"' && ch !== '\\' && ch !== '<' && ch !== '>' && ch !== '&' ? ch : `\\${code.toString(16)} `;
  }
  return `${out}"`;
}

/** Click a column header to sort by it (numbers by value); without JavaScript the tables keep their order. */
const SORT_SCRIPT = `(function () {
  var tables = document.querySelectorAll('table.sortable');
  for (var t = 0; t < tables.length; t++) setUp(tables[t]);
  function setUp(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    for (var c = 0; c < heads.length; c++) {
      heads[c].setAttribute('data-sortable', '');
      heads[c].tabIndex = 0;
      heads[c].title = 'Sort by this column';
      heads[c].addEventListener('click', sorter(table, c));
      heads[c].addEventListener('keydown', keyed(sorter(table, c)));
    }
  }
  function keyed(run) { return function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); run(); } }; }
  function key(cell, numeric) {
    var raw = cell.getAttribute('data-sort');
    if (raw === null) raw = cell.textContent;
    if (!numeric) return raw;
    var x = raw === '' ? NaN : Number(raw);
    return isNaN(x) ? null : x;
  }
  function sorter(table, c) {
    return function () {
      var th = table.tHead.rows[0].cells[c];
      var numeric = th.className.indexOf('num') >= 0;
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      var cells = table.tHead.rows[0].cells;
      for (var k = 0; k < cells.length; k++) cells[k].removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows).map(function (row, i) { return { row: row, i: i, k: key(row.cells[c], numeric) }; });
      rows.sort(function (a, b) {
        if (a.k === b.k) return a.i - b.i;
        if (a.k === null) return 1;
        if (b.k === null) return -1;
        return (a.k < b.k ? -1 : 1) * dir;
      });
      for (var r = 0; r < rows.length; r++) body.appendChild(rows[r].row);
    };
  }
})();`;

/** The page's one script: sorting, and copying a table for a spreadsheet (see table-copy.ts). */
const PAGE_SCRIPT = `${SORT_SCRIPT}\n${TABLE_COPY_SCRIPT}`;

const SCRIPT_HASH = createHash('sha256').update(PAGE_SCRIPT).digest('base64');

/**
 * The page around a report body: one self-contained file (inline CSS, inline SVG, one small inline script),
 * a Content-Security-Policy that allows no network request and no script but the sort script (by hash),
 * and print rules for A4.
 */
export function htmlDocument(title: string, body: string, print: { readonly header?: string; readonly footer?: string } = {}): string {
  // Page headers and footers in print: CSS page-margin boxes (Chromium 131+, Firefox, Prince); the text is
  // the report's own, written as CSS strings (every character outside printable ASCII escaped).
  const margins = [print.header ? `@top-left { content: ${cssString(print.header)}; font: 8.5px system-ui, sans-serif; color: #5b6573; }` : '',
    print.footer ? `@bottom-left { content: ${cssString(print.footer)}; font: 8.5px system-ui, sans-serif; color: #5b6573; }` : ''].filter(Boolean).join(' ');
  const pageCss = margins ? `@media print { @page { ${margins} } }` : '';
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="xmargin">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}${pageCss}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
