import { MarginEngine, type EngineSetup } from '../../src/engine/margin-engine.js';
import type { ModeDefinition } from '../../src/engine/mode-ledger.js';
import { maintenanceSum } from '../../src/margin/maintenance-sum.js';
import { parametricVar } from '../../src/margin/parametric-var.js';
import type { CorrelationEstimator } from '../../src/correlation/estimator.js';
import type { Position } from '../../src/portfolio/position.js';

/** An estimator that always returns the same vols and correlation: lets tests compute VaR by hand. */
export function constantEstimator(volatility: number[], correlation: number[]): CorrelationEstimator {
  const n = volatility.length;
  const estimate = {
    n,
    correlation: Float64Array.from(correlation),
    volatility: Float64Array.from(volatility),
    repairDistance: 0,
    repaired: false,
  };
  return { label: 'constant', n, warmup: 0, update() {}, ready: () => true, estimate: () => estimate, reset() {} };
}

export function position(asset: string, assetIndex: number, notional: number, leverage = 10, mmRate = 0.05): Position {
  return { asset, assetIndex, size: { notional }, initialMarginRate: 1 / leverage, maintenance: { kind: 'rate', rate: mmRate } };
}

export function modes(kinds: ('isolated' | 'cross')[]): ModeDefinition[] {
  return kinds.map((kind) => ({ name: kind, kind, method: maintenanceSum() }));
}

export function setup(partial: Partial<EngineSetup> & Pick<EngineSetup, 'assets' | 'positions' | 'modes'>): EngineSetup {
  return {
    estimator: null,
    capital: 1000,
    horizonSteps: 1,
    liquidation: { kind: 'full', buffer: 0.1, feeRate: 0.005 },
    openFeeRate: 0,
    fundingPerStep: 0,
    realisedWindow: 20,
    ...partial,
  };
}

/** Daily times from 2020-01-01 and one price column per asset from rows of prices. */
export function path(rows: number[][]): { time: Float64Array; columns: Float64Array[] } {
  const time = Float64Array.from(rows.map((_, t) => Date.UTC(2020, 0, 1 + t)));
  const columns = rows[0].map((_, a) => Float64Array.from(rows.map((r) => r[a])));
  return { time, columns };
}

export function run(s: EngineSetup, rows: number[][]) {
  const { time, columns } = path(rows);
  return new MarginEngine(s).run(time, columns, { collectEvents: true, recordSeries: true, recordHits: true });
}

export { parametricVar };
