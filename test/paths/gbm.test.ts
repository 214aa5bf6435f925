import { describe, expect, it } from 'vitest';
import { PriceFrame, createGenerator, type GbmSpec } from './api.js';
import { correlation, forEachPath, makeColumns, mean, pooledLogReturns, std } from './path-stats.js';

const assets = ['A', 'B', 'C'];
const mu = [0.05, -0.02, 0.1];
const sigma = [0.2, 0.3, 0.1];
const rho = [
  [1, 0.6, -0.3],
  [0.6, 1, 0.2],
  [-0.3, 0.2, 1],
];
const spec: GbmSpec = { kind: 'gbm', assets, mu, sigma, correlation: rho, S0: [100, 50, 20] };

describe('correlated GBM', () => {
  const generator = createGenerator(spec, { seed: 2024, steps: 252 });
  const paths = 200;
  const returns = pooledLogReturns(generator, paths);
  const N = paths * 252;

  it('log returns have mean (μ − σ²/2)Δt and volatility σ√Δt within 4 standard errors', () => {
    for (let i = 0; i < 3; i++) {
      const stepVol = sigma[i] / Math.sqrt(252);
      const expectedMean = (mu[i] - 0.5 * sigma[i] ** 2) / 252;
      // SE of a mean: σ_step/√N; SE of a normal sample standard deviation: σ_step/√(2N).
      expect(Math.abs(mean(returns[i]) - expectedMean)).toBeLessThan((4 * stepVol) / Math.sqrt(N));
      expect(Math.abs(std(returns[i]) - stepVol)).toBeLessThan((4 * stepVol) / Math.sqrt(2 * N));
    }
  });

  it('log returns have the given correlation within 4 standard errors', () => {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < i; j++) {
        // SE of a Pearson correlation of normals: (1 − ρ²)/√N.
        const se = (1 - rho[i][j] ** 2) / Math.sqrt(N);
        expect(Math.abs(correlation(returns[i], returns[j]) - rho[i][j])).toBeLessThan(4 * se);
      }
    }
  });

  it('keeps E[S_T] = S0·e^{μT} (T = 1 year) within 4 sample standard errors', () => {
    const short = createGenerator(spec, { seed: 7, steps: 252 });
    const terminal = assets.map(() => new Float64Array(4000));
    forEachPath(short, 4000, (k, columns) => columns.forEach((c, i) => (terminal[i][k] = c[252] / c[0])));
    for (let i = 0; i < 3; i++) {
      const se = std(terminal[i]) / Math.sqrt(4000);
      expect(Math.abs(mean(terminal[i]) - Math.exp(mu[i]))).toBeLessThan(4 * se);
    }
  });

  it('starts every path at S0 and labels rows with business days', () => {
    const columns = makeColumns(generator);
    generator.generate(3, columns);
    expect(columns.map((c) => c[0])).toEqual([100, 50, 20]);
    expect(generator.time.length).toBe(253);
    // Default start 2000-01-03 (Monday); row 5 skips the weekend to Monday 2000-01-10.
    expect(new Date(generator.time[0]).toISOString().slice(0, 10)).toBe('2000-01-03');
    expect(new Date(generator.time[5]).toISOString().slice(0, 10)).toBe('2000-01-10');
    expect(generator.description).toMatch(/^gbm\(n=3, μ̄=4\.3%, σ̄=20\.0%, ρ̄=0\.17\)$/);
  });

  it('handles a semidefinite correlation: identical assets give identical paths', () => {
    const twins = createGenerator(
      { kind: 'gbm', assets: ['X', 'Y', 'Z'], sigma: 0.25, rho: 1, mu: 0.03 },
      { seed: 1, steps: 50 },
    );
    const columns = makeColumns(twins);
    twins.generate(0, columns);
    for (let t = 0; t <= 50; t++) {
      expect(columns[1][t]).toBeCloseTo(columns[0][t], 10);
      expect(columns[2][t]).toBeCloseTo(columns[0][t], 10);
    }
    expect(twins.notes).toEqual([]);
  });

  it('repairs a non-PSD correlation to the nearest valid one and says so', () => {
    const bad = createGenerator({ kind: 'gbm', assets: ['X', 'Y', 'Z'], sigma: 0.2, rho: -0.9 }, { seed: 1, steps: 5 });
    expect(bad.notes.join(' ')).toMatch(/correlation repaired to the nearest correlation matrix \(distance/);
  });

  it('fit: "data" reproduces the history’s per-step mean, volatility and correlation', () => {
    // A history drawn from a known GBM; the fitted generator must reproduce the history's own sample moments.
    const source = createGenerator(spec, { seed: 99, steps: 1500 });
    const columns = makeColumns(source);
    source.generate(0, columns);
    const history = new PriceFrame(source.time, assets, columns);
    const fitted = createGenerator({ kind: 'gbm', fit: 'data' }, { seed: 5, steps: 250, history });
    expect(fitted.assets).toEqual(assets);
    expect(Array.from(fitted.initialPrices)).toEqual(columns.map((c) => c[1500]));
    expect(fitted.time[0]).toBe(history.time[1500]);
    const historyReturns = history.logReturns();
    const simulated = pooledLogReturns(fitted, 400);
    const M = 400 * 250;
    for (let i = 0; i < 3; i++) {
      const s = std(historyReturns[i]);
      expect(Math.abs(mean(simulated[i]) - mean(historyReturns[i]))).toBeLessThan((4 * s) / Math.sqrt(M));
      expect(Math.abs(std(simulated[i]) - s)).toBeLessThan((4 * s) / Math.sqrt(2 * M));
      for (let j = 0; j < i; j++) {
        const target = correlation(historyReturns[i], historyReturns[j]);
        expect(Math.abs(correlation(simulated[i], simulated[j]) - target)).toBeLessThan((4 * (1 - target ** 2)) / Math.sqrt(M));
      }
    }
  });

  it('explicit fields override fitted ones', () => {
    const history = new PriceFrame(
      Float64Array.from([0, 1, 2, 3, 4].map((d) => d * 86_400_000)),
      ['A', 'B'],
      [Float64Array.from([10, 11, 10.5, 11.5, 12]), Float64Array.from([5, 5.1, 5.3, 5.2, 5.4])],
    );
    const fitted = createGenerator({ kind: 'gbm', fit: 'data', sigma: { A: 0 }, mu: { A: 0 }, S0: { B: 7 } }, { seed: 1, steps: 10, history });
    const columns = makeColumns(fitted);
    fitted.generate(0, columns);
    // σ = μ = 0 for A: flat at its last price (exp(ln 12) is 12 up to rounding).
    for (const price of columns[0]) expect(Math.abs(price - 12)).toBeLessThan(1e-12);
    expect(columns[1][0]).toBe(7);
  });
});
