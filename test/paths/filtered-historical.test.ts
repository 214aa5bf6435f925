import { describe, expect, it } from 'vitest';
import { createBootstrapGenerator, createFilteredHistoricalGenerator, fitGarch11, garchFilter } from './api.js';
import { forEachPath, mean, squaredAutocorrelation } from './path-stats.js';
import { frameFromReturns, simulateGarchReturns } from './garch-sim.js';

const truth = { omega: 2e-6, alpha: 0.1, beta: 0.85 };

describe('GARCH(1,1) quasi-maximum likelihood', () => {
  const [returns] = simulateGarchReturns(truth, 3000, 1, 0, 1000);
  // The FHS configuration: mean removed, ω free.
  const fit = fitGarch11(returns, { demean: true, varianceTargeting: false });

  it('recovers known parameters from 3000 simulated returns', () => {
    // Spread of the estimates over 20 simulated series (seeds 1000–1019, measured once when writing this
    // test): SD(α̂) = 0.015, SD(β̂) = 0.020. Tolerance 4 SD.
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(4 * 0.015);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(4 * 0.02);
    expect(fit.alpha + fit.beta).toBeLessThan(1);
  });

  it('is a maximum: the likelihood at the estimate beats the truth and nearby points', () => {
    const logLikelihood = (omega: number, alpha: number, beta: number): number => {
      const m = mean(returns);
      let v = returns.reduce((s, r) => s + (r - m) ** 2, 0) / returns.length;
      let sum = 0;
      returns.forEach((r, t) => {
        if (t > 0) v = omega + alpha * (returns[t - 1] - m) ** 2 + beta * v;
        sum += Math.log(2 * Math.PI * v) + (r - m) ** 2 / v;
      });
      return -0.5 * sum;
    };
    const best = logLikelihood(fit.omega, fit.alpha, fit.beta);
    expect(best).toBeCloseTo(fit.logLikelihood, 6);
    expect(best).toBeGreaterThanOrEqual(logLikelihood(truth.omega, truth.alpha, truth.beta));
    for (const [dw, da, db] of [[1.05, 0, 0], [0.95, 0, 0], [1, 0.005, 0], [1, -0.005, 0], [1, 0, 0.005], [1, 0, -0.005]]) {
      expect(best).toBeGreaterThanOrEqual(logLikelihood(fit.omega * dw, fit.alpha + da, fit.beta + db) - 1e-6);
    }
  });

  it('standardises residuals to unit variance on average', () => {
    const z = garchFilter(returns, fit).standardizedResiduals;
    expect(Math.abs(z.reduce((s, x) => s + x * x, 0) / z.length - 1)).toBeLessThan(0.05);
  });
});

describe('filtered historical simulation', () => {
  const history = frameFromReturns(simulateGarchReturns(truth, 2000, 2, 0.7, 55), ['A', 'B']);
  const fhs = createFilteredHistoricalGenerator({ kind: 'filtered-historical' }, { seed: 9, steps: 2000, history });

  it('reproduces volatility clustering that an i.i.d. resample destroys', () => {
    // For GARCH(1,1) with α = 0.1, β = 0.85 the lag-1 autocorrelation of squared returns is
    // α(1 − αβ − β²)/(1 − 2αβ − β²) = 0.01925/0.1075 = 0.18 (Bollerslev 1988). The i.i.d. bootstrap
    // (mean block length 1) of the same history has none: its ACF is 0 ± 1/√2000 = 0.022 per path.
    const iid = createBootstrapGenerator({ kind: 'bootstrap', meanBlockLength: 1 }, { seed: 9, steps: 2000, history });
    const acf = (generator: typeof fhs | typeof iid): number => {
      let sum = 0;
      forEachPath(generator, 20, (_k, [a]) => {
        const r = new Float64Array(2000);
        for (let t = 1; t <= 2000; t++) r[t - 1] = Math.log(a[t] / a[t - 1]);
        sum += squaredAutocorrelation(r);
      });
      return sum / 20;
    };
    const clustered = acf(fhs);
    const flat = acf(iid);
    expect(clustered).toBeGreaterThan(0.08);
    expect(Math.abs(flat)).toBeLessThan(4 * 0.022 / Math.sqrt(20)); // mean of 20 paths: SE 0.005
  });

  it('keeps the cross-section of each day: shocks agree in sign as often as the residual days do', () => {
    // sign(r_i − mean_i) = sign(z_{d,i}) whatever the simulated volatility, so the share of steps where both
    // assets' shocks have the same sign estimates the share of history days whose residual pair agrees in
    // sign: exact in expectation, binomial SE sqrt(p(1 − p)/N) ≈ 0.003 at N = 20 000. 4 SE. Resampling each
    // asset's residual from a different day would pull it towards ½ (about 0.75 here).
    const [zA, zB] = fhs.fits.map((f) => f.standardizedResiduals);
    let agree = 0;
    for (let d = 0; d < zA.length; d++) if (Math.sign(zA[d]) === Math.sign(zB[d])) agree++;
    const p = agree / zA.length;
    const [meanA, meanB] = fhs.fits.map((f) => f.mean);
    let same = 0;
    forEachPath(fhs, 10, (_k, [x, y]) => {
      for (let t = 1; t <= 2000; t++) {
        if (Math.sign(Math.log(x[t] / x[t - 1]) - meanA) === Math.sign(Math.log(y[t] / y[t - 1]) - meanB)) same++;
      }
    });
    expect(p).toBeGreaterThan(0.7);
    expect(Math.abs(same / 20_000 - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 20_000));
  });

  it('starts from the forecast variance after the history and reports its fits', () => {
    expect(fhs.fits.length).toBe(2);
    expect(fhs.notes[0]).toMatch(/^A: GARCH\(1,1\) ω=.* α=0\.\d{3} β=0\.\d{3}$/);
    const fit = fhs.fits[0];
    const columns = [new Float64Array(2001), new Float64Array(2001)];
    fhs.generate(0, columns);
    const firstShock = Math.log(columns[0][1] / columns[0][0]) - fit.mean;
    const day = fhs.sourceRows[0];
    expect(firstShock).toBeCloseTo(Math.sqrt(fit.nextVariance) * fit.standardizedResiduals[day], 12);
  });
});
