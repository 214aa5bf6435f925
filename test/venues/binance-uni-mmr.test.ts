import { describe, expect, it } from 'vitest';
import { binanceUniMmr, binanceUniMmrStatus, bracketMaintenanceMargin, loadVenuePreset, type BinanceUsdmVersion } from '../../src/index.js';

// "What Is the Unified Account Maintenance Margin Ratio (uniMMR) And How Is It Calculated", Binance FAQ
// (https://www.binance.com/en/support/faq/4868b2f1aa6c4d08af973328462bb0bd, last updated 6 Nov 2024; read 2026-12-06):
// uniMMR = Σ adjusted equity / Σ MM; > 150 % trade freely; 120–150 % reminder; 105–120 % reduce-only;
// 100–105 % liquidation; ≤ 100 % liquidation and loss claim (upper bounds inclusive).
const version = loadVenuePreset('binance-usdm', '2024-06-01').version as BinanceUsdmVersion;
const thresholds = version.uniMmr!;

describe('binanceUniMmr and its status bands', () => {
  it('preset thresholds are the FAQ table', () => {
    expect(version.uniMmr).toEqual({ marginCall: 1.5, reduceOnly: 1.2, liquidation: 1.05, lossClaim: 1.0 });
  });
  it.each([
    [1_600, 1_000, 'normal'],
    [1_500, 1_000, 'margin-call'], // 150 % exactly is inside "120 % < uniMMR ≤ 150 %"
    [1_200.01, 1_000, 'margin-call'],
    [1_200, 1_000, 'reduce-only'],
    [1_050.01, 1_000, 'reduce-only'],
    [1_050, 1_000, 'liquidation'], // liquidation at ≤ 1.05
    [1_000.01, 1_000, 'liquidation'],
    [1_000, 1_000, 'loss-claim'],
    [-5, 1_000, 'loss-claim'],
  ])('equity %d over MM %d → %s', (equity, mm, status) => {
    expect(binanceUniMmrStatus(binanceUniMmr(equity, mm), thresholds)).toBe(status);
  });
  it('a futures-only account (hand computation): wallet 60,000 USDT, long 10 BTC @ 60,000 marked at 58,000, short 100 ETH @ 3,000 marked at 3,100', () => {
    // Equity = 60,000 + 10 × (58,000 − 60,000) + (−100) × (3,100 − 3,000) = 60,000 − 20,000 − 10,000 = 30,000. MM (2024-02-03 brackets): BTC 580,000 in (500k, 10M]: 1 % − 2,550 = 3,250;
    // ETH 310,000 in (50k, 500k]: 0.5 % − 50 = 1,500. Σ MM = 4,750 → uniMMR = 30,000 / 4,750 = 6.3158 → normal.
    const mm = bracketMaintenanceMargin(version.brackets.BTCUSDT, 10 * 58_000) + bracketMaintenanceMargin(version.brackets.ETHUSDT, -100 * 3_100);
    expect(mm).toBeCloseTo(4_750, 9);
    const ratio = binanceUniMmr(60_000 - 20_000 - 10_000, mm);
    expect(ratio).toBeCloseTo(30_000 / 4_750, 12);
    expect(binanceUniMmrStatus(ratio, thresholds)).toBe('normal');
  });
  it('no maintenance margin: +∞ (nothing to liquidate)', () => {
    expect(binanceUniMmr(10, 0)).toBe(Infinity);
  });
});
