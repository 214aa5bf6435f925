import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/index.js';
import { TABLE_TEXT_SOURCE } from '../../src/report/table-copy.js';
import { euInput } from './support.js';

/** The page script's pure function, evaluated as the browser does. */
const tableText = new Function(`${TABLE_TEXT_SOURCE}; return tableText;`)() as (header: string[], rows: string[][]) => string;
const lines = (header: string[], rows: string[][]) => tableText(header, rows).trimEnd().split('\n').map((l) => l.split('\t'));

describe('a table copied for a spreadsheet', () => {
  it('gives plain numbers and moves a column\'s currency into its heading', () => {
    // As the events table shows them; pasted as shown, every money cell was text (and 26,607 reads 26.607 in
    // a German spreadsheet).
    expect(lines(['time', 'mode', 'equity', 'fee', 'bad debt'], [
      ['1997-01-14', 'isolated', '178,556 EUR', '26,607 EUR', '0 EUR'],
      ['1997-02-03', 'cross', '-3,502,192 EUR', '0.42 EUR', '-'],
    ])).toEqual([
      ['time', 'mode', 'equity (EUR)', 'fee (EUR)', 'bad debt (EUR)'],
      ['1997-01-14', 'isolated', '178556', '26607', '0'],
      ['1997-02-03', 'cross', '-3502192', '0.42', '-'],
    ]);
  });

  it('puts the unit on the row label when the rows are the figures and the modes the columns', () => {
    expect(lines(['figure', 'isolated', 'cross'], [
      ['liquidations', '1', '0'],
      ['final equity', '5,854,339 EUR', '2,352,147 EUR'],
      ['capital efficiency', '20.0×', '50.9×'],
      ['diversification benefit', '0.0%', '53.8%'],
      ['first liquidation', '1997-01-14', '-'],
    ])).toEqual([
      ['figure', 'isolated', 'cross'],
      ['liquidations', '1', '0'],
      ['final equity (EUR)', '5854339', '2352147'],
      ['capital efficiency (×)', '20.0', '50.9'],
      ['diversification benefit', '0.0%', '53.8%'],
      ['first liquidation', '1997-01-14', '-'],
    ]);
  });

  it('keeps a unit in the cell when neither its column nor its row has one unit, and compound cells as shown', () => {
    // (The comparison report's columns are runs, each in its own currency.)
    expect(lines(['figure', 'run a', 'run b', 'c'], [
      ['capital', '1,000 EUR', '2 USD', '3 / 420 (0.71% vs 1.00%)'],
      ['worst', '2,000 USD', '3 EUR', '89,442 EUR (53,206 EUR)'],
    ])).toEqual([
      ['figure', 'run a', 'run b', 'c'],
      ['capital', '1000 EUR', '2 USD', '3 / 420 (0.71% vs 1.00%)'],
      ['worst', '2000 USD', '3 EUR', '89,442 EUR (53,206 EUR)'],
    ]);
  });

  it('never lets a cell add a column or a line', () => {
    expect(tableText(['a\tb', 'c'], [['x\ny', '1,234 CHF']])).toBe('a b\tc (CHF)\nx y\t1234\n');
  });

  it('ships in the report\'s one script, which the page\'s policy allows by hash', () => {
    const html = renderHtmlReport(euInput());
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('function tableText(header, rows)');
    expect(scripts[0]).toContain("button.textContent = 'Copy table'");
    expect(html).toContain(`script-src 'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`);
  });
});
