/**
 * Tables a reader can paste into a spreadsheet. On screen a money cell reads `5,854,339 EUR`, for people;
 * pasted, that is text in every spreadsheet, and `26,607` is 26.607 in a German or Swiss one. So the report
 * keeps its cells as they are and gives the clipboard what a spreadsheet parses everywhere: plain numbers
 * (no thousands separators, no unit: `5854339`, `-3502192`, `20.0` for `20.0×`), the unit moved into the
 * column heading (`final equity (EUR)`) or, in a table whose rows are the figures, into the row's label;
 * percentages stay `5.00%` (spreadsheets read those); text, dates and compound cells (`3 / 420 (0.71% vs
 * 1.00%)`) as shown. Tab-separated, one line per row, with the heading row.
 *
 * Two ways in, both through the page's one script (allowed by hash): a "Copy table" button beside each
 * table's heading, and an ordinary copy (Ctrl+C) of a selection that spans cells of one table (a selection
 * inside one cell copies as shown). Without JavaScript the tables copy as displayed.
 */

/**
 * The pure part, as browser JavaScript (ES5): `tableText(header, rows)` turns the shown texts of a table (the
 * heading cells, then each row's cells) into the tab-separated text for the clipboard. Tests evaluate it.
 */
export const TABLE_TEXT_SOURCE = `function plainCell(text) {
  var t = String(text).replace(/[\\u2060\\u00ad]/g, '').replace(/\\s+/g, ' ').replace(/^\\s+|\\s+$/g, '').replace(/^\\u2212/, '-');
  var m = /^([-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?:(\\u00d7)| ([A-Z]{3}))?$/.exec(t);
  if (!m) return { text: t, number: false, unit: null };
  return { text: m[1].replace(/,/g, ''), number: true, unit: m[2] || m[3] || null };
}
function withUnit(p) {
  return p.unit === '\\u00d7' ? p.text + '\\u00d7' : p.text + ' ' + p.unit;
}
function tableText(header, rows) {
  var cells = [], r, c, p, u;
  for (r = 0; r < rows.length; r++) {
    cells.push([]);
    for (c = 0; c < rows[r].length; c++) cells[r].push(plainCell(rows[r][c]));
  }
  // A column whose numbers all carry one unit: the unit goes into its heading.
  var columnUnit = [];
  for (c = 0; c < header.length; c++) {
    u = undefined;
    var one = true;
    for (r = 0; r < cells.length; r++) {
      p = cells[r][c];
      if (!p || !p.number) continue;
      if (u === undefined) u = p.unit; else if (u !== p.unit) one = false;
    }
    columnUnit.push(one && u ? u : null);
  }
  // Else a row (a figure with the modes as columns) whose numbers all carry one unit: into its label.
  var rowUnit = [];
  for (r = 0; r < cells.length; r++) {
    u = undefined;
    var same = cells[r].length > 1 && !cells[r][0].number;
    for (c = 1; c < cells[r].length; c++) {
      p = cells[r][c];
      if (!p.number || columnUnit[c]) continue;
      if (u === undefined) u = p.unit; else if (u !== p.unit) same = false;
    }
    rowUnit.push(same && u ? u : null);
  }
  var field = function (s) { return String(s).replace(/[\\t\\r\\n]+/g, ' '); };
  var label = function (s, unit) { return unit ? s + ' (' + unit + ')' : s; };
  var lines = [];
  var head = [];
  for (c = 0; c < header.length; c++) head.push(field(label(plainCell(header[c]).text, columnUnit[c])));
  lines.push(head.join('\\t'));
  for (r = 0; r < cells.length; r++) {
    var out = [];
    for (c = 0; c < cells[r].length; c++) {
      p = cells[r][c];
      if (c === 0 && rowUnit[r]) out.push(field(label(p.text, rowUnit[r])));
      else if (p.number && p.unit && !columnUnit[c] && rowUnit[r] !== p.unit) out.push(field(withUnit(p)));
      else out.push(field(p.text));
    }
    lines.push(out.join('\\t'));
  }
  return lines.join('\\n') + '\\n';
}`;

/** The browser wiring: a button per table, and the copy event for a selection across cells of one table. */
export const TABLE_COPY_SCRIPT = `(function () {
  ${TABLE_TEXT_SOURCE.replace(/\n/g, '\n  ')}
  var pending = null;
  function texts(cells) { var out = []; for (var i = 0; i < cells.length; i++) out.push(cells[i].textContent); return out; }
  function textOf(table, picked) {
    var head = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0] ? table.tBodies[0].rows : [];
    var columns = [], rows = [], r, c;
    for (r = 0; r < body.length; r++) {
      var any = false;
      for (c = 0; c < body[r].cells.length; c++) if (!picked || picked(body[r].cells[c])) { any = true; if (columns.indexOf(c) < 0) columns.push(c); }
      if (any) rows.push(body[r]);
    }
    if (!picked) { columns = []; for (c = 0; c < head.length; c++) columns.push(c); }
    columns.sort(function (a, b) { return a - b; });
    var pick = function (cells) { var all = texts(cells), out = []; for (var k = 0; k < columns.length; k++) out.push(all[columns[k]] === undefined ? '' : all[columns[k]]); return out; };
    var lines = [];
    for (r = 0; r < rows.length; r++) lines.push(pick(rows[r].cells));
    return tableText(pick(head), lines);
  }
  function selectionText() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentNode;
    if (!element || !element.closest) return null;
    var table = element.closest('table.data');
    if (!table || element.closest('td, th')) return null;
    return textOf(table, function (cell) { return selection.containsNode(cell, true); });
  }
  document.addEventListener('copy', function (event) {
    var text = pending !== null ? pending : selectionText();
    if (text === null || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  });
  var tables = document.querySelectorAll('table.data');
  for (var t = 0; t < tables.length; t++) addButton(tables[t]);
  function addButton(table) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-table no-print';
    button.textContent = 'Copy table';
    button.title = 'Copy for a spreadsheet: tab-separated, plain numbers, units in the headings';
    button.addEventListener('click', function () {
      pending = textOf(table, null);
      var done = false;
      try { done = document.execCommand('copy'); } catch (e) { done = false; }
      pending = null;
      button.textContent = done ? 'Copied' : 'Copy failed: select the table and press Ctrl+C';
      setTimeout(function () { button.textContent = 'Copy table'; }, 2000);
    });
    // Beside the table's own heading (the h3 right before it, or before its note), else above the table.
    var wrap = table.parentNode, heading = wrap.previousElementSibling;
    if (heading && heading.tagName !== 'H3') heading = heading.previousElementSibling;
    if (heading && heading.tagName === 'H3') heading.appendChild(button);
    else wrap.parentNode.insertBefore(button, wrap);
  }
})();`;
