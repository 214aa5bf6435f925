import { describe, expect, it } from 'vitest';
import {
  MarginEngine,
  blackScholes,
  createOptionGreeks,
  instrumentKinds,
  maintenanceSum,
  notionalMarginRule,
  type Instrument,
  type ResolvedPosition,
} from '../../src/index.js';

const DAY = 86_400_000;

/**
 * An option position through the engine: its terms are set at the opening market (strike from strikePct,
 * expiry from tenorDays), and at every step its value is Black–Scholes at that step's price, implied
 * volatility (ACT/365 time to expiry), the scenario's rate and carry — checked against the formula called
 * directly, through the cross mode's equity `C + q·(V_t − V_0)`.
 */
describe('an option book in the engine', () => {
  it('marks a short put at Black–Scholes with the step’s implied volatility, rate and carry', () => {
    const rows = 30;
    const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2018, 0, 2) + t * DAY);
    const spot = Float64Array.from({ length: rows }, (_, t) => 2700 * Math.exp(0.01 * Math.sin(t)));
    const vol = Float64Array.from({ length: rows }, (_, t) => 0.12 + 0.002 * t);
    const kind = instrumentKinds.require('option');
    const instrument = kind.build({ kind: 'option', right: 'put', strikePct: 0.95, tenorDays: 45, multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }) as Instrument;
    const position: ResolvedPosition = {
      asset: 'SPX',
      assetIndex: 0,
      size: { quantity: -10 },
      initialMarginRate: 0.1,
      maintenance: { kind: 'rate', rate: 0.05 },
      instrument,
      margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
    };
    const engine = new MarginEngine({
      assets: ['SPX'],
      positions: [position],
      modes: [{ name: 'cross', kind: 'cross', method: maintenanceSum() }],
      estimator: null,
      capital: 1e7,
      horizonSteps: 1,
      liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 },
      openFeeRate: 0,
      fundingPerStep: 0,
      realisedWindow: 5,
      openStep: 0,
      market: { rate: 0.02, carry: [0.015] },
    });
    const outcome = engine.run(time, [spot], { collectEvents: true, recordSeries: true, recordHits: false, impliedVol: [vol] });
    const equity = outcome.series.get('cross.equity')!;
    const greeks = createOptionGreeks();
    const K = 0.95 * spot[0];
    const expiry = time[0] + 45 * DAY;
    const value = (t: number) => 100 * blackScholes('put', spot[t], K, (expiry - time[t]) / (365 * DAY), 0.02, 0.015, vol[t], greeks).value;
    const v0 = value(0);
    for (const t of [0, 7, 29]) expect(equity[t]).toBeCloseTo(1e7 + -10 * (value(t) - v0), 6);
    // The margin backtest revalues the book held at t at t + 1 (price, volatility and time all move).
    expect(outcome.series.get('cross.loss_h')![5]).toBeCloseTo(-(-10 * (value(6) - value(5))), 6);
  });
});
