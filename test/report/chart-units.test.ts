import { describe, expect, it } from 'vitest';
import { renderHtmlReport, reportInputFromRun, runScenario } from '../../src/index.js';
import { euInput } from './support.js';

/** The titles of a report's charts (each figure's heading), in order. */
function chartTitles(html: string): string[] {
  return [...html.matchAll(/<figure class="chart"[^>]*>\s*<h4>(.*?)<\/h4>/g)].map((m) => m[1]);
}

// Chart axes read 500k or 2M; the title names what the unit is, on every money chart (the equity charts
// had it, the loss charts and the option book's greeks did not).
describe('money charts name their currency in the title', () => {
  it('the realised-loss charts of each cross mode', () => {
    const titles = chartTitles(renderHtmlReport(euInput()));
    const loss = titles.filter((t) => t.includes('loss against the requirement'));
    expect(loss).toEqual([
      'cross: 2-step loss against the requirement (EUR)',
      'portfolio-var: 2-step loss against the requirement (EUR)',
      'portfolio-hs: 2-step loss against the requirement (EUR)',
    ]);
    expect(titles).toContain('cross: equity and requirement (EUR)');
  });

  it('the option book\'s dollar greeks, with the currency in their captions too', () => {
    const html = renderHtmlReport(reportInputFromRun(runScenario('scenarios/spx-short-vol-2018.json', { write: false })));
    const titles = chartTitles(html);
    expect(titles).toEqual(expect.arrayContaining(['Net dollar delta per mode (USD)', 'Net dollar gamma per mode (USD)', 'Net vega per mode (USD)']));
    expect(html).toContain('in USD per unit relative move');
    expect(html).toContain('in USD per 1.00 of implied volatility');
    // Six modes share the book until their liquidations: the gamma chart showed two colours for six legend entries.
    expect(html).toContain('Modes holding the same positions have the same greeks: their lines coincide and the last in the legend shows.');
  });
});
