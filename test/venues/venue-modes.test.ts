import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  MarginEngine,
  compileScenario,
  liquidationPriceSeries,
  loadVenuePreset,
  maintenanceSum,
  parseScenario,
  runCompiled,
  type ModeDefinition,
} from '../../src/index.js';

/**
 * Venue presets in margin modes, checked against Binance's worked cross-margin example run through the
 * whole engine: "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts", Binance FAQ
 * (https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93, 2020-08-14), as reproduced in
 * freqtrade's tests (tests/exchange/test_binance.py::test_liquidation_price_binance, read 2026-12-06):
 * wallet 1,535,443.01; BTCUSDT long 109.488 @ 32,481.98, mark 31,967.27 (rate 2.5 %, amount 16,300);
 * ETHUSDT long 3,683.979 @ 1,456.84, mark 1,335.18 (rate 10 %, amount 135,365) → cross liquidation prices
 * 26,316.89 and 1,153.26; isolated, each with the same wallet, 18,778.73 and 1,114.78. Tolerance: half a
 * cent (published to cents).
 *
 * The fixture folder holds the prices (entry row, then the marks) and a preset file whose BTCUSDT table is
 * Binance's of 2021-03-18 and whose ETHUSDT table contains the example's bracket (see its note).
 */
const fixtures = fileURLToPath(new URL('../fixtures/venues-binance-example/', import.meta.url));
const WALLET = 1_535_443.01;
const BTC = { quantity: 109.488, entry: 32_481.98 };
const ETH = { quantity: 3_683.979, entry: 1_456.84 };
const CENT = 0.005;

function scenario(capital: number, modes: unknown[], positions: unknown[]) {
  return parseScenario({
    name: 'binance-example',
    data: { file: 'prices.csv' },
    venuePresets: '.',
    portfolio: { capital, openAt: '2021-03-18', positions },
    margin: { horizonDays: 1, modes },
    series: { liquidationPrices: true },
  }, join(fixtures, 'scenario.json'));
}

const venue = { venue: 'binance-usdm', asOf: '2021-03-18' };

describe("Binance's worked example through a venue mode of the engine", () => {
  it('cross: the liquidation prices at the marks are 26,316.89 (BTC) and 1,153.26 (ETH), to the cent', () => {
    const compiled = compileScenario(scenario(WALLET, [{ kind: 'cross', ...venue }], [
      { asset: 'BTCUSDT', quantity: BTC.quantity, leverage: 20 },
      { asset: 'ETHUSDT', quantity: ETH.quantity, leverage: 4 },
    ].map((p) => ({ ...p, maintenanceRate: 0.01 }))), join(fixtures, 'scenario.json'));
    const run = runCompiled(compiled, { write: false });
    const btc = run.outcome.series.get(liquidationPriceSeries('cross', 'BTCUSDT'))!;
    const eth = run.outcome.series.get(liquidationPriceSeries('cross', 'ETHUSDT'))!;
    expect(Math.abs(btc[1] - 26_316.89)).toBeLessThan(CENT);
    expect(Math.abs(eth[1] - 1_153.26)).toBeLessThan(CENT);
    // The venue's brackets, not the positions' own 1 %: the requirement at the marks is the example's TMM.
    const requirement = run.outcome.series.get('cross.requirement')!;
    expect(requirement[1]).toBeCloseTo(71_200.81144 + 356_512.508, 2);
    // The methodology names the preset, its date and source.
    expect(run.result.venues).toEqual([expect.objectContaining({ mode: 'cross', venue: 'binance-usdm', asOf: '2021-03-18', effective: '2021-03-18', basis: 'published' })]);
    expect(run.result.venues![0].sources[0].url).toBe('https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93');
  });

  it('isolated, each bucket holding the wallet: 18,778.73 (BTC) and 1,114.78 (ETH), to the cent', () => {
    // Initial margin rates chosen so that each bucket is funded with exactly the example's wallet.
    const btcRate = WALLET / (BTC.quantity * BTC.entry);
    const ethRate = WALLET / (ETH.quantity * ETH.entry);
    const compiled = compileScenario(scenario(2 * WALLET, [{ kind: 'isolated', ...venue }], [
      { asset: 'BTCUSDT', quantity: BTC.quantity, initialMarginRate: btcRate, maintenanceRate: 0.01 },
      { asset: 'ETHUSDT', quantity: ETH.quantity, initialMarginRate: ethRate, maintenanceRate: 0.01 },
    ]), join(fixtures, 'scenario.json'));
    const run = runCompiled(compiled, { write: false });
    expect(Math.abs(run.outcome.series.get(liquidationPriceSeries('isolated', 'BTCUSDT'))![1] - 18_778.73)).toBeLessThan(CENT);
    expect(Math.abs(run.outcome.series.get(liquidationPriceSeries('isolated', 'ETHUSDT'))![1] - 1_114.78)).toBeLessThan(CENT);
  });

  it('the root search through the risk view (no closed form) finds the same prices as the closed form, to 1e-9', () => {
    const compiled = compileScenario(scenario(WALLET, [{ kind: 'cross', ...venue }], [
      { asset: 'BTCUSDT', quantity: BTC.quantity, leverage: 20, maintenanceRate: 0.01 },
      { asset: 'ETHUSDT', quantity: ETH.quantity, leverage: 4, maintenanceRate: 0.01 },
    ]), join(fixtures, 'scenario.json'));
    const setup = compiled.makeSetup();
    const closed = setup.modes[0];
    const sum = closed.method.maintenanceSum!;
    // The same requirement, without the flag that allows the closed form.
    const opaque: ModeDefinition = { name: 'opaque', kind: 'cross', method: { ...maintenanceSum(sum.rules), maintenanceSum: undefined } };
    const engine = new MarginEngine({ ...setup, modes: [closed, opaque] });
    const outcome = engine.run(compiled.frame.time, compiled.frame.columns, { collectEvents: true, recordSeries: true, recordHits: false });
    for (const asset of ['BTCUSDT', 'ETHUSDT']) {
      const a = outcome.series.get(liquidationPriceSeries('cross', asset))![1];
      const b = outcome.series.get(liquidationPriceSeries('opaque', asset))![1];
      expect(Math.abs(a - b) / a).toBeLessThan(1e-9);
    }
  });

  it('a brute-force scan of the pool headroom, by hand from the brackets, changes sign at the solver\'s price (1-cent grid)', () => {
    const compiled = compileScenario(scenario(WALLET, [{ kind: 'cross', ...venue }], [
      { asset: 'BTCUSDT', quantity: BTC.quantity, leverage: 20, maintenanceRate: 0.01 },
      { asset: 'ETHUSDT', quantity: ETH.quantity, leverage: 4, maintenanceRate: 0.01 },
    ]), join(fixtures, 'scenario.json'));
    const run = runCompiled(compiled, { write: false });
    const solved = run.outcome.series.get(liquidationPriceSeries('cross', 'BTCUSDT'))![1];
    // Headroom with BTC at P and ETH held at its mark, every figure written out: BTC in its 1M–10M bracket
    // (2.5 %, 16,300) and ETH's maintenance at its mark in the 2M–5M bracket (10 %, 135,365).
    const ethMark = 1_335.18;
    const headroom = (p: number) => {
      const equity = WALLET + BTC.quantity * (p - BTC.entry) + ETH.quantity * (ethMark - ETH.entry);
      return equity - (BTC.quantity * p * 0.025 - 16_300) - (ETH.quantity * ethMark * 0.1 - 135_365);
    };
    let crossing = NaN;
    for (let cents = 2_500_000; cents < 2_800_000; cents++) {
      if (headroom(cents / 100) >= 0) {
        crossing = cents / 100;
        break;
      }
    }
    // The first price on the grid with headroom ≥ 0 is within a cent above the root, inside the bracket used.
    expect(BTC.quantity * crossing).toBeGreaterThan(1_000_000);
    expect(crossing - solved).toBeGreaterThanOrEqual(0);
    expect(crossing - solved).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(Math.abs(crossing - 26_316.89)).toBeLessThanOrEqual(0.01 + 1e-9);
  });
});

describe('venue presets in modes: requirements from the preset tables', () => {
  const spx = (modes: unknown[], extra: Record<string, unknown> = {}) => compileScenario(parseScenario({
    name: 'venue-requirements',
    data: { file: '../../../data/sp500_ohlc.csv', from: '2018-01-02', to: '2018-03-30', columns: { SPX: { close: 'close' } } },
    portfolio: { capital: 2_000_000, openAt: '2018-01-02', positions: [{ asset: 'SPX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 }] },
    margin: { horizonDays: 1, modes },
    ...extra,
  }, join(fixtures, 'scenario.json')), join(fixtures, 'scenario.json'));

  it('the opening requirement of each venue mode is the preset\'s bracket at 5,000,000 of notional, by hand', () => {
    const run = runCompiled(spx([
      { kind: 'cross', name: 'binance', venue: 'binance-usdm', asOf: '2024-03-01', symbols: { SPX: 'BTCUSDT' } },
      { kind: 'cross', name: 'hyperliquid', venue: 'hyperliquid', asOf: '2026-12-06', symbols: { SPX: 'BTC' } },
      { kind: 'cross', name: 'dydx', venue: 'dydx-v4', asOf: '2026-12-06', symbols: { SPX: 'BTC-USD' } },
      { kind: 'portfolio', name: 'binance-pm', method: 'binance-unimmr', asOf: '2024-03-01', symbols: { SPX: 'BTCUSDT' } },
      { kind: 'portfolio', name: 'okx', method: 'okx-pm', asOf: '2025-01-10', symbols: { SPX: 'BTC' } },
      { kind: 'portfolio', name: 'okx-early', method: 'okx-pm', asOf: '2025-01-03', symbols: { SPX: 'ETH' } },
      { kind: 'cross' },
    ]), { write: false });
    const opening = (mode: string) => run.outcome.series.get(`${mode}.requirement`)![run.outcome.openStep];
    // Binance BTCUSDT from 2024-02-03 (freqtrade's snapshot of the API): 500,000–10,000,000 at 1 %, amount 2,550.
    expect(opening('binance')).toBeCloseTo(5_000_000 * 0.01 - 2_550, 6);
    // Hyperliquid BTC: 40× up to 150M → 1 / (2 × 40) = 1.25 %, no deduction in the first tier.
    expect(opening('hyperliquid')).toBeCloseTo(5_000_000 * 0.0125, 6);
    // dYdX Large-Cap: base IMF 20,000 ppm × maintenance fraction 600,000 ppm = 1.2 %.
    expect(opening('dydx')).toBeCloseTo(5_000_000 * 0.012, 6);
    // Binance portfolio margin: liquidation at uniMMR ≤ 1.05 → R = 1.05 × Σ MM.
    expect(opening('binance-pm')).toBeCloseTo(1.05 * (5_000_000 * 0.01 - 2_550), 6);
    // OKX (announcement of 2 Jan 2025, applying from 6 Jan): BTC/ETH extreme move 24 % > grid's 12 %; before it 30 % > 15 %.
    expect(opening('okx')).toBeCloseTo(5_000_000 * 0.24, 6);
    expect(opening('okx-early')).toBeCloseTo(5_000_000 * 0.3, 6);
    // The generic mode keeps the position's own 5 %.
    expect(opening('cross')).toBeCloseTo(5_000_000 * 0.05, 6);
  });

  it('the venue version in force at asOf is the one applied (Binance BTCUSDT of 2022-09-27: 1M–10M at 2.5 %, amount 16,300)', () => {
    const preset = loadVenuePreset('binance-usdm', '2023-01-01');
    expect(preset.version.effective).toBe('2022-09-27');
    const run = runCompiled(spx([{ kind: 'cross', venue: 'binance-usdm', asOf: '2023-01-01', symbols: { SPX: 'BTCUSDT' } }]), { write: false });
    expect(run.outcome.series.get('cross.requirement')![run.outcome.openStep]).toBeCloseTo(5_000_000 * 0.025 - 16_300, 6);
  });
});
