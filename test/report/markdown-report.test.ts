import { describe, expect, it } from 'vitest';
import { renderHtmlReport, renderMarkdownReport } from '../../src/index.js';
import { euInput, markdownCells, markdownTables, monteCarloFixture, tileValues, withMonteCarlo } from './support.js';

const input = euInput();
const md = renderMarkdownReport(input);

/** Every table: a header, a rule of `---` / `---:` cells, and rows with the header's number of cells. */
function expectWellFormed(text: string): number {
  const tables = markdownTables(text);
  for (const table of tables) {
    const width = markdownCells(table[0]).length;
    expect(width, table[0]).toBeGreaterThan(1);
    expect(markdownCells(table[1]).every((c) => /^-{3,}:?$/.test(c)), table[1]).toBe(true);
    for (const line of table) expect(markdownCells(line).length, line).toBe(width);
  }
  return tables.length;
}

describe('renderMarkdownReport', () => {
  it('has well-formed tables: decision, headline, mode tiles, CCP coverage, formal and indicative backtests, modes, procyclicality and the three event tables', () => {
    expect(expectWellFormed(md)).toBe(11);
    // The decision comes first: its sentence before the headline.
    expect(md.indexOf('## Decision')).toBeLessThan(md.indexOf('## Headline'));
    expect(md).toContain('**portfolio-var is both the cheapest of the modes with a margin backtest (1.97% of gross notional) and the safest');
    expect(md).toContain('## Limitations');
  });

  it('carries the same headline numbers as the HTML tiles', () => {
    const tiles = tileValues(renderHtmlReport(input));
    const row = (label: string) => md.split('\n').find((line) => line.startsWith(`| ${label} |`));
    // Same rounding of the same number: the tile's raw capital saved −3,502,192.07 (result.json) shows as -3,502,192 EUR.
    expect(Number(tiles.get('avoided.portfolio-hs.capitalSavedForGood')![0])).toBe(input.result.avoided[2].capitalSavedForGood);
    expect(row('portfolio-hs: saved, for good')).toBe('| portfolio-hs: saved, for good | -3,502,192 EUR |');
    expect(row('correlation breakdown: periods')).toBe(`| correlation breakdown: periods | ${tiles.get('underfunded.periods.correlation_breakdown')![0]} |`);
    expect(md).toContain('| **Worst shortfall** | **89,442 EUR** |');
    expect(md).toContain('| **Underfunded periods** | **3** |');
    expect(md).toMatch(/^\| isolated \| 1 \| 1997-01-14 \| 385,113 EUR \| 5,854,339 EUR \| 0 EUR \| 7,388 EUR \|/m);
  });

  it('lists the methodology and ends with the digest', () => {
    expect(md).toContain('- **Correlation estimator**: ewma(0.94)');
    expect(md.trimEnd().endsWith(`digest ${input.result.digest}`)).toBe(true);
  });
});

describe('a Monte Carlo result (hand-made monteCarlo section)', () => {
  const mc = withMonteCarlo(input);
  const fixture = monteCarloFixture();
  const html = renderHtmlReport(mc);

  it('headlines the probabilities across paths, exactly as the section has them', () => {
    const tiles = tileValues(html);
    for (const m of fixture.modes) {
      expect(Number(tiles.get(`mc.mode.${m.name}.liquidationProbability`)![0])).toBe(m.liquidationProbability);
      expect(Number(tiles.get(`mc.mode.${m.name}.finalEquity.p05`)![0])).toBe(m.finalEquity.quantiles.p05);
    }
    for (const u of fixture.underfunding) {
      expect(Number(tiles.get(`mc.underfunded.${u.mode}.correlation_breakdown`)![0])).toBe(u.byCause.correlation_breakdown.probability);
    }
    // The worst 99 % largest shortfall of the fixture: portfolio-var, 512,000 (vs 498,000 and 21,000).
    expect(tiles.get('mc.worstShortfall.p99')).toEqual(['512000']);
    expect(tiles.get('mc.worstShortfall.mode')).toEqual(['portfolio-var']);
  });

  it('draws the distributions as quantile fans and keeps the representative path\'s charts', () => {
    const charts = [...html.matchAll(/<figure class="chart" id="chart-([^"]+)"/g)].map((m) => m[1]);
    expect(charts.slice(0, 2)).toEqual(['mc-final-equity', 'mc-max-shortfall']);
    expect(charts).toContain('prices');
    expect(html).toContain('Path 0 (representative): modes side by side');
    expect(html).toContain('Monte Carlo: 2,000 synthetic paths of 252 steps after 415 historical warm-up rows');
  });

  it('writes the across-path tables in Markdown, well formed', () => {
    const text = renderMarkdownReport(mc);
    expect(text).toContain('## Across paths');
    // Shares of 2,000 paths with their 95 % Wilson intervals (41.25 %: 825 of 2,000).
    // (Markdown escapes the brackets.)
    expect(text).toContain('| P(liquidation) | 41.25% \\[39.1–43.4%\\] | 2.15% \\[1.6–2.9%\\] | 1.05% \\[0.7–1.6%\\] | 1.25% \\[0.8–1.8%\\] |');
    // 0 of 2,000 paths with bad debt still has an upper bound: z²/(n + z²) = 0.19 %.
    expect(text).toContain('| P(bad debt) | 0.35% \\[0.17–0.72%\\] | 0.05% \\[0.01–0.28%\\] | 0.00% \\[0.00–0.19%\\] | 0.00% \\[0.00–0.19%\\] |');
    expect(expectWellFormed(text)).toBe(14);
  });

  it('names the mode table\'s first column for what it holds, a share of paths with its interval, and labels the money columns as money', () => {
    const text = renderMarkdownReport(mc);
    const header = text.split('\n').find((line) => line.startsWith('| mode | ') && line.includes('| P(wiped out) |'))!;
    expect(markdownCells(header)[1].trim()).toBe('P(liquidation)');
    // isolated: 825 of 2,000 paths liquidated, with its Wilson interval as in the across-paths table.
    expect(text).toMatch(/^\| isolated \| 41\.3% \\\[39\.1–43\.4%\\\] \|/m);
    // The avoided tile's last column is money (mean capital saved on the postponed paths), not a count.
    expect(text).toMatch(/^\| cross: mean saved, postponed \| /m);
    expect(text).not.toMatch(/^\| cross: postponed \| /m);
    // A tile's quantile says it is one, and a rate its target, as the decision panel has them.
    expect(markdownCells(header).map((c) => c.trim())).toEqual(expect.arrayContaining(['final equity, 1% quantile', 'final equity, 5% quantile']));
    const exceedance = markdownCells(header).map((c) => c.trim()).indexOf('exceedance rate (pooled)');
    const cross = text.split('\n').find((line) => line.startsWith('| cross | '))!;
    expect(markdownCells(cross)[exceedance].trim()).toMatch(/^\d+\.\d\d% vs 1\.00%$/);
  });
});

describe('the backtest tables point at each other the way they are ordered', () => {
  it('puts the formal test first and says so in both notes', () => {
    const formal = md.indexOf('### Margin backtest, formal');
    const indicative = md.indexOf('### Margin backtest, indicative');
    expect(formal).toBeGreaterThan(0);
    expect(formal).toBeLessThan(indicative);
    expect(md.slice(formal, indicative)).toContain('less power than the indicative tests below');
    expect(md.slice(indicative)).toContain('the formal tests on non-overlapping windows are above');
  });
});
