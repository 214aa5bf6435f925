import { describe, expect, it } from 'vitest';
import { htmlTable } from '../../src/report/html-parts.js';
import { cell } from '../../src/report/table-model.js';

// The decision panel of a six-mode run (spx-short-vol-2018) scrolled sideways at 1,200 px: its figures with a
// bracketed second figure could not break. They may now break before the bracket, and only there.
describe('numeric cells with a bracketed figure', () => {
  const table = {
    id: 't',
    title: 'T',
    columns: [{ label: 'mode' }, { label: 'exceedances (rate vs target)', numeric: true }, { label: 'note' }],
    rows: [
      [cell('a'), cell('32 / 310 (10.32% vs 1.00%)', 32), cell('rejected (p 7.4e-11)')],
      [cell('b<x>'), cell('511,425 USD (41,217 <USD>)', 1), cell('x')],
      [cell('c'), cell('0 USD', 0), cell('y')],
    ],
  };
  const html = htmlTable(table);
  const cells = [...html.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].map((m) => ({ attrs: m[1], text: m[2] }));

  it('break before the bracket only: one ordinary space, the others non-breaking', () => {
    expect(cells[1].attrs).toContain('class="num split"');
    expect(cells[1].text).toBe('32&nbsp;/&nbsp;310 (10.32%&nbsp;vs&nbsp;1.00%)');
    expect(cells[1].text.split(' ')).toHaveLength(2);
  });

  it('text from input stays escaped', () => {
    expect(cells[4].text).toBe('511,425&nbsp;USD (41,217&nbsp;&lt;USD&gt;)');
    expect(cells[3].text).toBe('b&lt;x&gt;');
  });

  it('figures without a bracket, and text columns, are written as before', () => {
    expect(cells[7].attrs).toBe(' class="num" data-sort="0"');
    expect(cells[7].text).toBe('0 USD');
    expect(cells[2].text).toBe('rejected (p 7.4e-11)');
  });
});
