import { describe, expect, it } from 'vitest';
import { RollingCorrelationEstimator, rollingCorrelation, rollingCorrelationMatrixSeries } from '../../src/index.js';
import { maxAbsDifference, normalSource } from '../linalg/support.js';

/**
 * Hand example: 3 assets, 6 rows, window 4 (returns as small integers; correlation is scale-free).
 *   A: 1 2 3 4 2 0     B: 2 1 4 3 0 1     C: 0 0 1 1 1 1
 * Rows 0–3: A dev (−1.5,−.5,.5,1.5) SS 5; B dev (−.5,−1.5,1.5,.5) SS 5; C dev (−.5,−.5,.5,.5) SS 1;
 *   AB = .75·4 = 3 → ρ = 3/5 = 0.6;  AC = 2 → 2/√5;  BC = 2 → 2/√5.
 * Rows 1–4: A (2,3,4,2) mean 2.75 SS 2.75; B (1,4,3,0) mean 2 SS 10; C (0,1,1,1) mean .75 SS .75;
 *   AB = .75+.5+1.25+1.5 = 4 → 4/√27.5;  AC = .5625+.0625+.3125−.1875 = .75 → .75/√(2.75·.75);
 *   BC = .75+.5+.25−.5 = 1 → 1/√7.5.
 * Rows 2–5: A (3,4,2,0) mean 2.25 SS 8.75; B (4,3,0,1) mean 2 SS 10; C constant (1,1,1,1):
 *   AB = 1.5+1.75+.5+2.25 = 6 → 6/√87.5; C has zero variance → ρ_AC = ρ_BC = 0 by convention.
 *   volatility (divisor 3): A √(8.75/3), B √(10/3), C 0.
 */
const A = [1, 2, 3, 4, 2, 0];
const B = [2, 1, 4, 3, 0, 1];
const C = [0, 0, 1, 1, 1, 1];
const expected = [
  { ab: 0.6, ac: 2 / Math.sqrt(5), bc: 2 / Math.sqrt(5) },
  { ab: 4 / Math.sqrt(27.5), ac: 0.75 / Math.sqrt(2.75 * 0.75), bc: 1 / Math.sqrt(7.5) },
  { ab: 6 / Math.sqrt(87.5), ac: 0, bc: 0 },
];

/** Two-pass Pearson correlation of rows [start, end) of `data` (row-major, n columns): the naive reference. */
function naiveCorrelation(data: number[][], start: number, end: number, n: number): Float64Array {
  const mean = new Array(n).fill(0);
  for (let t = start; t < end; t++) for (let i = 0; i < n; i++) mean[i] += data[t][i] / (end - start);
  const c = new Float64Array(n * n);
  for (let t = start; t < end; t++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] += (data[t][i] - mean[i]) * (data[t][j] - mean[j]);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : c[i * n + j] / Math.sqrt(c[i * n + i] * c[j * n + j]);
  return out;
}

describe('RollingCorrelationEstimator', () => {
  it('matches the hand-worked 3-asset, 6-row example, including a zero-variance window', () => {
    const estimator = rollingCorrelation(3, 4);
    expect(estimator.warmup).toBe(4);
    for (let t = 0; t < 6; t++) {
      estimator.update([A[t], B[t], C[t]]);
      expect(estimator.ready()).toBe(t >= 3);
      if (t < 3) continue;
      const { correlation, repaired } = estimator.estimate();
      const want = expected[t - 3];
      expect(correlation[1]).toBeCloseTo(want.ab, 14);
      expect(correlation[2]).toBeCloseTo(want.ac, 14);
      expect(correlation[5]).toBeCloseTo(want.bc, 14);
      expect(correlation[3]).toBe(correlation[1]);
      expect(repaired).toBe(false);
    }
    const { volatility } = estimator.estimate();
    expect(volatility[0]).toBeCloseTo(Math.sqrt(8.75 / 3), 14);
    expect(volatility[1]).toBeCloseTo(Math.sqrt(10 / 3), 14);
    expect(volatility[2]).toBe(0);
  });

  it('agrees with a naive two-pass recomputation at every step of a long random series (1e-10)', () => {
    const n = 6;
    const window = 25;
    const next = normalSource(2024);
    // Regime changes in scale (×100 then ×0.01) stress the add/remove update's cancellation.
    const data = Array.from({ length: 1500 }, (_, t) => {
      const scale = t < 500 ? 0.01 : t < 1000 ? 1 : 0.0001;
      const common = next();
      return Array.from({ length: n }, (_, i) => scale * (0.5 * common + next() + 0.001 * i));
    });
    const estimator = new RollingCorrelationEstimator(n, window);
    let worst = 0;
    for (let t = 0; t < data.length; t++) {
      estimator.update(data[t]);
      if (t >= window - 1) {
        worst = Math.max(worst, maxAbsDifference(estimator.estimate().correlation, naiveCorrelation(data, t - window + 1, t + 1, n)));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('gives correlation 1 for identical columns without crashing or repairing', () => {
    const estimator = new RollingCorrelationEstimator(3, 10);
    const next = normalSource(5);
    for (let t = 0; t < 30; t++) {
      const x = next();
      estimator.update([x, x, next()]);
    }
    const { correlation, repaired } = estimator.estimate();
    expect(correlation[1]).toBeCloseTo(1, 12);
    expect(repaired).toBe(false);
    expect(correlation.every(Number.isFinite)).toBe(true);
  });

  it('forgets everything on reset', () => {
    const estimator = new RollingCorrelationEstimator(2, 3);
    for (const row of [[1, 2], [2, 1], [3, 3], [0, 5]]) estimator.update(row);
    estimator.reset();
    expect(estimator.ready()).toBe(false);
    for (const row of [[1, 1], [2, 2], [3, 3]]) estimator.update(row);
    expect(estimator.estimate().correlation[1]).toBeCloseTo(1, 14);
  });

  it('rejects a row of the wrong length or with a non-finite return', () => {
    const estimator = new RollingCorrelationEstimator(2, 3);
    expect(() => estimator.update([1])).toThrow(/expected a row of 2 returns/);
    expect(() => estimator.update([1, NaN])).toThrow(/asset 1 is NaN/);
    expect(() => new RollingCorrelationEstimator(2, 1)).toThrow(/window: expected an integer ≥ 2/);
  });
});

describe('rollingCorrelationMatrixSeries', () => {
  it('returns every step’s matrix, equal to the hand example', () => {
    const series = rollingCorrelationMatrixSeries([Float64Array.from(A), Float64Array.from(B), Float64Array.from(C)], 4);
    expect(series.steps).toBe(3);
    expect(series.firstRow).toBe(3);
    for (let k = 0; k < 3; k++) {
      const m = series.matrices.subarray(k * 9, (k + 1) * 9);
      expect(m[1]).toBeCloseTo(expected[k].ab, 14);
      expect(m[2]).toBeCloseTo(expected[k].ac, 14);
      expect(m[7]).toBeCloseTo(expected[k].bc, 14);
      expect(m[0] + m[4] + m[8]).toBe(3);
    }
  });

  it('agrees with the streaming estimator at every step of a random series with flat stretches', () => {
    const n = 4;
    const window = 12;
    const next = normalSource(31);
    const columns = Array.from({ length: n }, (_, i) =>
      Float64Array.from({ length: 200 }, (_, t) => (i === 3 && t % 50 < 20 ? 0 : next())),
    );
    const series = rollingCorrelationMatrixSeries(columns, window);
    const estimator = new RollingCorrelationEstimator(n, window);
    for (let t = 0; t < 200; t++) {
      estimator.update(columns.map((c) => c[t]));
      if (t < window - 1) continue;
      const k = t - window + 1;
      expect(Array.from(series.matrices.subarray(k * n * n, (k + 1) * n * n))).toEqual(Array.from(estimator.estimate().correlation));
    }
  });
});
