import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binanceLiquidationPrice,
  bracketIndex,
  bracketMaintenanceMargin,
  crossLiquidationPrices,
  loadVenuePreset,
  tieredLiquidationPrice,
  type NotionalBracket,
} from '../../src/index.js';

/**
 * Binance's worked cross-margin example ("How to Calculate Liquidation Price of USDⓈ-M Futures Contracts",
 * https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93, 2020-08-14), as reproduced in
 * freqtrade's test suite (freqtrade/freqtrade tests/exchange/test_binance.py::test_liquidation_price_binance
 * and the earlier tests/leverage/test_liquidation_price.py; read 2026-12-06): wallet balance 1,535,443.01;
 * BTCUSDT long 109.488 @ 32,481.98, mark 31,967.27, rate 0.025, amount 16,300; ETHUSDT long 3,683.979 @
 * 1,456.84, mark 1,335.18, rate 0.10, amount 135,365 → liquidation prices 26,316.89 (BTC) and 1,153.26 (ETH),
 * each with the other held at its mark. Isolated, with the same wallet: 18,778.73 (BTC) and 1,114.78 (ETH).
 * Tolerance: half a cent (the published figures are rounded to cents).
 */
const WALLET = 1_535_443.01;
const BTC = { quantity: 109.488, entry: 32_481.98, mark: 31_967.27, rate: 0.025, amount: 16_300 };
const ETH = { quantity: 3_683.979, entry: 1_456.84, mark: 1_335.18, rate: 0.1, amount: 135_365 };
const CENT = 0.005;

/** One bracket with the example's rate and amount, for a leg whose table the example does not give. */
const single = (rate: number, amount: number): NotionalBracket[] => [{ floor: 0, cap: null, maxLeverage: 1, maintenanceRate: rate, maintenanceAmount: amount }];

describe("Binance's liquidation-price formula on the published example", () => {
  // freqtrade's inputs: TMM₁ and UPNL₁ of the other leg at its mark.
  it.each([
    ['BTCUSDT', BTC, 356_512.508, -448_192.89, 26_316.89],
    ['ETHUSDT', ETH, 71_200.81144, -56_354.57, 1_153.26],
  ])('cross %s → %d', (_symbol, leg, otherMaintenance, otherPnl, expected) => {
    const lp = binanceLiquidationPrice({
      walletBalance: WALLET,
      otherMaintenance,
      otherUnrealizedPnl: otherPnl,
      maintenanceAmount: leg.amount,
      maintenanceRate: leg.rate,
      side: 1,
      size: leg.quantity,
      entryPrice: leg.entry,
    });
    expect(Math.abs(lp - expected)).toBeLessThan(CENT);
  });

  it.each([
    ['BTCUSDT', BTC, 18_778.73],
    ['ETHUSDT', ETH, 1_114.78],
  ])('isolated %s (TMM = UPNL = 0) → %d', (_symbol, leg, expected) => {
    const lp = binanceLiquidationPrice({
      walletBalance: WALLET, otherMaintenance: 0, otherUnrealizedPnl: 0, maintenanceAmount: leg.amount,
      maintenanceRate: leg.rate, side: 1, size: leg.quantity, entryPrice: leg.entry,
    });
    expect(Math.abs(lp - expected)).toBeLessThan(CENT);
  });

  it("the other leg's TMM₁ and UPNL₁ in freqtrade's inputs are that leg's MM and P&L at its mark (hand check)", () => {
    // ETH: 3,683.979 × 1,335.18 × 0.10 − 135,365 = 356,512.508…; 3,683.979 × (1,335.18 − 1,456.84) = −448,192.89…
    expect(ETH.quantity * ETH.mark * ETH.rate - ETH.amount).toBeCloseTo(356_512.508, 2);
    expect(ETH.quantity * (ETH.mark - ETH.entry)).toBeCloseTo(-448_192.89, 1);
    // BTC: 109.488 × 31,967.27 × 0.025 − 16,300 = 71,200.81…; 109.488 × (31,967.27 − 32,481.98) = −56,354.57…
    expect(BTC.quantity * BTC.mark * BTC.rate - BTC.amount).toBeCloseTo(71_200.81144, 3);
    expect(BTC.quantity * (BTC.mark - BTC.entry)).toBeCloseTo(-56_354.57, 1);
  });

  it('crossLiquidationPrices, from positions and marks with the BTCUSDT table Binance published from 2021-03-18, gives both published prices', () => {
    const preset = loadVenuePreset('binance-usdm', '2021-03-18');
    if (preset.venue !== 'binance-usdm') throw new Error('wrong venue');
    const btcTable = preset.version.brackets.BTCUSDT;
    // The example's BTC bracket (2.5 %, 16,300) is the table's 1M–10M bracket; 3.5M of notional falls in it.
    expect(btcTable[bracketIndex(btcTable, BTC.quantity * BTC.mark)]).toMatchObject({ maintenanceRate: 0.025, maintenanceAmount: 16_300 });
    const out = crossLiquidationPrices(WALLET, [BTC.quantity, ETH.quantity], [BTC.entry, ETH.entry], [BTC.mark, ETH.mark], [btcTable, single(ETH.rate, ETH.amount)]);
    expect(Math.abs(out[0] - 26_316.89)).toBeLessThan(CENT);
    expect(Math.abs(out[1] - 1_153.26)).toBeLessThan(CENT);
  });
});

describe('bracket lookup on the published table (FAQ examples)', () => {
  // The FAQ: "if the position size of a USDT-margined BTCUSDT contract is 264,000 USDT, then the maintenance
  // margin rate would be 1%"; "if … 500,000 USDT, then the maintenance amount would be 1,300 USDT".
  const preset = loadVenuePreset('binance-usdm', '2023-01-01');
  const table = preset.venue === 'binance-usdm' ? preset.version.brackets.BTCUSDT : [];
  it('264,000 USDT → rate 1 %; 500,000 USDT → amount 1,300; MM = |notional| × rate − amount', () => {
    expect(table[bracketIndex(table, 264_000)].maintenanceRate).toBe(0.01);
    expect(table[bracketIndex(table, 500_000)].maintenanceAmount).toBe(1_300);
    expect(bracketMaintenanceMargin(table, -500_000)).toBeCloseTo(500_000 * 0.01 - 1_300, 9);
  });
  it('a notional above the last cap keeps the last bracket (the cap is a position limit, not enforced)', () => {
    const eth = preset.venue === 'binance-usdm' ? preset.version.brackets.ETHUSDT : [];
    expect(bracketIndex(eth, 4e8)).toBe(eth.length - 1);
  });
});

describe('tieredLiquidationPrice: the bracket at the liquidation price applies', () => {
  const preset = loadVenuePreset('binance-usdm', '2024-02-03');
  const tables = preset.venue === 'binance-usdm' ? Object.values(preset.version.brackets) : [];

  it('property: at the returned price the pool equity equals the maintenance margin (other legs held)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: tables.length - 1 }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1e3, max: 5e8, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (t, price, notional, long, equityShare, otherMaintenance) => {
          const table = tables[t];
          const quantity = ((long ? 1 : -1) * notional) / price;
          const equity = otherMaintenance + notional * equityShare;
          const lp = tieredLiquidationPrice(quantity, price, equity, otherMaintenance, table);
          if (Number.isNaN(lp)) {
            // Only a long whose pool covers its whole notional has none.
            expect(long).toBe(true);
            expect(equity - otherMaintenance - quantity * price).toBeGreaterThanOrEqual(0);
            return;
          }
          const equityAt = equity + quantity * (lp - price);
          const maintenanceAt = otherMaintenance + bracketMaintenanceMargin(table, quantity * lp);
          expect(Math.abs(equityAt - maintenanceAt)).toBeLessThan(1e-7 * Math.max(1, Math.abs(quantity * lp)));
          // Longs liquidate below the price, shorts above, when the pool is above maintenance now.
          if (equity > otherMaintenance + bracketMaintenanceMargin(table, quantity * price)) {
            expect(long ? lp < price : lp > price).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('crossing a bracket: a short whose liquidation notional lands two brackets up (hand computation)', () => {
    // BTCUSDT 2024-02-03: (500k, 10M] 1 % − 2,550; (10M, 80M] 2.5 % − 152,550. Short 100 BTC at 90,000 (9M notional),
    // pool equity 2,000,000, no other legs. In the 1 % bracket: P = (2,000,000 + 2,550 + 9,000,000) / (100·0.01 + 100)
    // = 108,936.14 → 10.89M notional, outside. In the 2.5 % bracket: (2,000,000 + 152,550 + 9,000,000) / (100·0.025 + 100)
    // = 11,152,550 / 102.5 = 108,805.3659 → 10.88M, inside (10M, 80M]: that is the liquidation price.
    const table = tables[0];
    const lp = tieredLiquidationPrice(-100, 90_000, 2_000_000, 0, table);
    expect(lp).toBeCloseTo(11_152_550 / 102.5, 6);
  });
});
