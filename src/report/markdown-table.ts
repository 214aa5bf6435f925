import { escapeMarkdown } from './escape.js';
import type { Table } from './table-model.js';

/**
 * A GitHub-flavoured Markdown table: every cell escaped (a `|` in a name cannot add a cell), numeric columns
 * right-aligned, the same number of cells on every row.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  return markdownTableOf(header.map(escapeMarkdown), rows.map((r) => r.map(escapeMarkdown)), numeric);
}

/** The same from cells that are already Markdown (escaped by the caller); rows are padded or cut to the header. */
export function markdownTableOf(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const line = (cells: readonly string[]) => `| ${header.map((_, k) => cells[k] ?? '').join(' | ')} |`;
  const rule = `|${header.map((_, k) => (numeric[k] ? '---:' : '---')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A report table in Markdown: a bold title, its note, the table. */
export function markdownFromTable(table: Table, level = '###'): string {
  const parts = [`${level} ${escapeMarkdown(table.title)}`, ''];
  if (table.note) parts.push(escapeMarkdown(table.note), '');
  if (table.rows.length > 0) {
    parts.push(markdownTable(table.columns.map((c) => c.label), table.rows.map((r) => r.map((c) => c.text)), table.columns.map((c) => c.numeric === true)), '');
  }
  return parts.join('\n');
}
