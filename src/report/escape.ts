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
 * Inline text in Markdown (a table cell, a heading, a list item): HTML-significant characters become entities
 * (`<` cannot open a tag), Markdown punctuation that could format, link or end a cell (`\ ` * _ ~ [ ] |`) is
 * backslash-escaped, as is a `#` that would start a heading, and line breaks become spaces (a cell is one line).
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^#/, '\\#');
}
