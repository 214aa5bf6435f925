import { describe, expect, it } from 'vitest';
import { RUNS_PER_TABLE, comparisonTables, renderComparisonHtml, reportInputFromRun, runScenario } from '../../src/index.js';
import { euInput, withMonteCarlo } from './support.js';

const eu = euInput();
const mc = withMonteCarlo(eu);
const run = (input: typeof eu, label: string) => ({ input, label, href: `${label}/report.html` });

describe('comparison report', () => {
  it('marks Monte Carlo runs, groups the modes by kind and shows money in each run\'s currency', () => {
    const [table] = comparisonTables([run(eu, 'a'), run(mc, 'b')]);
    expect(table.columns.map((c) => c.label)).toEqual(['figure', 'eu-pair-trade-1998 (a)', 'eu-pair-trade-1998 (b) · Monte Carlo']);
    const labels = table.rows.map((r) => r[0].text);
    const at = (text: string) => labels.indexOf(text);
    // Group headings in kind order, each mode's rows under its kind.
    expect(at('▸ isolated modes')).toBeLessThan(at('isolated: liquidations'));
    expect(at('▸ cross modes (shared collateral)')).toBeLessThan(at('cross: liquidations'));
    expect(at('▸ portfolio modes (risk-based)')).toBeLessThan(at('portfolio-var: liquidations'));
    expect(at('cross: liquidations')).toBeLessThan(at('▸ portfolio modes (risk-based)'));
    expect(table.rows[at('run')][2].text).toBe('Monte Carlo, 2,000 synthetic paths; figures of path 0 (the median by portfolio-var\'s final equity)');
    expect(table.rows[at('capital')][1].text).toBe('1,500,000 EUR');
    expect(table.rows[at('cross: liquidations avoided for good')][1].text).toBe('1 of 1');
  });

  it(`splits more than ${RUNS_PER_TABLE} runs into tables of at most ${RUNS_PER_TABLE} columns, so every run prints`, () => {
    const runs = Array.from({ length: 6 }, (_, k) => run(eu, `r${k}`));
    const tables = comparisonTables(runs);
    expect(tables.map((t) => t.columns.length - 1)).toEqual([4, 2]);
    expect(tables.map((t) => t.title)).toEqual(['Headline, side by side: runs 1–4 of 6', 'Headline, side by side: runs 5–6 of 6']);
    const html = renderComparisonHtml(runs);
    expect(html.match(/<table class="data/g)).toHaveLength(2);
    // A long cell (the 30 tickers of a wide book, the decision) wraps (class wrap) instead of widening the table.
    expect(html).toMatch(/<td class="num wrap"[^>]*><span class="nb">portfolio-var:<\/span> cheapest and safest</);
  });
});

describe('comparison charts across books of different size, currency and kind', () => {
  const spx = reportInputFromRun(runScenario('scenarios/spx-short-vol-2018.json', { write: false }));
  const runs = [run(eu, 'eu'), run(spx, 'spx')];
  const html = renderComparisonHtml(runs);

  it('compares margin cost (mean requirement per unit of mean gross notional), not mean requirements in EUR beside USD', () => {
    const figure = html.slice(html.indexOf('<figure class="chart" id="chart-cmp-requirement"'), html.indexOf('</figure>', html.indexOf('id="chart-cmp-requirement"')));
    expect(figure).toContain('<h4>Margin cost per mode (% of gross notional)</h4>');
    expect(figure).not.toMatch(/>\d+(\.\d+)?[kM]</);
    expect(figure).toMatch(/>\d+(\.\d+)?%</);
  });

  it('counts an option book\'s implied-volatility steps in the causes, as the table does', () => {
    const implied = spx.result.events.underfundedByCause.implied_volatility;
    expect(implied).toBeGreaterThan(0);
    const [table] = comparisonTables(runs);
    const row = table.rows.find((r) => r[0].text === 'underfunded steps, implied volatility')!;
    expect(row.map((c) => c.text)).toEqual(['underfunded steps, implied volatility', '0', String(implied)]);
    const causes = html.slice(html.indexOf('id="chart-cmp-causes"'));
    expect(causes).toContain('implied volatility');
    // A table of linear books only has no such row.
    expect(comparisonTables([run(eu, 'a'), run(eu, 'b')])[0].rows.some((r) => r[0].text === 'underfunded steps, implied volatility')).toBe(false);
  });
});
