import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compileScenario,
  eventsOf,
  hyperliquidBackstop,
  hyperliquidLiquidationFraction,
  loadVenuePreset,
  maintenanceSum,
  parseScenario,
  type HyperliquidLiquidationRule,
} from '../../src/index.js';
import { position, run, setup } from './fixtures.js';

/**
 * Hyperliquid's liquidation rule on steps ("Liquidations", Hyperliquid Docs; README "Venue presets"): a
 * liquidatable position above 100,000 loses 20 % first; if the account is still below maintenance, the
 * rest goes inside the 30-second cooldown (a step is far longer); small positions go in full; below 2/3 of
 * maintenance the backstop takes the positions and the margin left. Each case below is computed by hand
 * and its outcome checked against `hyperliquidLiquidationFraction` / `hyperliquidBackstop` as well.
 *
 * Book: long 1,000,000 at 100 (q = 10,000), 5 % maintenance, cross pool, no liquidation fee, checked at
 * the close. At price P: equity E = C + 10,000 (P − 100), maintenance MM = 500 P.
 */
const preset = loadVenuePreset('hyperliquid', '2026-12-06');
if (preset.venue !== 'hyperliquid') throw new Error('wrong venue');
const rule: HyperliquidLiquidationRule = preset.version.liquidation;

function book(capital: number, notional: number) {
  return setup({
    assets: ['A'],
    positions: [position('A', 0, notional, 10, 0.05)],
    modes: [{ name: 'hl', kind: 'cross', method: maintenanceSum(), liquidation: { kind: 'hyperliquid', buffer: 0, feeRate: 0, venueRule: rule } }],
    capital,
  });
}

describe("Hyperliquid's partial-then-full rule mapped onto steps", () => {
  it('the preset holds the documented thresholds: above 100,000, 20 %, 30 s, backstop at 2/3', () => {
    expect(rule).toEqual({ partialAboveNotional: 100_000, partialFraction: 0.2, cooldownSeconds: 30, backstopEquityFraction: [2, 3] });
  });

  it('E in [0.8 MM, MM): 20 % closed, the account whole again, the rest kept open (P = 98.5: E = 45,000, MM = 49,250)', () => {
    const outcome = run(book(60_000, 1_000_000), [[100], [98.5], [98.5]]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    expect(hyperliquidLiquidationFraction(rule, 985_000, 45_000, 49_250, 0.8 * 49_250)).toBe(0.2);
    expect(event.fractions).toEqual([0.2]);
    expect(event.scope).toBe('position');
    expect(event.notionalClosed).toBeCloseTo(0.2 * 985_000, 6);
    // 8,000 left at 98.5: equity unchanged (the 20 % realised −3,000 into the pool), maintenance 0.8 × 49,250.
    expect(outcome.series.get('hl.open')![1]).toBe(1);
    expect(outcome.series.get('hl.equity')![1]).toBeCloseTo(45_000, 6);
    expect(outcome.series.get('hl.requirement')![1]).toBeCloseTo(39_400, 6);
    expect(outcome.modes[0].positionsLiquidated).toBe(0);
  });

  it('E in [2/3 MM, 0.8 MM): 20 %, then the rest inside the cooldown (P = 97.5: E = 35,000, MM = 48,750)', () => {
    const outcome = run(book(60_000, 1_000_000), [[100], [97.5], [97.5]]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    expect(hyperliquidLiquidationFraction(rule, 975_000, 35_000, 48_750, 0.8 * 48_750)).toBe(1);
    expect(hyperliquidBackstop(rule, 35_000, 48_750)).toBe(false);
    expect(event.fractions).toEqual([0.2, 1]);
    expect(event.assets).toEqual(['A', 'A']);
    expect(event.scope).toBe('account');
    expect(event.equityAfter).toBeCloseTo(35_000, 6);
    expect(outcome.modes[0].positionsLiquidated).toBe(1);
  });

  it('E < 2/3 MM: the backstop takes the position and the 30,000 of margin left (P = 97: MM = 48,500)', () => {
    const outcome = run(book(60_000, 1_000_000), [[100], [97], [97]]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    expect(hyperliquidBackstop(rule, 30_000, 48_500)).toBe(true);
    expect(event.fractions).toEqual([1]);
    expect(event.fee).toBeCloseTo(30_000, 6);
    expect(event.equityAfter).toBeCloseTo(0, 6);
    expect(outcome.modes[0].finalEquity).toBeCloseTo(0, 6);
  });

  it('a position of 100,000 or less goes in full (90,000 at 98.5: E = 3,650, MM = 4,432.5)', () => {
    const outcome = run(book(5_000, 90_000), [[100], [98.5], [98.5]]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    expect(hyperliquidLiquidationFraction(rule, 88_650, 3_650, 4_432.5, 0.8 * 4_432.5)).toBe(1);
    expect(event.fractions).toEqual([1]);
    expect(event.equityAfter).toBeCloseTo(3_650, 6);
  });
});

describe('a hyperliquid venue mode applies the rule unless the mode names another policy', () => {
  const file = join(fileURLToPath(new URL('../fixtures/', import.meta.url)), 'scenario.json');
  const compile = (mode: Record<string, unknown>) => compileScenario(parseScenario({
    name: 'hl',
    data: { file: '../../data/sp500_ohlc.csv', from: '2018-01-02', to: '2018-03-30', columns: { SPX: { close: 'close' } } },
    portfolio: { capital: 1_000_000, openAt: '2018-01-02', positions: [{ asset: 'SPX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 }] },
    margin: { horizonDays: 1, modes: [{ kind: 'cross', venue: 'hyperliquid', asOf: '2026-12-06', symbols: { SPX: 'BTC' }, ...mode }] },
    liquidation: { policy: 'partial', buffer: 0.2, fee: 0.001 },
  }, file), file);

  it('by default: the venue\'s rule, with the scenario\'s fee', () => {
    expect(compile({}).makeSetup().modes[0].liquidation).toEqual({ kind: 'hyperliquid', buffer: 0.2, feeRate: 0.001, venueRule: rule });
  });

  it('"liquidation": { "policy": "full", "fee": 0 } overrides it', () => {
    expect(compile({ liquidation: { policy: 'full', fee: 0 } }).makeSetup().modes[0].liquidation).toEqual({ kind: 'full', buffer: 0.2, feeRate: 0 });
  });
});
