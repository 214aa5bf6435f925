import { escapeHtml as e } from './escape.js';
import type { Card, Fact } from './headline.js';
import type { MethodologyItem } from './methodology.js';
import type { ChartGroup } from './report-charts.js';
import type { Table } from './table-model.js';
import { RUN_FILES } from '../result/run-files.js';

/** The number a fact shows, for machines: `data-key` names it, `data-value` is the exact value. */
function factAttributes(f: Fact): string {
  return `data-key="${e(f.key)}" data-value="${e(f.raw === null ? '' : String(f.raw))}"`;
}

/** A range such as `[19.9–23.6%]` breaks only at its spaces, never after the dash (a word joiner follows it). */
function keepRange(html: string): string {
  return html.replace(/–/g, '–&#8288;');
}

export function htmlCard(card: Card): string {
  const zone = card.zone ? `<span class="zone ${e(card.zone)}" data-key="${e(card.id)}.zone" data-value="${e(card.zone)}">${e(card.zone)}</span>` : '';
  const facts = card.facts.map((f) => `<dt>${e(f.label)}</dt><dd ${factAttributes(f)}>${keepRange(e(f.text))}</dd>`).join('');
  const b = card.breakdown;
  const breakdown = b && b.rows.length > 0
    ? `<div class="mini-wrap"><table class="mini"><thead><tr>${b.columns.map((c, k) => `<th${k > 0 ? ' class="num"' : ''}>${e(c)}</th>`).join('')}</tr></thead><tbody>` +
      b.rows.map((r) => `<tr><td>${e(r.label)}</td>${r.facts.map((f) => `<td class="num" ${factAttributes(f)}>${e(f.text)}</td>`).join('')}</tr>`).join('') +
      '</tbody></table></div>'
    : '';
  const wide = card.wide === 'full' ? ' full' : card.wide ? ' wide' : '';
  return [
    `<div class="card${card.alert ? ' alert' : ''}${wide}" id="${e(`card-${card.id}`)}">`,
    `${zone}<h3>${e(card.title)}</h3>`,
    `<p class="subtitle">${e(card.subtitle)}</p>`,
    `<p class="main" ${factAttributes(card.main)}>${e(card.main.text)}${card.main.label ? `<small>${e(card.main.label)}</small>` : ''}</p>`,
    facts ? `<dl>${facts}</dl>` : '',
    breakdown,
    '</div>',
  ].join('');
}

export function htmlCards(cards: readonly Card[]): string {
  return `<div class="cards">${cards.map(htmlCard).join('\n')}</div>`;
}

/** From this many columns a table prints in a smaller font (class `wide`), so it fits the width of an A4 page. */
export const WIDE_COLUMNS = 10;

/** A table with sortable headers (progressive: without JavaScript it is a plain table). */
export function htmlTable(table: Table): string {
  const head = table.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${e(c.label)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = row.map((cell, k) => {
      const numeric = table.columns[k]?.numeric === true;
      // A figure with a bracketed second one ("32 / 310 (10.32% vs 1.00%)", "511,425 USD (41,217 USD)", a
      // probability and its interval "2.50% [0.4–12.9%]") may break before the bracket and nowhere else, so a
      // wide table fits its page instead of scrolling.
      const aside = numeric && cell.text.length <= 28 ? cell.text.search(/ [([]| vs /) : -1;
      const classes = [numeric ? 'num' : '', cell.text.length > 28 ? 'wrap' : aside > 0 ? 'split' : '', cell.tone ?? ''].filter(Boolean).join(' ');
      const sort = cell.sort === undefined ? '' : ` data-sort="${e(cell.sort === null || (typeof cell.sort === 'number' && !Number.isFinite(cell.sort)) ? '' : String(cell.sort))}"`;
      const text =
        aside > 0
          ? `${unbroken(cell.text.slice(0, aside))} ${unbroken(cell.text.slice(aside + 1))}`
          : k === 0 || cell.text.length > 28
            ? wholeHyphenated(cell.text)
            : e(cell.text);
      const label = table.stackOnPhone && k > 0 ? ` data-label="${e(table.columns[k]?.label ?? '')}"` : '';
      return `<td${classes ? ` class="${classes}"` : ''}${sort}${label}>${text}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  const sortable = (table.sortable ?? true) && table.rows.length > 1 ? ' sortable' : '';
  return [
    `<h3 id="${e(table.id)}">${e(table.title)}</h3>`,
    table.note ? `<p class="note">${e(table.note)}${table.total !== undefined && table.total > table.rows.length ? ` <a href="${RUN_FILES.events}">${RUN_FILES.events}</a>` : ''}</p>` : '',
    table.rows.length > 0
      ? `<div class="table-wrap"><table class="data${sortable}${table.stackOnPhone ? ' stack' : ''}${table.columns.length >= WIDE_COLUMNS ? ' wide' : ''}" data-table="${e(table.id)}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`
      : '',
  ].join('\n');
}

/**
 * Escaped text of a cell that may wrap, breaking at spaces only: a word with a hyphen or dash (a date
 * 2018-02-05, "maintenance-sum") is kept whole.
 */
function wholeHyphenated(text: string): string {
  return text
    .split(' ')
    .map((word) => (/[-‐-―]/.test(word) ? unbroken(word) : e(word)))
    .join(' ');
}

/** Escaped text that does not break (at a space or a dash) inside a cell that may break elsewhere. */
function unbroken(text: string): string {
  return `<span class="nb">${e(text)}</span>`;
}

export function htmlChartGroup(group: ChartGroup): string {
  const figures = group.charts.map((c) =>
    `<figure class="chart" id="${e(`chart-${c.id}`)}" data-chart="${e(c.id)}"><h4>${e(c.title)}</h4>\n${c.svg}\n<figcaption>${e(c.caption)}</figcaption></figure>`);
  return [`<h3 id="${e(group.id)}">${e(group.title)}</h3>`, `<p class="note">${e(group.intro)}</p>`, `<div class="charts ${group.layout}">`, ...figures, '</div>'].join('\n');
}

export function htmlDefinitionList(items: readonly MethodologyItem[]): string {
  return `<dl class="method">${items.map((i) => `<dt>${e(i.term)}</dt><dd${i.warning ? ' class="warning"' : ''}>${e(i.detail)}</dd>`).join('\n')}</dl>`;
}
