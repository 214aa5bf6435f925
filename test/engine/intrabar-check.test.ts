import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MarginEngine,
  blackScholes,
  createOptionGreeks,
  eventsOf,
  instrumentKinds,
  maintenanceSum,
  notionalMarginRule,
  type EngineSetup,
  type Instrument,
  type LiquidationEvent,
  type ModeDefinition,
  type ResolvedPosition,
} from '../../src/index.js';
import { position, setup } from './fixtures.js';

const DAY = 86_400_000;
const time = (rows: number) => Float64Array.from({ length: rows }, (_, t) => Date.UTC(2020, 0, 1 + t));
type Bar = { open?: number; high: number; low: number; close: number };

/** Run `s` over bars of one asset per row (row 0 opens the book at its close). */
function runBars(s: EngineSetup, bars: Bar[][]) {
  const rows = bars.length;
  const assets = bars[0].length;
  const col = (f: (b: Bar) => number) => Array.from({ length: assets }, (_, a) => Float64Array.from(bars, (row) => f(row[a])));
  // An open column when any bar gives one (bars without one open at their close); else the bar starts at the previous close.
  const hasOpen = bars.some((row) => row.some((b) => b.open !== undefined));
  return new MarginEngine(s).run(time(rows), col((b) => b.close), {
    collectEvents: true, recordSeries: true, recordHits: false,
    bars: { high: col((b) => b.high), low: col((b) => b.low), open: hasOpen ? col((b) => b.open ?? b.close) : Array(assets).fill(null) },
  });
}

const modes = (...defs: [string, 'isolated' | 'cross', ('close' | 'intrabar')?][]): ModeDefinition[] =>
  defs.map(([name, kind, check]) => ({ name, kind, method: maintenanceSum(), ...(check ? { check } : {}) }));

/**
 * A long of notional 1,000 at 100 (q = 10) at 10× (bucket 100) with a 5 % maintenance rate. Its bucket's
 * liquidation price, by hand: 100 + 10 (P − 100) = 0.05 · 10 · P → P = 900 / 9.5 = 94.736842…
 */
const LONG_LP = 900 / 9.5;

describe('intrabar checks: the bar\'s adverse extreme, a trigger or extreme fill', () => {
  const book = (fill: 'trigger' | 'extreme') => setup({ assets: ['A'], positions: [position('A', 0, 1000)], modes: modes(['isolated', 'isolated'], ['isolated-close', 'isolated', 'close']), intrabarFill: fill, liquidationPrices: true });
  const dip: Bar[][] = [[{ high: 100, low: 100, close: 100 }], [{ open: 99.5, high: 100, low: 94, close: 99 }], [{ open: 99, high: 99.5, low: 98, close: 99 }]];

  it('a low below the liquidation price liquidates the long inside the bar, at the trigger = its liquidation price', () => {
    const outcome = runBars(book('trigger'), dip);
    const [event] = eventsOf(outcome.events, 'liquidation').filter((e) => e.mode === 'isolated');
    expect(event.step).toBe(1);
    expect(event.check).toBe('intrabar');
    expect(Math.abs(event.prices[0] - LONG_LP)).toBeLessThan(1e-9);
    expect(Math.abs(event.liquidationPrices![0] - LONG_LP)).toBeLessThan(1e-9);
    // Equity and requirement where the check fired, the low: 100 + 10·(94 − 100) = 40 against 0.05·10·94 = 47.
    expect(event.equity).toBeCloseTo(40, 9);
    expect(event.requirement).toBeCloseTo(47, 9);
    // Closed at the trigger: 100 + 10·(LP − 100) − fee 0.5 % of 10·LP.
    expect(event.equityAfter).toBeCloseTo(100 + 10 * (LONG_LP - 100) - 0.005 * 10 * LONG_LP, 9);
  });

  it('the same book checked at the close only is not liquidated that step (the close, 99, is above 94.74)', () => {
    const outcome = runBars(book('trigger'), dip);
    expect(eventsOf(outcome.events, 'liquidation').filter((e) => e.mode === 'isolated-close')).toEqual([]);
    expect(outcome.series.get('isolated-close.open')![2]).toBe(1);
  });

  it('fill "extreme" closes at the low', () => {
    const [event] = eventsOf(runBars(book('extreme'), dip).events, 'liquidation');
    expect(event.prices[0]).toBe(94);
    expect(event.equityAfter).toBeCloseTo(100 + 10 * (94 - 100) - 0.005 * 10 * 94, 9);
  });

  it('a bar that opens below the trigger fills at its open (a gap is not filled at a price it jumped over)', () => {
    const gap: Bar[][] = [dip[0], [{ open: 94.5, high: 99.2, low: 94, close: 99 }], dip[2]];
    const [event] = eventsOf(runBars(book('trigger'), gap).events, 'liquidation');
    expect(event.prices[0]).toBe(94.5);
  });

  it('without an open the bar starts at the previous close', () => {
    const noOpen: Bar[][] = dip.map((row) => row.map(({ high, low, close }) => ({ high, low, close })));
    const [event] = eventsOf(runBars(book('trigger'), noOpen).events, 'liquidation');
    expect(Math.abs(event.prices[0] - LONG_LP)).toBeLessThan(1e-9);
  });

  it('a short is checked at the high: LP 1100 / 10.5 = 104.7619…', () => {
    const s = setup({ assets: ['A'], positions: [position('A', 0, -1000)], modes: modes(['isolated', 'isolated']), intrabarFill: 'trigger' });
    const outcome = runBars(s, [[{ high: 100, low: 100, close: 100 }], [{ open: 100.5, high: 106, low: 100, close: 101 }], [{ high: 101, low: 100, close: 100 }]]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    expect(event.check).toBe('intrabar');
    expect(event.equity).toBeCloseTo(100 - 10 * (106 - 100), 9);
    expect(Math.abs(event.prices[0] - 1100 / 10.5)).toBeLessThan(1e-9);
  });

  it('the opening step\'s bar is not checked (the book opens at its close)', () => {
    const outcome = runBars(book('trigger'), [[{ high: 100, low: 50, close: 100 }], dip[2], dip[2]]);
    expect(eventsOf(outcome.events, 'liquidation')).toEqual([]);
  });

  it('a pool of a long and a short is bounded with the long at its low and the short at its high at once', () => {
    // Long A 1,000 and short B 1,000 at 100, capital 120, 5 % maintenance each, cross.
    const s = setup({ assets: ['A', 'B'], positions: [position('A', 0, 1000), position('B', 1, -1000)], modes: modes(['cross', 'cross']), capital: 120, intrabarFill: 'extreme' });
    const outcome = runBars(s, [
      [{ high: 100, low: 100, close: 100 }, { high: 100, low: 100, close: 100 }],
      [{ open: 100, high: 101, low: 98, close: 100 }, { open: 100, high: 102, low: 99, close: 100 }],
      [{ high: 100, low: 100, close: 100 }, { high: 100, low: 100, close: 100 }],
    ]);
    const [event] = eventsOf(outcome.events, 'liquidation');
    // At the close both legs are back at 100: equity 120 ≥ 0.05·1,000 + 0.05·1,000 = 100, so only the bar breaches.
    expect(event.check).toBe('intrabar');
    // Checked with A at 98 and B at 102 together: 120 + 10·(98 − 100) − 10·(102 − 100) = 80 against 0.5·98 + 0.5·102 = 100.
    expect(event.step).toBe(1);
    expect(event.equity).toBeCloseTo(80, 9);
    expect(event.requirement).toBeCloseTo(100, 9);
    expect(event.prices).toEqual([98, 102]);
  });

  it('labels survive their check: "intrabar" exactly when the close headroom is ≥ 0 and the low\'s is < 0 (hand formula)', () => {
    fc.assert(fc.property(
      fc.double({ min: 80, max: 120, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 2, max: 25 }),
      (close, dipShare, openShare, leverage) => {
        const low = Math.min(close, 100) * (1 - 0.2 * dipShare);
        const open = low + openShare * (Math.max(close, 100) - low);
        const high = Math.max(close, open, 100);
        const s = setup({ assets: ['A'], positions: [position('A', 0, 1000, leverage, 0.03)], modes: modes(['isolated', 'isolated']), intrabarFill: 'trigger' });
        const outcome = runBars(s, [[{ high: 100, low: 100, close: 100 }], [{ open, high, low, close }], [{ high: close, low: close, close }]]);
        const events = eventsOf(outcome.events, 'liquidation').filter((e) => e.step === 1);
        const im = 1000 / leverage;
        const headroom = (p: number) => im + 10 * (p - 100) - 0.03 * 10 * p;
        if (headroom(close) < 0) {
          expect(events.map((e) => e.check)).toEqual(['close']);
        } else if (headroom(low) < 0) {
          expect(events.map((e) => e.check)).toEqual(['intrabar']);
          // The fill is the liquidation price when the bar starts above it, else the open.
          const lp = (im - 1000) / (0.3 - 10);
          const expected = headroom(open) < 0 ? open : lp;
          expect(Math.abs((events[0] as LiquidationEvent).prices[0] - expected)).toBeLessThan(1e-9 * expected);
        } else {
          expect(events).toEqual([]);
        }
      },
    ), { numRuns: 300 });
  });
});

describe('intrabar checks of option positions: the extreme that lowers the holder\'s value', () => {
  const kind = instrumentKinds.require('option');
  const option = (right: 'call' | 'put', quantity: number): ResolvedPosition => ({
    asset: 'SPX', assetIndex: 0, size: { quantity }, initialMarginRate: 0.5, maintenance: { kind: 'rate', rate: 1e-4 },
    instrument: kind.build({ kind: 'option', right, strike: 100, tenorDays: 30, multiplier: 1, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }) as Instrument,
    margin: notionalMarginRule(0.5, { kind: 'rate', rate: 1e-4 }),
  });
  const greeks = createOptionGreeks();
  const value = (right: 'call' | 'put', s: number, t: number) => blackScholes(right, s, 100, (30 - t) / 365, 0, 0, 0.2, greeks).value;

  it.each([
    ['long call', 'call', 10, 'low'],
    ['short call', 'call', -10, 'high'],
    ['long put', 'put', 10, 'high'],
    ['short put', 'put', -10, 'low'],
  ] as const)('%s: checked at the %s', (_name, right, quantity, side) => {
    // Capital 10 covers the bar's favourable end and the close (a day of theta) but not the adverse end's loss
    // (≥ 10 · 2.3 for a long, ≥ 10 · 27 for a short): a check at the wrong end would find nothing.
    const s: EngineSetup = { ...setup({ assets: ['SPX'], positions: [option(right, quantity)], modes: modes(['cross', 'cross']) }), capital: 10, intrabarFill: 'extreme' };
    const rows = 3;
    const closes = Float64Array.from([100, 100, 100]);
    const outcome = new MarginEngine(s).run(time(rows), [closes], {
      collectEvents: true, recordSeries: false, recordHits: false,
      impliedVol: [Float64Array.from([0.2, 0.2, 0.2])],
      bars: { high: [Float64Array.from([100, 130, 100])], low: [Float64Array.from([100, 70, 100])], open: [null] },
    });
    const [event] = eventsOf(outcome.events, 'liquidation');
    const at = side === 'low' ? 70 : 130;
    expect(event.step).toBe(1);
    expect(event.check).toBe('intrabar');
    // Equity where it was checked: 10 + q·(V(S at the adverse end, 1 day on) − V₀).
    expect(event.equity).toBeCloseTo(10 + quantity * (value(right, at, 1) - value(right, 100, 0)), 8);
    expect(event.prices[0]).toBeCloseTo(value(right, at, 1), 10);
  });
});
