import { describe, expect, it } from 'vitest';
import { EwmaCorrelationEstimator, defaultEwmaWarmup } from '../../src/index.js';
import { maxAbsDifference, normalSource } from '../linalg/support.js';

/**
 * Hand example: λ = 0.5, warm-up 2, rows r1 = (1,2,0), r2 = (−1,0,1), r3 = (2,1,−1), r4 = (0,1,1).
 * Seed = (r1r1ᵀ + r2r2ᵀ)/2: Σ11 = 1, Σ22 = 2, Σ33 = .5, Σ12 = 1, Σ13 = −.5, Σ23 = 0.
 * After r3 (Σ ← .5Σ + .5·r3r3ᵀ): Σ11 = 2.5, Σ22 = 1.5, Σ33 = .75, Σ12 = 1.5, Σ13 = −1.25, Σ23 = −.5
 *   → ρ12 = 1.5/√3.75, ρ13 = −1.25/√1.875, ρ23 = −.5/√1.125, σ1 = √2.5.
 * After r4: Σ11 = 1.25, Σ22 = 1.25, Σ33 = .875, Σ12 = .75, Σ13 = −.625, Σ23 = .25
 *   → ρ12 = .6, ρ13 = −.625/√1.09375, ρ23 = .25/√1.09375.
 */
describe('EwmaCorrelationEstimator', () => {
  it('matches the hand-worked RiskMetrics recursion seeded by the warm-up rows', () => {
    const estimator = new EwmaCorrelationEstimator(3, 0.5, 2);
    estimator.update([1, 2, 0]);
    expect(estimator.ready()).toBe(false);
    estimator.update([-1, 0, 1]);
    expect(estimator.ready()).toBe(true);
    let e = estimator.estimate();
    expect(e.correlation[1]).toBeCloseTo(1 / Math.sqrt(2), 15); // seed: 1/√(1·2)
    estimator.update([2, 1, -1]);
    e = estimator.estimate();
    expect(e.correlation[1]).toBeCloseTo(1.5 / Math.sqrt(3.75), 15);
    expect(e.correlation[2]).toBeCloseTo(-1.25 / Math.sqrt(1.875), 15);
    expect(e.correlation[5]).toBeCloseTo(-0.5 / Math.sqrt(1.125), 15);
    expect(e.volatility[0]).toBeCloseTo(Math.sqrt(2.5), 15);
    estimator.update([0, 1, 1]);
    e = estimator.estimate();
    expect(e.correlation[1]).toBeCloseTo(0.6, 15);
    expect(e.correlation[2]).toBeCloseTo(-0.625 / Math.sqrt(1.09375), 15);
    expect(e.correlation[7]).toBeCloseTo(0.25 / Math.sqrt(1.09375), 15);
    expect(e.repaired).toBe(false);
  });

  it('agrees with the closed form λ^(t−m)·S + (1−λ)·Σ λ^(t−s)·r_s·r_sᵀ at every step (1e-10)', () => {
    const n = 5;
    const lambda = 0.94;
    const warmup = 20;
    const next = normalSource(77);
    const rows = Array.from({ length: 600 }, () => {
      const common = next();
      return Array.from({ length: n }, () => 0.01 * (0.6 * common + next()));
    });
    const estimator = new EwmaCorrelationEstimator(n, lambda, warmup);
    let worst = 0;
    for (let t = 0; t < rows.length; t++) {
      estimator.update(rows[t]);
      if (t < warmup - 1 || t % 7 !== 0) continue;
      // Direct weighted sum, written independently of the recursion.
      const cov = new Float64Array(n * n);
      const decay = Math.pow(lambda, t - (warmup - 1));
      for (let s = 0; s <= t; s++) {
        const w = s < warmup ? decay / warmup : (1 - lambda) * Math.pow(lambda, t - s);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] += w * rows[s][i] * rows[s][j];
      }
      const rho = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rho[i * n + j] = cov[i * n + j] / Math.sqrt(cov[i * n + i] * cov[j * n + j]);
      const e = estimator.estimate();
      worst = Math.max(worst, maxAbsDifference(e.correlation, rho));
      worst = Math.max(worst, Math.abs(e.volatility[2] - Math.sqrt(cov[2 * n + 2])) / e.volatility[2]);
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('gives zero correlation and volatility to an asset whose returns have all been 0', () => {
    const estimator = new EwmaCorrelationEstimator(3, 0.9, 3);
    const next = normalSource(1);
    for (let t = 0; t < 20; t++) estimator.update([next(), 0, next()]);
    const e = estimator.estimate();
    expect(e.correlation[1]).toBe(0);
    expect(e.correlation[5]).toBe(0);
    expect(e.volatility[1]).toBe(0);
  });

  it('has a documented default warm-up of ⌈1/(1−λ)⌉ rows', () => {
    expect(defaultEwmaWarmup(0.94)).toBe(17);
    expect(defaultEwmaWarmup(0.5)).toBe(2);
    expect(new EwmaCorrelationEstimator(2, 0.97).warmup).toBe(34);
    expect(() => new EwmaCorrelationEstimator(2, 1.2)).toThrow(/lambda: expected a number in \(0, 1\), got 1.2/);
  });
});
