import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bracketMaintenanceMargin,
  hyperliquidBackstop,
  hyperliquidBrackets,
  hyperliquidLiquidationFraction,
  hyperliquidLiquidationPrice,
  loadVenuePreset,
  tieredLiquidationPrice,
  type HyperliquidTier,
  type HyperliquidVersion,
} from '../../src/index.js';

// Hyperliquid Docs, "Margin tiers" and "Liquidations" (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/…),
// read 2026-12-06 from stored copies.
const preset = loadVenuePreset('hyperliquid', '2026-12-06');
const version = preset.version as HyperliquidVersion;

describe('hyperliquidBrackets: rates and deductions from the tier table', () => {
  it('BTC: 1/(2·40) = 1.25 % below 150M, 1/(2·20) = 2.5 % above, deduction 150M × (2.5 % − 1.25 %) = 1,875,000 (hand computation)', () => {
    const btc = hyperliquidBrackets(version.marginTables.BTC);
    expect(btc.map((b) => b.maintenanceRate)).toEqual([0.0125, 0.025]);
    expect(btc.map((b) => b.maintenanceAmount)).toEqual([0, 1_875_000]);
    // The docs' example: "at 20x max leverage, maintenance_margin_rate = 2.5%".
    expect(btc[1].maintenanceRate).toBe(0.025);
    // MM at 200M: 200M × 2.5 % − 1,875,000 = 3,125,000 (= 150M × 1.25 % + 50M × 2.5 %).
    expect(bracketMaintenanceMargin(btc, 200_000_000)).toBeCloseTo(3_125_000, 6);
  });

  it('the docs publish no deduction values (only the recurrence), so none is compared; the recurrence is checked on a three-tier table by hand', () => {
    // Testnet BTC on the same page: 0–10k 40×, 10–50k 25×, 50–100k 10×: rates 1.25 %, 2 %, 5 %.
    // d1 = 10,000 × (2 % − 1.25 %) = 75; d2 = 75 + 50,000 × (5 % − 2 %) = 1,575.
    const b = hyperliquidBrackets([{ lowerBound: 0, maxLeverage: 40 }, { lowerBound: 10_000, maxLeverage: 25 }, { lowerBound: 50_000, maxLeverage: 10 }]);
    expect(b[1].maintenanceAmount).toBeCloseTo(75, 9);
    expect(b[2].maintenanceAmount).toBeCloseTo(1_575, 9);
  });

  it('property: maintenance margin is continuous at every tier boundary of any valid table', () => {
    const table = fc
      .array(fc.tuple(fc.double({ min: 1e3, max: 1e8, noNaN: true }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 6 })
      .map((steps) => {
        // Increasing bounds, non-increasing leverage: the shape the schema accepts.
        let bound = 0;
        let leverage = 60;
        const tiers: HyperliquidTier[] = [{ lowerBound: 0, maxLeverage: leverage }];
        for (const [gap, drop] of steps) {
          bound += gap;
          leverage = Math.max(1, leverage - drop);
          tiers.push({ lowerBound: bound, maxLeverage: leverage });
        }
        return tiers;
      });
    fc.assert(
      fc.property(table, (tiers) => {
        const brackets = hyperliquidBrackets(tiers);
        for (let n = 1; n < brackets.length; n++) {
          const edge = brackets[n].floor;
          const below = edge * brackets[n - 1].maintenanceRate - brackets[n - 1].maintenanceAmount;
          const above = edge * brackets[n].maintenanceRate - brackets[n].maintenanceAmount;
          expect(Math.abs(above - below)).toBeLessThan(1e-9 * Math.max(1, edge));
        }
      }),
    );
  });
});

describe("Hyperliquid's documented liquidation price", () => {
  it('worked case (hand computation): isolated long 1 BTC at 100,000 with 10,000 isolated margin, BTC 40× → 91,139.24', () => {
    // l = 1/(2·40) = 0.0125; MM = 100,000 × 0.0125 = 1,250; margin_available = 10,000 − 1,250 = 8,750;
    // liq = 100,000 − 1 × 8,750 / 1 / (1 − 0.0125) = 100,000 − 8,860.759… = 91,139.2405…
    // At 91,139.2405: equity 10,000 − 8,860.76 = 1,139.24 = 91,139.24 × 0.0125 = MM. ✓
    const lp = hyperliquidLiquidationPrice(100_000, 1, 1, 8_750, 0.0125);
    expect(lp).toBeCloseTo(100_000 - 8_750 / 0.9875, 9);
    expect(Math.abs(lp - 91_139.24)).toBeLessThan(0.005);
  });

  it('worked case (hand computation): cross short 10 ETH at 3,000, account value 5,000, ETH 25× → 3,431.37', () => {
    // l = 1/50 = 0.02; MM = 30,000 × 0.02 = 600; available = 4,400; liq = 3,000 + 4,400 / 10 / 1.02 = 3,431.3725…
    const lp = hyperliquidLiquidationPrice(3_000, -1, 10, 4_400, 0.02);
    expect(lp).toBeCloseTo(3_000 + 440 / 1.02, 9);
    expect(Math.abs(lp - 3_431.37)).toBeLessThan(0.005);
  });

  it('property: agrees with the generic bracket solver while the position stays in its tier', () => {
    const btc = hyperliquidBrackets(version.marginTables.BTC);
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 2e5, noNaN: true }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        (price, size, long, marginShare) => {
          const side = long ? 1 : -1;
          const notional = size * price;
          const equity = notional * marginShare;
          const mm = bracketMaintenanceMargin(btc, notional);
          const documented = hyperliquidLiquidationPrice(price, side, size, equity - mm, btc[0].maintenanceRate);
          if (size * documented > 150_000_000 || documented <= 0) return; // left the first tier
          const solved = tieredLiquidationPrice(side * size, price, equity, 0, btc);
          expect(Math.abs(documented - solved)).toBeLessThan(1e-9 * price);
        },
      ),
    );
  });
});

describe('Hyperliquid liquidation rule on discrete steps', () => {
  const rule = version.liquidation;
  it('preset: partial above 100k USDC, 20 %, 30 s cooldown, backstop below 2/3 of MM', () => {
    expect(rule).toEqual({ partialAboveNotional: 100_000, partialFraction: 0.2, cooldownSeconds: 30, backstopEquityFraction: [2, 3] });
  });
  it.each([
    ['not liquidatable', 200_000, 5_000, 4_000, 3_200, Infinity, 0],
    ['small position: whole', 80_000, 900, 1_000, 800, Infinity, 1],
    ['large position, the 20 % partial restores equity ≥ MM: partial', 200_000, 2_300, 2_500, 2_000, Infinity, 0.2],
    ['large position, still below MM after the partial: the rest goes inside the cooldown', 200_000, 1_900, 2_500, 2_000, Infinity, 1],
    ['within the cooldown of an earlier partial: whole', 200_000, 2_300, 2_500, 2_000, 10, 1],
  ])('%s', (_what, notional, equity, mm, mmAfter, since, fraction) => {
    expect(hyperliquidLiquidationFraction(rule, notional, equity, mm, mmAfter, since)).toBe(fraction);
  });
  it('backstop strictly below 2/3 of the maintenance margin', () => {
    expect(hyperliquidBackstop(rule, 2_000, 3_000)).toBe(false); // exactly 2/3
    expect(hyperliquidBackstop(rule, 1_999.99, 3_000)).toBe(true);
  });
});
