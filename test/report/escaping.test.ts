import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  escapeHtml, escapeMarkdown, markdownTable, renderHtmlReport, renderMarkdownReport, reportInputFromRun, runScenario, type ReportInput,
} from '../../src/index.js';
import { hostileScenario, markdownCells, markdownTables } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'xmargin-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('escapeHtml / escapeMarkdown', () => {
  it('turn markup into text', () => {
    expect(escapeHtml('<script>alert("x")</script> & \'q\'')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    // Escaped where Markdown would read it, and only there, so report.md reads as text too.
    expect(escapeMarkdown('a|b `c` *d* _e_ [f](g) <h> &i\nj ~k~ \\')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &lt;h> &i j \\~k\\~ \\\\');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('&lt; &#60; &#x3c; P&L S&P a < b margin_allocation')).toBe('&amp;lt; &amp;#60; &amp;#x3c; P&L S&P a < b margin_allocation');
    expect(escapeMarkdown('<http://x> <1@x.co> </b> <!-- c --> <?p> a<')).toBe('&lt;http://x> &lt;1@x.co> &lt;/b> &lt;!-- c --> &lt;?p> a&lt;');
    expect(escapeMarkdown('> quote')).toBe('&gt; quote');
    expect(escapeMarkdown('a > b, _x, y_ __z__ snake_case')).toBe('a > b, \\_x, y\\_ \\_\\_z\\_\\_ snake_case');
  });

  it('keep a Markdown table to its columns whatever the cells hold', () => {
    const table = markdownTable(['name', 'value'], [['a|b', '1'], ['`|`', '2|3'], ['x\ny', '']], [false, true]).split('\n');
    expect(table.map((line) => markdownCells(line).length)).toEqual([2, 2, 2, 2, 2]);
    expect(table[1]).toBe('|---|---:|');
  });
});

describe('a run whose asset names and description carry HTML and Markdown', () => {
  const scenario = hostileScenario(dir);
  const run = runScenario(scenario.file, { out: join(dir, 'out'), write: false });
  const input = reportInputFromRun(run);

  it('has the hostile names in its result (the test exercises them)', () => {
    expect(input.result.data.assets).toEqual(scenario.assets);
    expect(input.result.modes.map((m) => m.name)).toEqual(['isolated', 'cross', 'pm']);
    expect(input.series.has(`price.${scenario.assets[0]}`)).toBe(true);
  });

  it('shows <script> as text in the HTML report: the only script element is the sort script', () => {
    const html = renderHtmlReport(input);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Pair &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(&quot;d&quot;)&lt;/script&gt; | pipe `code` [link](http://x)');
    // Inside the charts (legends, axis names) ECharts escapes text too.
    const charts = html.slice(html.indexOf('<section id="charts">'), html.indexOf('<section id="events">'));
    expect(charts).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(charts).not.toMatch(/<script|<b>/);
  });

  it('escapes the names in Markdown: no raw tag, no extra table cell, no code span', () => {
    const md = renderMarkdownReport(input);
    expect(md).not.toMatch(/<script|<b>/);
    expect(md).toContain('Pair &lt;b>bold&lt;/b> & &lt;script>alert("d")&lt;/script> \\| pipe \\`code\\` \\[link\\](http://x)');
    expect(md).toContain('&lt;script>alert(1)&lt;/script>, A\\|B \\`x\\` \\*y\\*');
    for (const table of markdownTables(md)) {
      const widths = table.map((line) => markdownCells(line).length);
      expect(new Set(widths).size, table[0]).toBe(1);
    }
  });

  it('escapes mode names and a scenario name from a hand-edited result.json too', () => {
    const evil = '<img src=x onerror=alert(1)>|`';
    const edited: ReportInput = {
      ...input,
      result: {
        ...input.result,
        scenario: { ...input.result.scenario, name: `${evil}name` },
        modes: input.result.modes.map((m, k) => (k === 1 ? { ...m, name: evil } : m)),
        coverage: input.result.coverage.map((c) => (c.mode === 'cross' ? { ...c, mode: evil } : c)),
        avoided: input.result.avoided.map((a) => (a.mode === 'cross' ? { ...a, mode: evil } : a)),
      },
    };
    const html = renderHtmlReport(edited);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;|`');
    const md = renderMarkdownReport(edited);
    expect(md).not.toContain('<img');
    for (const table of markdownTables(md)) expect(new Set(table.map((line) => markdownCells(line).length)).size).toBe(1);
  });
});
