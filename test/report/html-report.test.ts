import { describe, expect, it } from 'vitest';
import { renderHtmlReport, underfundedPeriods, type MarginEvent, type UnderfundedEvent } from '../../src/index.js';
import { euInput, tileValues, withMonteCarlo } from './support.js';

const input = euInput();
const html = renderHtmlReport(input);
const tiles = tileValues(html);
const { result } = input;

/** The single value a tile key shows (every occurrence must agree). */
function tile(key: string): string {
  const values = tiles.get(key);
  expect(values, `tile ${key}`).toBeDefined();
  expect(new Set(values).size, `tile ${key} shows one value`).toBe(1);
  return values![0];
}

describe('renderHtmlReport: headline tiles', () => {
  it('show each mode\'s liquidations, mean requirement, final equity and bad debt exactly as result.json has them', () => {
    expect(result.modes.length).toBe(4);
    for (const m of result.modes) {
      expect(Number(tile(`mode.${m.name}.liquidations`))).toBe(m.liquidations);
      expect(Number(tile(`mode.${m.name}.meanRequirement`))).toBe(m.meanRequirement);
      expect(Number(tile(`mode.${m.name}.finalEquity`))).toBe(m.finalEquity);
      expect(Number(tile(`mode.${m.name}.badDebt`))).toBe(m.badDebt);
    }
    // The default scenario's one liquidation (isolated CAC bucket, 1997-01-14; see its events.csv).
    expect(tile('mode.isolated.liquidations')).toBe('1');
    expect(tile('mode.isolated.firstLiquidationTime')).toBe('1997-01-14');
  });

  it('show the liquidations each cross mode avoided for good or postponed, and the capital each group saved, as result.avoided has them', () => {
    expect(result.avoided.length).toBe(3);
    for (const a of result.avoided) {
      expect(Number(tile(`avoided.${a.mode}.forGood`))).toBe(a.forGood);
      expect(Number(tile(`avoided.${a.mode}.postponed`))).toBe(a.postponed);
      expect(Number(tile(`avoided.${a.mode}.capitalSavedForGood`))).toBe(a.capitalSavedForGood);
      expect(Number(tile(`avoided.${a.mode}.capitalSavedPostponed`))).toBe(a.capitalSavedPostponed);
      expect(a.forGood + a.postponed).toBe(a.count);
    }
    // One isolated close-out (CAC on 1997-01-14) kept alive, and never liquidated later, by all three cross modes counts once.
    expect(tile('avoided.forGood')).toBe('1');
  });

  it('show underfunded periods and steps by cause, the worst shortfall and each cross mode\'s coverage and zone', () => {
    const periods = result.coverage.reduce((s, c) => s + c.periods, 0);
    expect(Number(tile('underfunded.periods'))).toBe(periods);
    expect(Number(tile('underfunded.periods.correlation_breakdown')) + Number(tile('underfunded.periods.volatility'))).toBe(periods);
    expect(Number(tile('underfunded.steps.correlation_breakdown'))).toBe(result.events.underfundedByCause.correlation_breakdown);
    expect(Number(tile('underfunded.steps.volatility'))).toBe(result.events.underfundedByCause.volatility);
    expect(Number(tile('worstShortfall'))).toBe(Math.max(...result.coverage.map((c) => c.maxShortfall)));
    for (const c of result.coverage) {
      expect(Number(tile(`coverage.${c.mode}.exceedances`))).toBe(c.exceedances);
      expect(Number(tile(`coverage.${c.mode}.rate`))).toBe(c.rate);
      expect(tile(`mode-${c.mode}.zone`)).toBe(c.trafficLight!.zone);
    }
    // The formatted worst shortfall is the rounded amount in the scenario's currency (89,441.9 in the default run → "89,442 EUR").
    expect(html).toContain(`data-key="worstShortfall" data-value="${result.coverage[2].maxShortfall}">89,442 EUR<`);
    expect(Number(tile('underfunded.standaloneCovered'))).toBe(result.coverage.reduce((s, c) => s + c.standaloneCovered, 0));
  });
});

describe('renderHtmlReport: document', () => {
  it('has every section, and a chart per figure: prices, equity per mode, loss per cross mode, correlation', () => {
    for (const id of ['headline', 'backtest', 'modes', 'charts', 'events', 'limitations', 'methodology']) expect(html).toContain(`<section id="${id}">`);
    // The decision panel comes first, before the headline.
    expect(html.indexOf('<section id="decision"')).toBeGreaterThan(0);
    expect(html.indexOf('<section id="decision"')).toBeLessThan(html.indexOf('<section id="headline">'));
    const charts = [...html.matchAll(/<figure class="chart" id="chart-([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toEqual(['prices', 'coverage-ratio', 'equity-0', 'equity-1', 'equity-2', 'equity-3', 'loss-1', 'loss-2', 'loss-3', 'correlation-0']);
    for (const figure of html.split('<figure').slice(1)) {
      expect(figure).toMatch(/<svg role="img"[^>]*viewBox="0 0 \d+ \d+"/);
      expect((figure.match(/<path d="M/g) ?? []).length).toBeGreaterThan(5); // gridlines and ticks
      expect(figure).toMatch(/<path transform="scale\(0\.1\)" d="M\d+,\d+L/); // a data line
    }
  });

  it('writes well-formed chart markup: no attribute value cut short by a quote inside it (both chart engines)', () => {
    // The Monte Carlo report has ECharts' fans as well as the time-series charts.
    for (const page of [html, renderHtmlReport(withMonteCarlo(input))]) {
      const svgs = page.match(/<svg[\s\S]*?<\/svg>/g)!;
      expect(svgs.length).toBeGreaterThan(5);
      for (const svg of svgs) for (const tag of svg.match(/<[^>]+>/g)!) expect(tag).not.toMatch(/="[^"]*"[^\s/>]/);
    }
  });

  it('is self-contained: no external URL, no resource attribute, one inline script allowed by its hash', () => {
    const urls = [...html.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0]);
    // Only XML namespace names, which are identifiers and never fetched.
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']).toContain(url);
    expect(html).not.toMatch(/\s(src|srcset|poster|data)=|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).toContain('<a href="events.csv">events.csv</a>');
  });

  it('writes the methodology from the scenario: data, modes, horizon, estimator, cap, policy, overlays, seed, version, digest', () => {
    const methodology = html.slice(html.indexOf('<section id="methodology">'));
    for (const text of [
      'data/eustockmarkets.csv: DAX, CAC; 837 rows from 1995-06-01 to 1998-08-14, business-daily',
      'portfolio-hs: portfolio, historical-var(99%, h=2, L=250), diversification cap 80% of the credit kept, lookback 250 scenarios',
      '2 days = 2 steps at this frequency', '99.00% (expected exceedance rate 1.00%)', 'ewma(0.94)',
      'full, close every position of the pool; fee 0.50% of notional closed', 'none (the path as read)',
      'none (no randomness in a historical replay)', `xmargin ${result.software.version}`, result.digest,
    ]) expect(methodology).toContain(text);
  });

  it('is a pure function of its input: rendering twice gives the same bytes (chart ids do not depend on the process)', () => {
    expect(renderHtmlReport(input)).toBe(html);
    expect(html).not.toMatch(/zr\d+-/);
  });

  it('caps an event table at 200 rows, keeping the largest shortfalls and pointing to events.csv', () => {
    const many: UnderfundedEvent[] = Array.from({ length: 250 }, (_, k) => ({
      kind: 'underfunded', step: 500 + k, time: Date.UTC(1997, 0, 2 + k), mode: 'portfolio-hs', horizonSteps: 2,
      loss: 1000 + k, requirement: 1000, shortfall: k, standaloneSum: 5000, cause: 'correlation_breakdown', standaloneCovered: true,
      volatilityPart: 0, correlationPart: k, impliedVolatilityPart: 0, realisedRequirement: 1000 + k, residual: 0, realisedSteps: 20, legs: [],
      estimatedCorrelation: null, realisedCorrelation: null, gridCoverage: null,
    }));
    const capped = renderHtmlReport({ ...input, events: many as MarginEvent[] });
    const table = capped.slice(capped.indexOf('data-table="events-underfunded"'));
    const rows = table.slice(0, table.indexOf('</table>')).split('<tr>').length - 2;
    expect(rows).toBe(200);
    expect(capped).toContain('200 of 250 underfunded steps shown (the largest shortfalls, in time order); all of them are in events.csv.');
    // Shortfalls 50 … 249 are kept: the smallest kept is 50, the 0 … 49 are left out.
    expect(table).toContain('data-sort="50">50 EUR<');
    expect(table).not.toContain('data-sort="49">49 EUR<');
  });
});

describe('underfundedPeriods', () => {
  it('groups consecutive steps of one mode and attributes each period to the cause of its worst step (hand-made events)', () => {
    const e = (mode: string, step: number, shortfall: number, cause: UnderfundedEvent['cause']): UnderfundedEvent => ({
      kind: 'underfunded', step, time: step * 86_400_000, mode, horizonSteps: 1, loss: 0, requirement: 0, shortfall, standaloneSum: 0,
      cause, standaloneCovered: false, volatilityPart: null, correlationPart: null, impliedVolatilityPart: null, realisedRequirement: null,
      residual: null, realisedSteps: 0, legs: [], estimatedCorrelation: null, realisedCorrelation: null, gridCoverage: null,
    });
    // Mode A: steps 5, 6, 7 (worst at 6: volatility) and 9 alone; mode B: step 6. Three periods, by hand.
    const periods = underfundedPeriods([
      e('A', 5, 1, 'correlation_breakdown'), e('A', 6, 3, 'volatility'), e('B', 6, 2, 'correlation_breakdown'),
      e('A', 7, 2, 'correlation_breakdown'), e('A', 9, 1, 'correlation_breakdown'),
    ]);
    expect(periods.map((p) => [p.mode, p.firstStep, p.lastStep, p.steps, p.cause])).toEqual([
      ['A', 5, 7, 3, 'volatility'], ['A', 9, 9, 1, 'correlation_breakdown'], ['B', 6, 6, 1, 'correlation_breakdown'],
    ]);
  });
});
