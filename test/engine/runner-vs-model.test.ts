import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario, runCompiled } from '../../src/index.js';
import { EwmaCorrelationEstimator } from '../../src/correlation/ewma-correlation.js';
import { normalQuantile } from '../../src/core/normal-quantile.js';

const file = fileURLToPath(new URL('../../scenarios/eu-pair-trade-1998.json', import.meta.url));

describe('the runner agrees with the margin models computed directly (eu-pair-trade-1998)', () => {
  const compiled = loadScenario(file);
  const run = runCompiled(compiled, { write: false });
  const { frame, horizonSteps: h } = compiled;
  const series = run.outcome.series;
  const t0 = run.outcome.openStep;
  const notionals = compiled.scenario.portfolio.positions.map((p) => p.notional!);
  const exposure = (t: number) => notionals.map((n, a) => (n / frame.columns[a][t0]) * frame.columns[a][t]);
  const sampled = [t0, t0 + 1, t0 + 57, t0 + 200, run.outcome.lastStep - 5];

  it('opens the book at the scenario openAt and never liquidates the portfolio modes', () => {
    expect(run.result.run.openTime).toBe('1997-01-02');
    expect(run.result.modes.find((m) => m.name === 'portfolio-var')!.liquidations).toBe(0);
  });

  it.each(sampled)('parametric VaR at step %i equals z·√h·√(eᵀΣe) with an EWMA fed up to that step, cap 0.8', (t) => {
    // Independent recomputation: a fresh estimator fed returns 1..t, then the formula written out for two assets.
    const estimator = new EwmaCorrelationEstimator(2, 0.94);
    for (let s = 1; s <= t; s++) estimator.update(frame.columns.map((c) => Math.log(c[s] / c[s - 1])));
    const { volatility: v, correlation: rho } = estimator.estimate();
    const [e1, e2] = exposure(t);
    const z = normalQuantile(0.99) * Math.sqrt(h);
    const standalone = z * (v[0] * Math.abs(e1) + v[1] * Math.abs(e2));
    const diversified = z * Math.sqrt((e1 * v[0]) ** 2 + (e2 * v[1]) ** 2 + 2 * rho[1] * e1 * v[0] * e2 * v[1]);
    const expected = standalone - 0.8 * (standalone - diversified);
    expect(series.get('portfolio-var.requirement')![t]).toBeCloseTo(expected, 6);
    expect(series.get('portfolio-var.standalone')![t]).toBeCloseTo(standalone, 6);
  });

  it.each(sampled)('historical VaR at step %i equals the 3rd-largest of 250 sorted h-step book losses, cap 0.8', (t) => {
    // L = 250, α = 99 %: k = ⌊250 × 0.01⌋ = 2 losses exceed VaR, so VaR is the 3rd largest (0-based index 2).
    const L = 250;
    const e = exposure(t);
    const ret = (a: number, s: number) => frame.columns[a][s] / frame.columns[a][s - h] - 1;
    const book: number[] = [];
    const legs: number[][] = [[], []];
    for (let s = t - L + 1; s <= t; s++) {
      book.push(-(e[0] * ret(0, s) + e[1] * ret(1, s)));
      legs[0].push(-e[0] * ret(0, s));
      legs[1].push(-e[1] * ret(1, s));
    }
    const varOf = (xs: number[]) => [...xs].sort((x, y) => y - x)[2];
    const standalone = varOf(legs[0]) + varOf(legs[1]);
    const expected = standalone - 0.8 * Math.max(0, standalone - varOf(book));
    expect(series.get('portfolio-hs.requirement')![t]).toBeCloseTo(expected, 6);
  });

  it('cross requirement is Σ 5 % of current notional at every step while open', () => {
    for (const t of sampled) {
      const e = exposure(t);
      expect(series.get('cross.requirement')![t]).toBeCloseTo(0.05 * (Math.abs(e[0]) + Math.abs(e[1])), 6);
    }
  });

  it('the h-step loss series is the realised loss of the book held at t', () => {
    for (const t of sampled.slice(0, 4)) {
      const q = notionals.map((n, a) => n / frame.columns[a][t0]);
      const loss = -q.reduce((sum, qa, a) => sum + qa * (frame.columns[a][t + h] - frame.columns[a][t]), 0);
      expect(series.get('portfolio-var.loss_h')![t]).toBeCloseTo(loss, 6);
    }
  });
});
