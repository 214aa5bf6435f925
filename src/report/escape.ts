/**
 * Escaping for every string that comes from input (scenario name and description, asset and mode names,
 * anything read back from result.json or events.csv). Reports never interpolate a raw input string.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value in HTML: `& < > " '` become entities, so `<script>` shows as text. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Inline text in Markdown (a table cell, a heading, a list item), escaped where Markdown would read it and
 * nowhere else, so report.md stays readable as text (`P&L`, `S&P 500`, `equity < maintenance`,
 * `margin_allocation`, not `P&amp;L` or `margin\_allocation`):
 * - `&` becomes `&amp;` where it would start an entity (`&lt;`, `&#60;`), so `&lt;` shows as typed;
 * - `<` becomes `&lt;` unless a space follows it (only then can it not open a tag, a comment or an autolink);
 * - `>` becomes `&gt;` at the start, where it would open a block quote (elsewhere it is text);
 * - `\ ` * ~ [ ] |` get a backslash (they format, link or end a table cell), as does `_` except between two
 *   letters or digits (intraword underscores never emphasise), and a `#` that would start a heading;
 * - line breaks become spaces (a cell is one line).
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/<(?!\s)/g, '&lt;')
    .replace(/^(\s*)>/, '$1&gt;')
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, text: string) => (/[A-Za-z0-9]/.test(text[at - 1] ?? '') && /[A-Za-z0-9]/.test(text[at + 1] ?? '') ? c : '\\_'))
    .replace(/^#/, '\\#');
}
