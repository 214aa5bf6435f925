import { describe, expect, it } from 'vitest';
import { DccEstimator } from '../../src/index.js';
import { simulateDcc, TRUE_DCC } from './dcc-support.js';

describe('DccEstimator', () => {
  // Tolerances: over seeds 1–12 of this simulation (3 assets, 3,000 steps) the composite fit gave
  // a ∈ [0.041, 0.056] (sd ≈ 0.004) and b ∈ [0.854, 0.927] (sd ≈ 0.019); the full-likelihood fit
  // a ∈ [0.042, 0.061], b ∈ [0.874, 0.920]. We allow ≈ 3 sd: |a − 0.05| < 0.015, |b − 0.90| < 0.05.
  for (const likelihood of ['composite', 'full'] as const) {
    it(`recovers a = 0.05, b = 0.90 of simulated DCC data by ${likelihood} likelihood`, () => {
      const rows = simulateDcc(3000, 1, TRUE_DCC);
      const estimator = new DccEstimator(3, { window: 3000, refitEvery: 3000, likelihood });
      for (const row of rows) estimator.update(row);
      const fit = estimator.parameters!;
      expect(fit).not.toBeNull();
      expect(Math.abs(fit.a - 0.05)).toBeLessThan(0.015);
      expect(Math.abs(fit.b - 0.9)).toBeLessThan(0.05);
      // The GARCH stage: over the same 12 seeds the largest errors were 0.029 in α and 0.077 in β.
      fit.garch.forEach((g, i) => {
        expect(Math.abs(g.alpha - TRUE_DCC.garch[i].alpha)).toBeLessThan(0.035);
        expect(Math.abs(g.beta - TRUE_DCC.garch[i].beta)).toBeLessThan(0.08);
      });
    });
  }

  it('filters between refits exactly as the DCC recursion with the fitted parameters (1e-12)', () => {
    const rows = simulateDcc(700, 3, TRUE_DCC);
    const window = 600;
    const estimator = new DccEstimator(3, { window, refitEvery: 1000 });
    for (const row of rows) estimator.update(row);
    const { a, b, garch } = estimator.parameters!;
    // Independent recursion: σ²_0 = mean r² over the fitting window, z = r/σ, Q̄ = mean z·zᵀ over the window.
    const n = 3;
    const z: number[][] = rows.map(() => new Array(n).fill(0));
    const variance = new Array(n).fill(0);
    for (let i = 0; i < n; i++) {
      let v = rows.slice(0, window).reduce((s, r) => s + r[i] ** 2, 0) / window;
      for (let t = 0; t < rows.length; t++) {
        z[t][i] = rows[t][i] / Math.sqrt(v);
        v = garch[i].omega + garch[i].alpha * rows[t][i] ** 2 + garch[i].beta * v;
      }
      variance[i] = v;
    }
    const qBar = [0, 1, 2].map((i) => [0, 1, 2].map((j) => z.slice(0, window).reduce((s, zt) => s + zt[i] * zt[j], 0) / window));
    let q = qBar.map((row) => [...row]);
    for (const zt of z) q = q.map((row, i) => row.map((v, j) => (1 - a - b) * qBar[i][j] + a * zt[i] * zt[j] + b * v));
    const e = estimator.estimate();
    for (let i = 0; i < n; i++) {
      expect(Math.abs(e.volatility[i] - Math.sqrt(variance[i])) / e.volatility[i]).toBeLessThan(1e-12);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(e.correlation[i * n + j] - q[i][j] / Math.sqrt(q[i][i] * q[j][j]))).toBeLessThan(1e-12);
      }
    }
  });

  it('refits on the documented schedule: first at the warm-up, then every refitEvery rows', () => {
    const rows = simulateDcc(620, 4, TRUE_DCC);
    const estimator = new DccEstimator(3, { window: 300, refitEvery: 100 });
    expect(estimator.label).toBe('dcc(300/100)');
    const fits: number[] = [];
    rows.forEach((row, t) => {
      estimator.update(row);
      expect(estimator.ready()).toBe(t + 1 >= 300);
      const at = estimator.parameters?.fittedAtRow;
      if (at !== undefined && at !== fits[fits.length - 1]) fits.push(at);
    });
    expect(fits).toEqual([300, 400, 500, 600]);
  });

  it('before the warm-up hands out the identity and the root-mean-square volatility', () => {
    const estimator = new DccEstimator(2, { window: 50 });
    estimator.update([0.03, -0.01]);
    estimator.update([-0.04, 0.01]);
    const e = estimator.estimate();
    expect(Array.from(e.correlation)).toEqual([1, 0, 0, 1]);
    expect(e.volatility[0]).toBeCloseTo(Math.sqrt((0.03 ** 2 + 0.04 ** 2) / 2), 15);
  });
});
