import { expect } from 'vitest';

/** Split a Markdown table row on the pipes that are not escaped (`\|`). */
export function tableCells(row: string): string[] {
  const cells = row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
  return cells.map((c) => c.trim());
}

/** Every table in the text: a header, a delimiter row and rows with the header's number of cells. */
export function checkMarkdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|')) continue;
    const block: string[] = [];
    while (i < lines.length && lines[i].startsWith('|')) block.push(lines[i++]);
    const width = tableCells(block[0]).length;
    expect(block.length, `table at line ${i}: header and delimiter`).toBeGreaterThanOrEqual(2);
    expect(tableCells(block[1]).every((c) => /^:?-{3,}:?$/.test(c)), `delimiter row ${block[1]}`).toBe(true);
    for (const row of block) expect(tableCells(row).length, row).toBe(width);
    tables.push(block.map(tableCells));
  }
  return tables;
}

