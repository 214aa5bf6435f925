import { describe, expect, it } from 'vitest';
import { kupiec, wilsonInterval, type RunResult } from '../../src/index.js';
import { decisionPanel } from '../../src/report/decision-panel.js';
import { overlayWindows } from '../../src/report/overlay-windows.js';
import { euInput } from './support.js';

const eu = euInput();

describe('decision panel (historical)', () => {
  const panel = decisionPanel(eu.result);

  it('has a row per mode with its margin cost = mean requirement / mean gross notional', () => {
    expect(panel.table.rows.map((r) => r[0].sort)).toEqual(eu.result.modes.map((m) => m.name));
    eu.result.modes.forEach((m, k) => expect(panel.table.rows[k][1].sort).toBe(m.meanRequirement / m.meanGross));
  });

  it('reports the direction of a Kupiec rejection on the formal test: 0 of 210 non-overlapping windows is too few at 1 %', () => {
    const cross = panel.table.rows.find((r) => r[0].sort === 'cross')!;
    // Hand check: LR = −2·210·ln(0.99) = 4.22, p = 0.040 < 0.05, with fewer exceedances than expected.
    const k = kupiec(210, 0, 0.01);
    expect(k.lr).toBeCloseTo(-2 * 210 * Math.log(0.99), 12);
    expect(cross[3].text).toBe('rejected: too few (p 0.040)');
    const hs = panel.table.rows.find((r) => r[0].sort === 'portfolio-hs')!;
    expect(hs[2].text).toBe('3 / 420 (0.71% vs 1.00%)');
    expect(hs[4].text).toBe('89,442 EUR (53,206 EUR)');
  });

  it('says when one mode is both the cheapest and the safest of the modes with a backtest (ties broken by cost)', () => {
    expect(panel.sentence).toBe('portfolio-var is both the cheapest of the modes with a margin backtest (1.97% of gross notional) and the safest: no trade-off to make on these figures.');
    expect([panel.cheapest, panel.safest]).toEqual(['portfolio-var', 'portfolio-var']);
  });

  it('names the first risk measure on which the cheapest and the safest differ', () => {
    // Make portfolio-var's worst shortfall positive: cross (no shortfall) becomes the safest.
    const coverage = eu.result.coverage.map((c) => (c.mode === 'portfolio-var' ? { ...c, exceedances: 2, maxShortfall: 10_000, meanShortfall: 6_000 } : c));
    const p = decisionPanel({ ...eu.result, coverage });
    expect(p.sentence).toBe('portfolio-var needs 2.5× less margin than cross (1.97% against 5.00% of gross notional) but its worst shortfall is 10,000 EUR (cross: none). portfolio-var is the cheapest of the modes with a margin backtest, cross the safest.');
  });
});

describe('decision panel: what happened, in words', () => {
  it('tells the path\'s events under the sentence: liquidations, what cross margin kept alive, shortfalls, bad debt', () => {
    expect(decisionPanel(eu.result).happened).toBe(
      'Isolated margin liquidated 1 position (first 1997-01-14); cross, portfolio-var and portfolio-hs each kept it alive for good ' +
      '(net capital saved -3,502,192 EUR: keeping cost more than the close-out). ' +
      'No cross or portfolio mode was liquidated. The margin fell short of the 2-step loss in portfolio-hs (3 of 420 steps, worst 89,442 EUR). No mode left bad debt.');
  });

  it('names bad debt, liquidated pooled modes and only-postponed rescues when there are', () => {
    const modes = eu.result.modes.map((m) => (m.name === 'cross' ? { ...m, liquidations: 1, positionsLiquidated: 2, firstLiquidationTime: '1997-06-02', badDebt: 1234.4 } : m));
    const avoided = eu.result.avoided.map((a) => ({ ...a, forGood: 0, postponed: 1 }));
    expect(decisionPanel({ ...eu.result, modes, avoided }).happened).toBe(
      'Isolated margin liquidated 1 position (first 1997-01-14); no cross or portfolio mode kept one alive for good (1 only postponed). ' +
      'cross (1997-06-02) was liquidated. The margin fell short of the 2-step loss in portfolio-hs (3 of 420 steps, worst 89,442 EUR). cross left 1,234 EUR of bad debt.');
  });

  it('is in both reports, under the sentence and before the table', async () => {
    const { renderHtmlReport, renderMarkdownReport } = await import('../../src/index.js');
    const html = renderHtmlReport(eu);
    const at = html.indexOf('<p class="happened" data-key="decision.happened"><strong>What happened.</strong> Isolated margin liquidated 1 position');
    expect(at).toBeGreaterThan(html.indexOf('<p class="verdict"'));
    expect(at).toBeLessThan(html.indexOf('<table', html.indexOf('<section id="decision"')));
    expect(renderMarkdownReport(eu)).toContain('\n*What happened.* Isolated margin liquidated 1 position (first 1997-01-14); cross, portfolio-var and portfolio-hs each kept it alive for good (net capital saved');
  });
});

describe('decision panel: a safest mode observed on few steps', () => {
  // venues-spx-2008: portfolio-var was liquidated on 2008-11-20 and then held nothing, so its backtest saw 30
  // steps, clean, against binance-cross's 100 through March 2009; "the safest" alone read as a verdict on the
  // whole crash.
  it('says the record is short, with both step counts and when the safest mode was first liquidated', () => {
    const modes = eu.result.modes.map((m) => (m.name === 'cross' ? { ...m, liquidations: 1, positionsLiquidated: 2, firstLiquidationTime: '1997-06-02' } : m));
    const coverage = eu.result.coverage.map((c) =>
      c.mode === 'portfolio-var' ? { ...c, exceedances: 2, maxShortfall: 10_000, meanShortfall: 6_000 } : c.mode === 'cross' ? { ...c, observations: 100 } : c);
    const p = decisionPanel({ ...eu.result, modes, coverage });
    expect(p.sentence).toBe('portfolio-var needs 2.5× less margin than cross (1.97% against 5.00% of gross notional) but its worst shortfall is 10,000 EUR (cross: none). ' +
      'portfolio-var is the cheapest of the modes with a margin backtest, cross the safest, on a short record: its backtest covers 100 steps against 420 for portfolio-var (first liquidated 1997-06-02).');
  });

  it('says nothing of the record when the two were observed alike (at least half as long)', () => {
    const coverage = eu.result.coverage.map((c) =>
      c.mode === 'portfolio-var' ? { ...c, exceedances: 2, maxShortfall: 10_000, meanShortfall: 6_000 } : c.mode === 'cross' ? { ...c, observations: 210 } : c);
    expect(decisionPanel({ ...eu.result, coverage }).sentence).toMatch(/cross the safest\.$/);
  });
});

describe('decision panel (Monte Carlo)', () => {
  it('states the trade-off the issue quotes: 4.3× less margin, 15× the bad-debt probability, with Wilson intervals', () => {
    // The figures of mc-regime-breakdown-hedge (2,000 paths): capital efficiency 36.18 (cross) and 156.43 (portfolio),
    // bad debt on 2 and 30 paths.
    const mode = (name: string, kind: string, capitalEfficiency: number, badDebtProbability: number) => ({
      name, kind, capitalEfficiency, badDebtProbability, meanBadDebt: badDebtProbability * 1000, liquidationProbability: 0.1, wipedOutProbability: 0,
      meanLiquidations: 0, meanPositionsLiquidated: 0, meanLiquidationFees: 0, meanRequirement: 1 / capitalEfficiency,
      finalEquity: { mean: 0, min: 0, max: 0, quantiles: { p001: 0, p01: 0, p05: 0, p50: 0, p95: 0, p99: 0, p999: 0 } },
    });
    const under = (m: string, probability: number) => ({
      mode: m, probability, expectedProbability: { nonOverlapping: 0.71, independent: 0.91 }, exceedanceRate: 0.01, expectedRate: 0.01, observations: 400_000,
      exceedances: 4000, standaloneCoveredProbability: 0,
      byCause: { correlation_breakdown: cause(), volatility: cause(), implied_volatility: cause() },
      maxShortfall: { mean: 0, min: 0, max: 0, quantiles: { p001: 0, p01: 0, p05: 0, p50: 0, p95: 0, p99: 0, p999: 0 } },
    });
    const cause = () => ({ probability: 0, meanCount: 0, meanShortfall: null, expectedShortfall: 0 });
    const result = {
      ...eu.result,
      modes: [{ ...eu.result.modes[1], name: 'cross', kind: 'cross' }, { ...eu.result.modes[2], name: 'portfolio', kind: 'portfolio' }],
      monteCarlo: {
        runs: 2000, modes: [mode('cross', 'cross', 36.18, 2 / 2000), mode('portfolio', 'portfolio', 156.43, 30 / 2000)],
        underfunding: [under('cross', 0.0105), under('portfolio', 0.8845)], avoided: [],
      },
    } as unknown as RunResult;
    const p = decisionPanel(result);
    const show = (x: number, n: number) => { const w = wilsonInterval(Math.round(x * n), n); return `[${(w.lower * 100).toFixed(w.upper < 0.01 ? 2 : 1)}–${(w.upper * 100).toFixed(w.upper < 0.01 ? 2 : 1)}%]`; };
    expect(show(0.015, 2000)).toBe('[1.1–2.1%]');
    expect(p.sentence).toBe(`portfolio needs 4.3× less margin than cross (0.64% against 2.76% of gross notional) but has 15.0× its bad-debt probability (1.50% ${show(0.015, 2000)} against 0.10% ${show(0.001, 2000)}). portfolio is the cheapest of the modes with a margin backtest, cross the safest.`);
    // The sentence and the table are over every path: no one path's story under them.
    expect(p.happened).toBeNull();
  });
});

describe('overlayWindows', () => {
  const time = Float64Array.from({ length: 30 }, (_, t) => Date.UTC(2020, 0, 1 + t));
  const input = (kind: 'historical' | 'monte-carlo', overlays: unknown[]) =>
    ({ ...eu, result: { ...eu.result, run: { ...eu.result.run, kind, openStep: 10 }, scenario: { ...eu.result.scenario, echo: { overlays } } } }) as typeof eu;
  const window = { time, from: 0, to: 29, series: new Map() };

  it('shades the move a price shock changes and the moves of a window, by row or date (historical rows count from the path\'s first)', () => {
    const ranges = overlayWindows(input('historical', [
      { kind: 'price-shock', at: 5, shocks: {} },
      { kind: 'volatility-scale', from: '2020-01-08', to: 12, factor: 2 },
      { kind: 'identity' },
    ]), window);
    expect(ranges).toEqual([[time[4], time[5]], [time[6], time[12]]]);
  });

  it('counts a Monte Carlo overlay\'s rows from the opening', () => {
    expect(overlayWindows(input('monte-carlo', [{ kind: 'price-shock', at: 5, shocks: {} }]), window)).toEqual([[time[14], time[15]]]);
  });
});

describe('what happened: the worth of a rescue', () => {
  it('gives the net capital saved, a range when the keepers differ, and says nothing of cost when one gained', () => {
    const avoided = eu.result.avoided.map((a, k) => ({ ...a, capitalSavedForGood: k === 0 ? 1000 : -2000 }));
    expect(decisionPanel({ ...eu.result, avoided }).happened).toContain('cross, portfolio-var and portfolio-hs each kept it alive for good (net capital saved 1,000 EUR to -2,000 EUR).');
  });
});
