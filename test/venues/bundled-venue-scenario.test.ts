import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { eventsOf, renderMarkdownReport, reportInputFromRun, runScenario, type LiquidationEvent } from '../../src/index.js';

/**
 * The bundled venue comparison (scenarios/venues-spx-2008.json), the figures the README quotes, each
 * recomputed here by hand from the data file's rows and the presets' tables:
 * - SPX (data/sp500_ohlc.csv): close 909.92 on 2008-10-09 (the opening), bar of 2008-10-10 low 839.80, close
 *   899.22; close 806.58 on 2008-11-19;
 * - the long: 5,000,000 / 909.92 = 5,494.9886 units, isolated bucket 5,000,000 / 12.5 = 400,000;
 * - Binance BTCUSDT from 2024-02-03 at 500,000–10,000,000 of notional: 1 %, amount 2,550.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = runScenario(join(root, 'scenarios/venues-spx-2008.json'), { write: false });
const liquidation = (mode: string): LiquidationEvent => {
  const found = eventsOf(run.outcome.events, 'liquidation').filter((e) => e.mode === mode);
  expect(found).toHaveLength(1);
  return found[0];
};
const day = (e: { time: number }) => new Date(e.time).toISOString().slice(0, 10);
const q = 5_000_000 / 909.92;
const BUCKET = 400_000;

describe('venues-spx-2008: what the closes miss', () => {
  it('Binance isolated: liquidated inside the bar of 2008-10-10 at its liquidation price 845.11, the close (899.22) above it', () => {
    // Bucket equity = Binance maintenance: 400,000 + q (P − 909.92) = q P × 1 % − 2,550 → P = (5,000,000 − 402,550) / (0.99 q).
    const lp = (5_000_000 - BUCKET - 2_550) / (0.99 * q);
    expect(lp).toBeCloseTo(845.11, 2);
    const e = liquidation('binance-isolated');
    expect(day(e)).toBe('2008-10-10');
    expect(e.check).toBe('intrabar');
    expect(Math.abs(e.prices[0] - lp)).toBeLessThan(1e-8);
    expect(Math.abs(e.liquidationPrices![0] - lp)).toBeLessThan(1e-8);
    // Checked at the low: 400,000 + q (839.80 − 909.92) = 14,691 against q · 839.80 · 1 % − 2,550 = 43,597.
    expect(e.equity).toBeCloseTo(BUCKET + q * (839.8 - 909.92), 6);
    expect(e.requirement).toBeCloseTo(q * 839.8 * 0.01 - 2_550, 6);
    // Left in the bucket after the 0.5 % fee: 20,669.
    expect(e.equityAfter).toBeCloseTo(BUCKET + q * (lp - 909.92) - 0.005 * q * lp, 6);
    expect(Math.round(e.equityAfter)).toBe(20_669);
  });

  it('the same bucket checked at the close only survives until the close of 2008-11-19 (806.58), then leaves 190,013 of bad debt', () => {
    const e = liquidation('binance-isolated-close');
    expect(day(e)).toBe('2008-11-19');
    expect(e.check).toBe('close');
    expect(e.prices[0]).toBe(806.58);
    const after = BUCKET + q * (806.58 - 909.92) - 0.005 * q * 806.58;
    expect(e.badDebt).toBeCloseTo(-after, 6);
    expect(Math.round(e.badDebt)).toBe(190_013);
  });

  it('the generic isolated bucket (2.5 % maintenance) goes at 858.59 on 2008-10-10 too; OKX portfolio margin at 897.95', () => {
    const generic = liquidation('isolated');
    expect(day(generic)).toBe('2008-10-10');
    expect(generic.prices[0]).toBeCloseTo((5_000_000 - BUCKET) / (0.975 * q), 8);
    // OKX (version of 2025-01-06): 24 % of |exposure| for BTC; pool 1,250,000: 1,250,000 + q (P − 909.92) = 0.24 q P.
    const okx = liquidation('okx-pm');
    expect(day(okx)).toBe('2008-10-10');
    expect(okx.check).toBe('intrabar');
    expect(okx.prices[0]).toBeCloseTo((5_000_000 - 1_250_000) / (0.76 * q), 8);
  });

  it('the cross venues go on 2009-03-05 at their own liquidation prices; Hyperliquid\'s backstop takes what is left', () => {
    const lp = (mode: string) => liquidation(mode).prices[0];
    for (const mode of ['binance-cross', 'hyperliquid-cross', 'dydx-cross', 'binance-pm']) expect(day(liquidation(mode))).toBe('2009-03-05');
    // Pool 1,250,000: 1,250,000 + q (P − 909.92) = MM(P) with each venue's rule.
    expect(lp('binance-cross')).toBeCloseTo((5_000_000 - 1_250_000 - 2_550) / (0.99 * q), 8);
    expect(lp('hyperliquid-cross')).toBeCloseTo((5_000_000 - 1_250_000) / (0.9875 * q), 8);
    expect(lp('dydx-cross')).toBeCloseTo((5_000_000 - 1_250_000) / (0.988 * q), 8);
    expect(lp('binance-pm')).toBeCloseTo((5_000_000 - 1_250_000 - 1.05 * 2_550) / ((1 - 1.05 * 0.01) * q), 8);
    const hl = liquidation('hyperliquid-cross');
    expect(hl.fractions).toEqual([1]);
    expect(hl.equityAfter).toBe(0);
    expect(run.result.modes.find((m) => m.name === 'hyperliquid-cross')!.finalEquity).toBe(0);
  });

  it('the report names each preset with its version, date and source, and tabulates liquidation prices', () => {
    const report = renderMarkdownReport(reportInputFromRun(run));
    // asOf is 27 days after the newest Binance snapshot: the report says the version is taken as still in force.
    expect(report).toContain('binance-usdm as of 2024-03-01, the version of 2024-02-03 (observed; the newest version in the preset: its rules are taken as still in force 27 days after its first day, the preset recording no later version) in venues/binance-usdm.json');
    expect(report).toContain('okx-pm as of 2025-01-10, the version of 2025-01-06 (published, until 2025-01-15)');
    expect(report).toContain('https://github.com/freqtrade/freqtrade/blob/2989b427603b3e4b7c331335e5dfc4ba9de41236/freqtrade/exchange/binance_leverage_tiers.json');
    expect(report).toMatch(/\| binance-isolated \| SPX \| 845\.11 \| 2008-10-09 \| 909\.92 \|/);
    expect(report).toMatch(/\| 2008-10-10 \| binance-isolated \| position \| SPX \| SPX \| - \| intrabar \| 845\.11 \| 845\.11 \|/);
  });
});
