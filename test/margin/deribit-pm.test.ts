import { describe, expect, it } from 'vitest';
import {
  blackScholes,
  createOptionGreeks,
  loadGridPreset,
  loadVenuePreset,
  netShortOptionContingency,
  offsettingFuturesContingency,
  scenarioGrid,
  type GridSpec,
} from '../../src/index.js';
import { diagnostic, evaluateBook, linear, option, type Leg } from './grid-support.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2021, 4, 3);
const S = 40_000;
const SIGMA = 0.6;

/**
 * Oracles: Deribit, "Portfolio Margin" (https://www.deribit.com/pages/docs/portfoliomargin, read 2026-12-06):
 * price move ±10 %, implied-volatility change (30 / days to expiration)^0.30 × 38 %, and the two worked
 * contingency examples — "call +10 and put −20 [at strike X], your net short position on strike X is −10, thus
 * 10 × 0.01 BTC extra margin", "long 100 BTC in Future A, and short 100 BTC in Future B, then 1.00 % × 100 BTC".
 * The grid structure (9 buckets with 0, volatility up / same / down, the extended moves at volatility up) is
 * Deribit Support's "Portfolio Margin" article (same day). The scan risk is checked against Black–Scholes
 * called directly at every scenario, written out below.
 */
describe('Deribit portfolio margin (deribit-pm)', () => {
  const preset = loadGridPreset('deribit-pm');

  it('reads the price range, volatility shock and contingencies from venues/deribit.json, not a second copy', () => {
    const pm = (loadVenuePreset('deribit', '2026-12-06').version as { portfolioMargin: Record<string, unknown> }).portfolioMargin;
    expect(preset.grid.priceScan).toEqual({ relative: pm.priceMove });
    expect(preset.grid.volatilityScan).toEqual({ relative: 0.38, termScaling: { referenceDays: 30, power: 0.3, minimumDays: 1 } });
    expect(preset.grid.contingency).toEqual({ shortOptionPerContract: 0.01, offsettingFutures: 0.01 });
    expect(preset.grid.scenarios).toHaveLength(27);
    expect(preset.grid.scenarios.filter((s) => s.volatility === 0).map((s) => s.price)).toEqual([-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]);
    expect(preset.grid.moves!.map((m) => m.move)).toEqual([-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]);
    expect(preset.grid.movesWeight).toBeNull();
  });

  it('the per-strike contingency: call +10 and put −20 at one strike is net short 10 → 10 × 0.01 BTC', () => {
    const K = 50_000;
    const E = T0 + 30 * DAY;
    expect(netShortOptionContingency([K, K], [E, E], [10, -20], 2, 0.01, 1)).toBeCloseTo(0.1, 15);
    // per strike: the same legs at two strikes are not netted
    expect(netShortOptionContingency([K, K + 1000], [E, E], [10, -20], 2, 0.01, 1)).toBeCloseTo(0.2, 15);
    // a net long strike adds nothing; in currency the BTC amount is priced at S
    expect(netShortOptionContingency([K, K], [E, E], [20, -10], 2, 0.01, S)).toBe(0);
    expect(netShortOptionContingency([K, K], [E, E], [10, -20], 2, 0.01, S)).toBeCloseTo(0.1 * S, 9);
  });

  it('the offsetting-futures contingency: long 100 BTC and short 100 BTC → 1 % × 100 = 1 BTC', () => {
    expect(offsettingFuturesContingency(100, 100, 0.01, 1)).toBe(1);
    expect(offsettingFuturesContingency(100, 40, 0.01, 1)).toBeCloseTo(0.4, 15);
    expect(offsettingFuturesContingency(100, 0, 0.01, 1)).toBe(0);
  });

  it('both contingencies on a book through the method: (10 × 0.01 + 100 × 0.01) BTC at the price S', () => {
    const grid: GridSpec = { ...preset.grid, movesWeight: 0.1 };
    const m = scenarioGrid({ grid, name: 'deribit-pm', combine: 'sum', horizonSteps: 1, assets: 1, positions: 4, assetNames: ['BTC'], rules: { cap: 1, floor: 0, addOn: 0 } });
    const book: Leg[] = [
      { instrument: option('BTC', 0, { right: 'call', strike: 50_000, tenorDays: 30 }), quantity: 10 },
      { instrument: option('BTC', 0, { right: 'put', strike: 50_000, tenorDays: 30 }), quantity: -20 },
      { instrument: linear('BTC', 0), quantity: 100 },
      { instrument: linear('BTC', 0), quantity: -100 },
    ];
    const { requirement } = evaluateBook(m, book, { assets: ['BTC'], time: T0, price: [S], impliedVol: [SIGMA] });
    expect(diagnostic(m, 'contingency')).toBeCloseTo((10 * 0.01 + 100 * 0.01) * S, 6);
    expect(requirement.value).toBeCloseTo(diagnostic(m, 'scan_risk') + diagnostic(m, 'contingency'), 6);
    // alone, the futures carry no contingency: the long one loses most at −10 % (bucket −1), the short one at the
    // extended move +500 % weighted 0.1 (0.5 × its exposure)
    expect(requirement.standalone[2]).toBeCloseTo(0.1 * 100 * S, 6);
    expect(requirement.standalone[3]).toBeCloseTo(0.1 * 5 * 100 * S, 6);
  });

  /** Loss of q options under a move of the price and a relative volatility change, by Black–Scholes directly. */
  function optionLoss(q: number, right: 'put' | 'call', K: number, days: number, move: number, volatility: number): number {
    const g = createOptionGreeks();
    const now = blackScholes(right, S, K, days / 365, 0, 0, SIGMA, g).value;
    const later = blackScholes(right, S * (1 + move), K, days / 365, 0, 0, Math.max(SIGMA * (1 + volatility), 0.01), g).value;
    return -q * (later - now);
  }

  it('the scan risk of 10 short puts equals Black–Scholes at the 27 buckets and the extended moves (weight 0.1), plus the contingency', () => {
    for (const days of [30, 15, 3]) {
      const grid: GridSpec = { ...preset.grid, movesWeight: 0.1 };
      const m = scenarioGrid({ grid, name: 'deribit-pm', combine: 'sum', horizonSteps: 1, assets: 1, positions: 1, assetNames: ['BTC'], rules: { cap: 1, floor: 0, addOn: 0 } });
      const put: Leg = { instrument: option('BTC', 0, { right: 'put', strike: 36_000, tenorDays: days }), quantity: -10 };
      const { requirement } = evaluateBook(m, [put], { assets: ['BTC'], time: T0, price: [S], impliedVol: [SIGMA] });
      // the volatility shock of an option expiring in `days`: (30 / days)^0.30 × 38 %, relative
      const shock = (30 / days) ** 0.3 * 0.38;
      let scan = 0;
      for (const bucket of [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]) {
        for (const v of [shock, 0, -shock]) scan = Math.max(scan, optionLoss(-10, 'put', 36_000, days, bucket * 0.1, v));
      }
      for (const move of [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5]) scan = Math.max(scan, 0.1 * optionLoss(-10, 'put', 36_000, days, move, shock));
      expect(diagnostic(m, 'scan_risk'), `${days} days`).toBeCloseTo(scan, 6);
      expect(requirement.value).toBeCloseTo(scan + 10 * 0.01 * S, 6);
    }
  });

});
