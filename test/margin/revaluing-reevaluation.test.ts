import { describe, expect, it } from 'vitest';
import {
  MarketState,
  Requirement,
  loadGridPreset,
  notionalMarginRule,
  scenarioGrid,
  type CorrelationEstimate,
  type GridSpec,
  type MarginMethod,
  type MarginState,
  type ResolvedPosition,
} from '../../src/index.js';
import { estimateOf, linear, option, viewOf, type Leg, type TestMarket } from './grid-support.js';

/**
 * Attribution re-evaluates a scenario grid by running its own evaluation on substituted inputs
 * (`revaluingReevaluation`): checked here against the grid evaluated independently at those inputs, and
 * against the correlated sum written out by hand.
 */
const T0 = Date.UTC(2018, 0, 2);
const span = loadGridPreset('span-16').grid;

function grid(spec: GridSpec, assets: string[], positions: number, combine: 'sum' | 'correlation'): MarginMethod {
  return scenarioGrid({ grid: spec, name: 'test', combine, horizonSteps: 2, assets: assets.length, positions, assetNames: assets, rules: { cap: 1, floor: 0, addOn: 0 } });
}

function stateOf(legs: readonly Leg[], market: TestMarket, estimate: CorrelationEstimate | null): MarginState {
  const view = viewOf(legs, market);
  const positions: ResolvedPosition[] = legs.map((l) => ({
    asset: l.instrument.asset,
    assetIndex: l.instrument.underlying,
    size: { quantity: l.quantity },
    initialMarginRate: 0.1,
    maintenance: { kind: 'rate', rate: 0.05 },
    instrument: l.instrument,
    margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
  }));
  const quantity = Float64Array.from(legs.map((l) => l.quantity));
  return {
    step: 0,
    positions,
    quantity,
    exposure: quantity.map((q, p) => q * view.delta[p]),
    open: new Uint8Array(legs.length).fill(1),
    members: legs.map((_, p) => p),
    estimate,
    view,
    lane: 0,
  };
}

describe('a scenario grid re-evaluated on substituted inputs', () => {
  it('combine: correlation — its own inputs give evaluate bit for bit; a realised ρ gives √(a² + b² + 2ρab); the step\'s figures are put back', () => {
    const m = grid({ ...span, priceScan: { relative: 0.05 } }, ['A', 'B'], 2, 'correlation');
    m.bind([]);
    const book: Leg[] = [{ instrument: linear('A', 0), quantity: 100 }, { instrument: linear('B', 1), quantity: -40 }];
    const state = stateOf(book, { assets: ['A', 'B'], time: T0, price: [1000, 2000] }, estimateOf([0.01, 0.02], [1, 0.3, 0.3, 1]));
    const own = new Requirement(2);
    m.evaluate(state, own);
    const diagnostics = Float64Array.from(m.diagnostics!.values);
    const covered = Float64Array.from(m.coveredMoves!.priceDown);
    expect(m.reevaluation!.factors).toEqual(['correlation', 'impliedVolatility']);

    const again = new Requirement(2);
    m.reevaluation!.reevaluate(state, { volatility: null, correlation: null, exposure: state.exposure, market: state.view.market }, again);
    expect(again.value).toBe(own.value);

    const realised = new Requirement(2);
    m.reevaluation!.reevaluate(state, { volatility: null, correlation: Float64Array.of(1, -0.5, -0.5, 1), exposure: state.exposure, market: state.view.market }, realised);
    const a = 0.05 * 100 * 1000;
    const b = 0.05 * 40 * 2000;
    expect(realised.value).toBeCloseTo(Math.sqrt(a * a + b * b - 2 * 0.5 * a * b), 9);
    expect(own.value).toBeCloseTo(Math.sqrt(a * a + b * b + 2 * 0.3 * a * b), 9);
    expect(Array.from(m.diagnostics!.values)).toEqual(Array.from(diagnostics));
    expect(Array.from(m.coveredMoves!.priceDown)).toEqual(Array.from(covered));
  });

  it('a short put at the realised implied volatility: the grid evaluated independently at that market', () => {
    const spec: GridSpec = { ...span, priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05 } };
    const put = option('A', 0, { right: 'put', strikePct: 0.95, tenorDays: 30 });
    const book: Leg[] = [{ instrument: put, quantity: -200 }, { instrument: linear('A', 0), quantity: -3 }];
    const calm: TestMarket = { assets: ['A'], time: T0, price: [2762], impliedVol: [0.17], rate: 0.015, carry: [0.019] };
    const stressed: TestMarket = { ...calm, impliedVol: [0.37] };

    const m = grid(spec, ['A'], 2, 'sum');
    m.bind([]);
    const state = stateOf(book, calm, null);
    const own = new Requirement(2);
    m.evaluate(state, own);
    expect(m.reevaluation!.factors).toEqual(['impliedVolatility']);

    // The inputs attribution passes: the step's market with the realised implied volatility, the exposures there.
    const market = new MarketState(1);
    market.copyFrom(state.view.market);
    market.impliedVol[0] = 0.37;
    const atStressed = stateOf(book, stressed, null);
    const substituted = new Requirement(2);
    m.reevaluation!.reevaluate(state, { volatility: null, correlation: null, exposure: atStressed.exposure, market }, substituted);

    const independent = new Requirement(2);
    const fresh = grid(spec, ['A'], 2, 'sum');
    fresh.bind([]);
    fresh.evaluate(atStressed, independent);
    expect(substituted.value).toBeGreaterThan(0);
    expect(Math.abs(substituted.value - independent.value)).toBeLessThan(1e-9 * independent.value);
    // The method's own view is untouched: evaluating again at the step gives the step's requirement.
    const after = new Requirement(2);
    m.evaluate(state, after);
    expect(after.value).toBe(own.value);
  });
});
