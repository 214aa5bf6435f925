import { describe, expect, it } from 'vitest';
import {
  deribitFutureInitialFraction,
  deribitFutureMaintenanceFraction,
  deribitShortCallMargin,
  deribitShortPutMargin,
  dydxBrackets,
  dydxInitialMarginFraction,
  dydxMaintenanceMarginFraction,
  loadVenuePreset,
  okxAdjustedMinimumCharge,
  okxLinearBookRequirement,
  okxMaintenanceRequirement,
  okxSpotShock,
  tieredLiquidationPrice,
  type DeribitVersion,
  type DydxV4Version,
  type OkxPmVersion,
} from '../../src/index.js';

describe('dYdX v4 margin fractions (help.dydx.trade "Open Interest Initial Margin Fraction"; v4-chain genesis tiers; read 2026-12-06)', () => {
  const tiers = (loadVenuePreset('dydx-v4', '2026-12-06').version as DydxV4Version).liquidityTiers;
  it('MMF = base IMF × maintenance fraction: Large-Cap 2 % × 60 % = 1.2 %, Small-Cap 10 % × 50 % = 5 %, Safety 100 % × 20 % = 20 %', () => {
    expect(dydxMaintenanceMarginFraction(tiers['Large-Cap'])).toBe(0.012);
    expect(dydxMaintenanceMarginFraction(tiers['Small-Cap'])).toBe(0.05);
    expect(dydxMaintenanceMarginFraction(tiers.Safety)).toBe(0.2);
  });
  it.each([
    // Small-Cap: base 10 %, caps 20M–50M. scaling = (OI − 20M) / 30M; IMF = 0.1 + scaling × 0.9.
    [10_000_000, 0.1], // below the lower cap: base (the increase is floored at 0)
    [20_000_000, 0.1],
    [35_000_000, 0.1 + 0.5 * 0.9], // halfway: 55 %
    [50_000_000, 1],
    [80_000_000, 1], // capped at 100 %
  ])('Small-Cap at open notional %d → IMF %d (hand computation)', (openNotional, expected) => {
    expect(dydxInitialMarginFraction(tiers['Small-Cap'], openNotional)).toBeCloseTo(expected, 12);
  });
  it('liquidation price through the shared solver (hand computation): cross long 10 BTC-USD at 60,000, equity 30,000', () => {
    // MMF 1.2 %: 30,000 + 10·(P − 60,000) = 10·P·0.012 → P = 570,000 / 9.88 = 57,692.31.
    const lp = tieredLiquidationPrice(10, 60_000, 30_000, 0, dydxBrackets(tiers['Large-Cap']));
    expect(lp).toBeCloseTo(570_000 / 9.88, 8);
    expect(dydxBrackets(tiers['Large-Cap'])[0].maxLeverage).toBe(50);
  });
  it('Large-Cap (both caps 0, "OIMF doesn\'t apply") stays at its base whatever the open interest', () => {
    expect(dydxInitialMarginFraction(tiers['Large-Cap'], 5e9)).toBe(0.02);
  });
});

describe('OKX portfolio margin (linear part)', () => {
  const v2 = loadVenuePreset('okx-pm', '2025-01-10').version as OkxPmVersion;
  const v1 = loadVenuePreset('okx-pm', '2025-01-03').version as OkxPmVersion;

  it('the published worked example: MR = 40,000, raw MR7 = 30,000 → adjusted MR7 = 10,000 + 20,000 × 2 = 50,000 → MMR = 50,000', () => {
    // "OKEx adjusts scaling-factor logic in Portfolio Margin mode", OKX support article 4417291853837 (read 2026-12-06).
    const tiers = v2.minimumCharge[0].tiers;
    expect(okxAdjustedMinimumCharge(30_000, tiers)).toBe(50_000);
    expect(okxMaintenanceRequirement({ mr1: 40_000, mr2: 0, mr3: 0, mr4: 0, mr5: 0, mr6: 0, mr7: 50_000 })).toBe(50_000);
    // Before the adjustment the example's MMR was max(MR, MR7_raw) = 40,000.
    expect(okxMaintenanceRequirement({ mr1: 40_000, mr2: 0, mr3: 0, mr4: 0, mr5: 0, mr6: 0, mr7: 30_000 })).toBe(40_000);
  });

  it('MR7 slices further up the BTC/ETH tiers (hand computation)', () => {
    const tiers = v2.minimumCharge[0].tiers;
    // 200,000: 10,000·1 + 60,000·2 + 100,000·4 + 30,000·6 = 710,000
    expect(okxAdjustedMinimumCharge(200_000, tiers)).toBe(710_000);
    // 1,000,000: 10k·1 + 60k·2 + 100k·4 + 130k·6 + 170k·8 + 230k·10 + 300k·12 = 8,570,000
    expect(okxAdjustedMinimumCharge(1_000_000, tiers)).toBe(8_570_000);
    expect(okxAdjustedMinimumCharge(0, tiers)).toBe(0);
  });

  it('MR1 on a linear exposure is |e| × the largest move of the grid, for longs and shorts', () => {
    expect(okxSpotShock(1_000_000, [0, 0.04, 0.08, 0.12])).toBeCloseTo(120_000, 6);
    expect(okxSpotShock(-1_000_000, [0, 0.04, 0.08, 0.12])).toBeCloseTo(120_000, 6);
  });

  it('a linear book under the 2025-01-06 parameters (hand computation)', () => {
    // BTC +2M: MR1 = 2M × 12 % = 240k, MR6 = 2M × 24 % = 480k, raw MR7 30k → 50k: MMR = max(480k, 50k) = 480k.
    // SOL −500k: MR1 (others) = 500k × 25 % = 125k, MR6 (SOL row) = 500k × 36 % = 180k: MMR = 180k.
    // XRP +100k: MR1 (XRP row) = 18k, MR6 = 36k: MMR = 36k. Total 696k.
    const book = okxLinearBookRequirement(v2, { BTC: 2_000_000, SOL: -500_000, XRP: 100_000 }, { BTC: 30_000 });
    expect(book.units.map((u) => [u.asset, u.mr1, u.mr6, u.mr7, u.requirement].map((x) => (typeof x === 'number' ? Math.round(x) : x)))).toEqual([
      ['BTC', 240_000, 480_000, 50_000, 480_000],
      ['SOL', 125_000, 180_000, 0, 180_000],
      ['XRP', 18_000, 36_000, 0, 36_000],
    ]);
    expect(book.total).toBeCloseTo(696_000, 6);
    // Before 6 Jan 2025 the BTC rows were ±15 % and ±30 %.
    expect(okxLinearBookRequirement(v1, { BTC: 2_000_000 }).units[0].mr6).toBeCloseTo(600_000, 6);
  });

  it('a raw MR7 for an asset without minimum-charge tiers is an error naming what the preset covers', () => {
    expect(() => okxLinearBookRequirement(v2, { SOL: 1 }, { SOL: 1_000 })).toThrow(/no MR7 minimum-charge parameters for "SOL"; the preset covers BTC, ETH/);
  });
});

describe('Deribit standard margin', () => {
  const v = loadVenuePreset('deribit', '2026-12-06').version as DeribitVersion;
  it('futures: the published examples (Deribit "Futures": 25 BTC → 2.125 % = 0.53125 BTC; 350 BTC → 3.75 % = 13.125 BTC)', () => {
    const btc = v.futures.BTC;
    expect(deribitFutureInitialFraction(btc, 0)).toBe(0.02);
    expect(deribitFutureInitialFraction(btc, 25)).toBeCloseTo(0.02125, 12);
    expect(deribitFutureInitialFraction(btc, 25) * 25).toBeCloseTo(0.53125, 12);
    expect(deribitFutureInitialFraction(btc, -350)).toBeCloseTo(0.0375, 12);
    expect(deribitFutureInitialFraction(btc, 350) * 350).toBeCloseTo(13.125, 12);
    // Maintenance 1.5 % + 0.5 % per 100 BTC: 350 BTC → 3.25 % (hand computation).
    expect(deribitFutureMaintenanceFraction(btc, 350)).toBeCloseTo(0.0325, 12);
  });
  it('short options (hand computation from the transcribed formulas)', () => {
    const { shortCall, shortPut } = v.options.BTC;
    // Call K = 60,000, U = 50,000 (OTM 10,000 = 0.2 U), mark 0.01 BTC: IM = max(0.15 − 0.2, 0.1) + 0.01 = 0.11; MM = 0.085.
    const call = deribitShortCallMargin(shortCall, 50_000, 60_000, 0.01);
    expect(call.initial).toBeCloseTo(0.11, 12);
    expect(call.maintenance).toBeCloseTo(0.085, 12);
    // Call ITM K = 45,000: OTM 0 → IM = 0.15 + 0.12 = 0.27.
    expect(deribitShortCallMargin(shortCall, 50_000, 45_000, 0.12).initial).toBeCloseTo(0.27, 12);
    // Put K = 48,000, U = 50,000 (OTM 2,000 = 0.04 U), mark 0.02: IM = max(0.11 + 0.02, MM) = 0.13; MM = max(0.075, 0.0015) + 0.02 = 0.095.
    const put = deribitShortPutMargin(shortPut, 50_000, 48_000, 0.02);
    expect(put.initial).toBeCloseTo(0.13, 12);
    expect(put.maintenance).toBeCloseTo(0.095, 12);
  });
});
