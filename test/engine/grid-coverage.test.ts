import { describe, expect, it } from 'vitest';
import {
  MarginEngine,
  eventsOf,
  instrumentKinds,
  loadGridPreset,
  notionalMarginRule,
  parseEventsCsv,
  eventsToCsv,
  scenarioGrid,
  type GridSpec,
  type Instrument,
  type ResolvedPosition,
} from '../../src/index.js';
import { EquicorrelationEstimator } from '../extensions/toy-equicorrelation.js';

const DAY = 86_400_000;
const span = loadGridPreset('span-16').grid;

function position(instrument: Instrument, quantity: number): ResolvedPosition {
  return {
    asset: instrument.asset, assetIndex: instrument.underlying, size: { quantity }, initialMarginRate: 0.1, maintenance: { kind: 'rate', rate: 0.05 }, instrument,
    margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
  };
}

/** Run one grid mode over a path (h = 1 step) and return its underfunded events. */
function run(grid: GridSpec, positions: ResolvedPosition[], columns: Float64Array[], impliedVol: (Float64Array | null)[], combine: 'sum' | 'correlation') {
  const rows = columns[0].length;
  const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2020, 0, 1) + t * DAY);
  const assets = columns.map((_, a) => ['A', 'B'][a]);
  const method = scenarioGrid({ grid, name: 'test', combine, horizonSteps: 1, assets: assets.length, positions: positions.length, assetNames: assets, rules: { cap: 1, floor: 0, addOn: 0 } });
  const engine = new MarginEngine({
    assets, positions, modes: [{ name: 'grid', kind: 'portfolio', method }], estimator: new EquicorrelationEstimator(assets.length, 0, 2), capital: 1e9, horizonSteps: 1,
    liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 }, openFeeRate: 0, fundingPerStep: 0, realisedWindow: 3, openStep: 3,
  });
  const outcome = engine.run(time, columns, { collectEvents: true, recordSeries: true, recordHits: false, impliedVol });
  return eventsOf(outcome.events, 'underfunded');
}

/** A path from relative moves per step (the first price 100). */
const path = (moves: number[]) => Float64Array.from(moves.reduce<number[]>((p, m) => [...p, p[p.length - 1] * (1 + m)], [100]));

/**
 * The label of an underfunded grid step must survive the check its name implies: recomputed here from the
 * path and the grid's ranges, independently of the monitor.
 */
describe('underfunded steps of a grid mode say where the realised move lay against the grid', () => {
  const grid: GridSpec = { ...span, priceScan: { relative: 0.05 }, volatilityScan: { absolute: 0.05 } };

  it('outside the price range: a single asset down 8 % against a ±5 % scan', () => {
    const a = path([0.001, -0.002, 0.001, 0.002, -0.08, 0.001, 0.001]);
    const events = run(grid, [position(linearOn('A', 0), 1000)], [a], [], 'sum');
    expect(events.map((e) => [e.step, e.gridCoverage])).toEqual([[4, 'outside_price']]);
    expect(a[5] / a[4] - 1).toBeCloseTo(-0.08, 12);
  });

  it('inside both: two uncorrelated units both down 4 % inside a ±5 % scan, the correlation credit too large', () => {
    const a = path([0.001, -0.002, 0.001, 0.002, -0.04, 0.001, 0.001]);
    const b = path([-0.001, 0.002, -0.001, 0.001, -0.04, 0.002, 0.001]);
    const events = run(grid, [position(linearOn('A', 0), 1000), position(linearOn('B', 1), 1000)], [a, b], [], 'correlation');
    // requirement √2 × 5 % of each leg's ~10⁵ exposure < the 8 % lost together
    expect(events.map((e) => [e.step, e.gridCoverage])).toEqual([[4, 'inside']]);
    expect(events[0].cause).toBe('correlation_breakdown');
    // the same moves, units added: covered, nothing underfunded
    expect(run(grid, [position(linearOn('A', 0), 1000), position(linearOn('B', 1), 1000)], [a, b], [], 'sum')).toEqual([]);
  });

  it('outside the volatility range: a short put whose implied volatility jumps from 15 % to 80 % against a ±5 point scan, price unchanged', () => {
    const a = path([0, 0, 0, 0, 0.001, 0, 0]);
    const vol = Float64Array.from([0.15, 0.15, 0.15, 0.15, 0.15, 0.8, 0.8, 0.8]);
    const put = instrumentKinds.require('option').build({ kind: 'option', right: 'put', strikePct: 1, tenorDays: 30, multiplier: 100, model: 'black-scholes' }, { asset: 'A', underlying: 0 }) as Instrument;
    const events = run(grid, [position(put, -10)], [a], [vol], 'sum');
    expect(events.map((e) => [e.step, e.gridCoverage])).toEqual([[4, 'outside_volatility']]);
    // through events.csv and back
    expect(parseEventsCsv(eventsToCsv(events))).toEqual(events);
    expect(eventsToCsv(events).split('\n')[0].endsWith(',grid_coverage')).toBe(true);
  });
});

function linearOn(asset: string, underlying: number): Instrument {
  return instrumentKinds.require('linear').build({ kind: 'linear', style: 'future', multiplier: 1 }, { asset, underlying });
}
