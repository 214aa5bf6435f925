import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { renderHtmlReport, reportInputFromRun, runScenario } from '../../src/index.js';
import { formatMultiple } from '../../src/report/report-format.js';

/**
 * Delta-normal VaR of the bundled delta-hedged option book asks almost nothing (a few USD), so the coverage
 * ratio of that mode reaches astronomical values: the chart stops at 100× and the caption says which modes
 * went above, and how far, instead of a scale of 10⁴² that flattens every other mode.
 */
describe('coverage-ratio chart of a mode whose requirement comes close to 0', () => {
  const run = runScenario(fileURLToPath(new URL('../../scenarios/spx-short-vol-2018.json', import.meta.url)), { write: false });
  const html = renderHtmlReport(reportInputFromRun(run));
  const figure = html.slice(html.indexOf('data-chart="coverage-ratio"'), html.indexOf('</figure>', html.indexOf('data-chart="coverage-ratio"')));

  it('draws at most 100×, labels powers of ten, and names the capped modes with their largest ratio', () => {
    expect(figure.length).toBeGreaterThan(0);
    const labels = [...figure.matchAll(/text-anchor="end" fill="#555">([^<]+)</g)].map((m) => m[1]);
    expect(labels.at(-1)).toBe('100×');
    expect(labels.every((l) => /^[\d.]+×$/.test(l))).toBe(true);
    // The largest ratio of portfolio-var, recomputed from the series.
    const equity = run.outcome.series.get('portfolio-var.equity')!;
    const requirement = run.outcome.series.get('portfolio-var.requirement')!;
    const open = run.outcome.series.get('portfolio-var.open')!;
    let largest = 0;
    for (let t = 0; t < equity.length; t++) if (open[t] > 0 && requirement[t] > 0) largest = Math.max(largest, equity[t] / requirement[t]);
    expect(largest).toBeGreaterThan(100);
    const k = Math.floor(Math.log10(largest));
    expect(figure).toContain(`Ratios above 100× are drawn at 100×: portfolio-var (up to ${(largest / 10 ** k).toFixed(1)}·10^${k}×)`);
  });

  it('the procyclicality table prints a peak-to-trough over a trough near 0 as a power of ten, not 48 digits', () => {
    // What a reader sees (text between tags; the sort keys in data-sort keep the full numbers).
    const text = [...html.matchAll(/>([^<]*)</g)].map((m) => m[1]).join('\n');
    expect(text).not.toMatch(/\d{13,}/);
    expect(text).not.toMatch(/\de\+\d+/);
    expect(text).toMatch(/\d\.\d·10\^\d+×/);
  });
});

describe('formatMultiple', () => {
  it.each([
    [2.9, 2, '2.90×'],
    [1250.4, 0, '1,250×'],
    [999_999, 0, '999,999×'],
    [4.3455108e47, 2, '4.3·10^47×'],
    [1e6, 0, '1.0·10^6×'],
    [Number.NaN, 2, '-'],
  ])('%d → %s', (x, digits, text) => {
    expect(formatMultiple(x, digits)).toBe(text);
  });
});
