/**
 * A list of names in one text field (`assets`, `legs` in events.csv): joined by `;`, with `\` and `;` inside a
 * name escaped by a backslash, so any asset name survives the round trip (`parseList`). Names without either
 * read as plain `A;B`.
 */
export function formatList(names: readonly string[]): string {
  return names.map((name) => name.replace(/[\\;]/g, '\\$&')).join(';');
}

/** The names of a `formatList` field; `null` when it ends in a lone backslash. An empty field is no names. */
export function parseList(text: string): string[] | null {
  if (text === '') return [];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      if (i + 1 === text.length) return null;
      current += text[++i];
    } else if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}
