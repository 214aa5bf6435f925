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
      [cell('d'), cell('2.50% [0.4–12.9%]', 0.025), cell('z')],
    ],
  };
  const html = htmlTable(table);
  const cells = [...html.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].map((m) => ({ attrs: m[1], text: m[2] }));

  it('break before the bracket only: the figure and the bracket each in an unbreakable span', () => {
    expect(cells[1].attrs).toContain('class="num split"');
    expect(cells[1].text).toBe('<span class="nb">32 / 310</span> <span class="nb">(10.32% vs 1.00%)</span>');
  });

  it('a probability may break before its interval', () => {
    expect(cells[10].text).toBe('<span class="nb">2.50%</span> <span class="nb">[0.4–12.9%]</span>');
    expect(cells[10].attrs).toContain('class="num split"');
  });

  it('text from input stays escaped', () => {
    expect(cells[4].text).toBe('<span class="nb">511,425 USD</span> <span class="nb">(41,217 &lt;USD&gt;)</span>');
    expect(cells[3].text).toBe('b&lt;x&gt;');
  });

  it('a cell that may wrap breaks at spaces only, never inside a hyphenated word or a date', () => {
    const wide = htmlTable({ id: 'w', title: 'W', columns: [{ label: 'mode · method' }], rows: [[cell('isolated · maintenance-sum')], [cell('liquidated on 2018-02-05 after the index fell <4.1 %>')]] });
    const texts = [...wide.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(texts[0]).toBe('isolated · <span class="nb">maintenance-sum</span>');
    expect(texts[1]).toBe('liquidated on <span class="nb">2018-02-05</span> after the index fell &lt;4.1 %&gt;');
  });

  it('figures without a bracket, and text columns, are written as before', () => {
    expect(cells[7].attrs).toBe(' class="num" data-sort="0"');
    expect(cells[7].text).toBe('0 USD');
    expect(cells[2].text).toBe('rejected (p 7.4e-11)');
  });
});

// On a phone the decision panel's table scrolled sideways: Kupiec, worst shortfall, bad debt and
// liquidations were off screen. A table marked stackOnPhone labels each value with its column, so the
// phone layout (CSS, 480 px and narrower) can show each row as lines of "label  value".
describe('a table that stacks on a phone', () => {
  const table = {
    id: 'decision',
    title: 'Per mode',
    stackOnPhone: true,
    columns: [{ label: 'mode' }, { label: 'bad <debt>', numeric: true }],
    rows: [[cell('cross'), cell('0 EUR', 0)], [cell('pm'), cell('5 EUR', 5)]],
  };

  it('labels every value cell with its column (escaped), not the row\'s first cell', () => {
    const html = htmlTable(table);
    expect(html).toContain('<table class="data sortable stack" data-table="decision">');
    expect(html).toContain('<td class="num" data-sort="0" data-label="bad &lt;debt&gt;">0 EUR</td>');
    expect(html).toContain('<td>cross</td>');
  });

  it('leaves other tables as they were', () => {
    const html = htmlTable({ ...table, stackOnPhone: undefined });
    expect(html).not.toContain('data-label');
    expect(html).not.toContain(' stack"');
  });
});

// Printed on A4 the venue comparison's ten-mode table and a Monte Carlo decision panel ran off the page's
// right edge (nothing scrolls on paper): tables of ten columns or more carry the class that prints them smaller.
describe('a table of many columns', () => {
  const columns = (n: number) => Array.from({ length: n }, (_, k) => ({ label: `c${k}`, numeric: k > 0 }));
  const table = (n: number) => htmlTable({ id: 't', title: 'T', columns: columns(n), rows: [columns(n).map((c) => cell(c.label)), columns(n).map((c) => cell(c.label))] });

  it('is marked wide from ten columns', () => {
    expect(table(10)).toContain('<table class="data sortable wide" data-table="t">');
    expect(table(9)).toContain('<table class="data sortable" data-table="t">');
  });
});

describe('amounts in the decision sentences', () => {
  it('keep the number and its currency on one line', async () => {
    const { keepAmounts } = await import('../../src/report/html-report.js');
    expect(keepAmounts('worst 89,442 EUR). Its 2 USD, 3 of 420 steps, not ABCD')).toBe('worst 89,442&nbsp;EUR). Its 2&nbsp;USD, 3 of 420 steps, not ABCD');
  });
});
