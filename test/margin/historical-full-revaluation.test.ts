import { describe, expect, it } from 'vitest';
import {
  MarginEngine,
  blackScholes,
  createOptionGreeks,
  historicalSimulation,
  instrumentKinds,
  loadScenario,
  notionalMarginRule,
  type EngineSetup,
  type Instrument,
  type ResolvedPosition,
} from '../../src/index.js';

const DAY = 86_400_000;

/**
 * On a linear book, full revaluation (today's book revalued through the pricers under each historical
 * move) is the linear formula −Σ e_i r_a(s): the same requirement to rounding, on every step of the bundled
 * scenarios that use historical simulation. The default (`auto`) keeps the linear formula for such books,
 * so their outputs, and the golden digests, do not change.
 */
describe('historical simulation by full revaluation', () => {
  it.each(['eu-pair-trade-1998', 'dow30-long-short', 'eu-basket-venue-tiers'])('equals the linear formula on the bundled linear scenario %s, step by step', (name) => {
    const compiled = loadScenario(`scenarios/${name}.json`);
    const setup = compiled.makeSetup();
    const full: EngineSetup = {
      ...setup,
      modes: setup.modes.map((mode, k) => {
        const spec = compiled.scenario.margin.modes[k] as Record<string, unknown>;
        if (typeof spec.method !== 'string' || !spec.method.startsWith('historical-')) return mode;
        const method = historicalSimulation({
          measure: spec.method === 'historical-es' ? 'es' : 'var',
          confidence: compiled.scenario.margin.confidence,
          horizonSteps: compiled.horizonSteps,
          lookback: spec.lookback as number,
          positions: setup.positions.length,
          rules: { cap: spec.cap as number, floor: spec.floor as number, addOn: spec.addOn as number },
          revaluation: 'full',
        });
        return { ...mode, method };
      }),
    };
    const options = { collectEvents: false, recordSeries: true, recordHits: false };
    const frame = compiled.frame;
    const a = new MarginEngine(setup).run(frame.time, frame.columns, options);
    const b = new MarginEngine(full).run(frame.time, frame.columns, options);
    let compared = 0;
    for (const [k, spec] of compiled.scenario.margin.modes.entries()) {
      const method = (spec as Record<string, unknown>).method;
      if (typeof method !== 'string' || !method.startsWith('historical-')) continue;
      const mode = setup.modes[k].name;
      for (const field of ['requirement', 'standalone']) {
        const x = a.series.get(`${mode}.${field}`)!;
        const y = b.series.get(`${mode}.${field}`)!;
        for (let t = 0; t < x.length; t++) {
          if (Number.isNaN(x[t])) {
            expect(Number.isNaN(y[t])).toBe(true);
            continue;
          }
          expect(Math.abs(y[t] - x[t])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x[t])));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  /**
   * Hand computation on an option book: 5 short puts (K = 95 % of the opening price, 60 days, multiplier
   * 100) on a synthetic path with its implied-volatility path, L = 40, h = 2, α = 95 %: each scenario moves
   * today's price by P(s)/P(s−2) and today's volatility by σ(s) − σ(s−2); the loss of the puts is
   * Black–Scholes called directly; VaR is the (k + 1)-th largest loss with k = ⌊40 × 5 %⌋ = 2, ES the mean of
   * the 2 largest.
   */
  it.each(['var', 'es'] as const)('revalues an option book through the pricer under the joint price and volatility moves (%s)', (measure) => {
    const rows = 90;
    const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2018, 0, 2) + t * DAY);
    const price = Float64Array.from({ length: rows }, (_, t) => 2700 * Math.exp(0.03 * Math.sin(0.7 * t) + 0.0004 * t));
    const vol = Float64Array.from({ length: rows }, (_, t) => 0.14 + 0.05 * Math.cos(0.45 * t) ** 2);
    const instrument = instrumentKinds.require('option').build({ kind: 'option', right: 'put', strikePct: 0.95, tenorDays: 60, multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }) as Instrument;
    const position: ResolvedPosition = {
      asset: 'SPX', assetIndex: 0, size: { quantity: -5 }, initialMarginRate: 0.1, maintenance: { kind: 'rate', rate: 0.05 }, instrument,
      margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
    };
    const L = 40;
    const h = 2;
    const method = historicalSimulation({ measure, confidence: 0.95, horizonSteps: h, lookback: L, positions: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    const openStep = L + h;
    const engine = new MarginEngine({
      assets: ['SPX'], positions: [position], modes: [{ name: 'hs', kind: 'portfolio', method }], estimator: null, capital: 1e7, horizonSteps: h,
      liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 }, openFeeRate: 0, fundingPerStep: 0, realisedWindow: 5, openStep,
      market: { rate: 0.01, carry: [0.015] },
    });
    const outcome = engine.run(time, [price], { collectEvents: false, recordSeries: true, recordHits: false, impliedVol: [vol] });
    const requirement = outcome.series.get('hs.requirement')!;
    const K = 0.95 * price[openStep];
    const expiry = time[openStep] + 60 * DAY;
    const g = createOptionGreeks();
    const bs = (S: number, sigma: number, t: number) => 100 * blackScholes('put', S, K, (expiry - time[t]) / (365 * DAY), 0.01, 0.015, sigma, g).value;
    for (const t of [openStep, openStep + 13, openStep + 40]) {
      const now = bs(price[t], vol[t], t);
      const losses: number[] = [];
      for (let s = t - L + 1; s <= t; s++) losses.push(5 * (bs(price[t] * (price[s] / price[s - h]), vol[t] + vol[s] - vol[s - h], t) - now));
      losses.sort((x, y) => y - x);
      const expected = measure === 'var' ? losses[2] : (losses[0] + losses[1]) / 2;
      expect(expected).toBeGreaterThan(0);
      // one position: its standalone risk is the book's, so the cap changes nothing
      expect(requirement[t]).toBeCloseTo(expected, 8);
    }
  });
});
