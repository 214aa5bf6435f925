import { describe, expect, it } from 'vitest';
import type { CorrelationEstimator } from '../../src/correlation/estimator.js';
import { DccEstimator } from '../../src/correlation/dcc.js';
import { EwmaCorrelationEstimator } from '../../src/correlation/ewma-correlation.js';
import { LedoitWolfEstimator } from '../../src/correlation/ledoit-wolf.js';
import { RollingCorrelationEstimator } from '../../src/correlation/rolling-correlation.js';
import { StressedBlendEstimator } from '../../src/correlation/stressed-blend.js';
import { normalSource } from '../linalg/support.js';

// Four assets: two correlated, a third identical to the first (singular matrices, PSD repairs of the
// blends), a fourth flat for the first `flat` rows (constant-asset paths of every estimator; DCC leaves it
// out of a fit whose window it is flat over).
function returnRows(count: number, seed: number, flat = 0): Float64Array[] {
  const next = normalSource(seed);
  return Array.from({ length: count }, (_, t) => {
    const a = 0.01 * next();
    const b = 0.6 * a + 0.008 * next();
    return Float64Array.from([a, b, a, t < flat ? 0 : 0.02 * next()]);
  });
}

const stressed = Float64Array.from([1, 0.9, 0.9, -0.9, 0.9, 1, 0.9, 0.9, 0.9, 0.9, 1, 0.9, -0.9, 0.9, 0.9, 1]);
const kinds: [string, () => CorrelationEstimator][] = [
  ['rolling', () => new RollingCorrelationEstimator(4, 20)],
  ['ewma', () => new EwmaCorrelationEstimator(4, 0.94)],
  ['shrinkage (Ledoit–Wolf)', () => new LedoitWolfEstimator(4, 20)],
  ['dcc', () => new DccEstimator(4, { window: 25, refitEvery: 15 })],
  ['stressed blend (of a rolling window)', () => new StressedBlendEstimator(new RollingCorrelationEstimator(4, 20), stressed, 0.3)],
  ['stressed blend (of a DCC)', () => new StressedBlendEstimator(new DccEstimator(4, { window: 25, refitEvery: 15 }), stressed, 0.5)],
];

/** Everything an estimate says, as exact bit patterns (so −0 ≠ 0 and NaN payloads count). */
function estimates(estimator: CorrelationEstimator, rows: Float64Array[]): string[] {
  return rows.map((row) => {
    estimator.update(row);
    const e = estimator.estimate();
    const bits = (x: Float64Array) => Array.from(new BigUint64Array(Float64Array.from(x).buffer), (b) => b.toString(16)).join(',');
    return `${estimator.ready()} ${bits(e.correlation)} ${bits(e.volatility)} ${e.repairDistance} ${e.repaired}`;
  });
}

describe('estimator checkpoint / restore', () => {
  for (const [name, make] of kinds) {
    it(`${name}: after restore() the estimator gives exactly the estimates it gave after the checkpoint, and a fresh one's`, () => {
      const warmup = returnRows(40, 1, 26);
      const after = returnRows(60, 2);
      const estimator = make();
      for (const row of warmup) estimator.update(row);
      const checkpoint = estimator.checkpoint!();
      expect(checkpoint).not.toBeNull();
      const first = estimates(estimator, after);

      // Disturb every part of the state: other rows, a reset, more rows, estimates along the way.
      estimates(estimator, returnRows(50, 3));
      estimator.reset();
      estimates(estimator, returnRows(45, 4));
      checkpoint!.restore();
      expect(estimates(estimator, after)).toEqual(first);
      // Restorable again and again (Monte Carlo restores once per path).
      checkpoint!.restore();
      expect(estimates(estimator, after)).toEqual(first);

      const fresh = make();
      for (const row of warmup) fresh.update(row);
      expect(estimates(fresh, after)).toEqual(first);
      // The estimates change along the path, so the comparison can fail.
      expect(new Set(first).size).toBeGreaterThan(10);
    });
  }

  it('a stressed blend of a base without checkpoint() has none (the engine then replays the warm-up)', () => {
    const base = new RollingCorrelationEstimator(4, 20);
    const blend = new StressedBlendEstimator(Object.assign(Object.create(base), { checkpoint: undefined }), stressed, 0.5);
    expect(blend.checkpoint()).toBeNull();
  });
});
