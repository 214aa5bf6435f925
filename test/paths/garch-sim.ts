// A GARCH(1,1) simulator written for the tests, independent of src/paths (which only fits and filters).
import { PriceFrame, Rng, businessDayAxis } from './api.js';

export interface GarchTruth {
  omega: number;
  alpha: number;
  beta: number;
}

/** `count` returns per asset with GARCH(1,1) variances and N(0, 1) innovations correlated by `rho`. */
export function simulateGarchReturns(truth: GarchTruth, count: number, assets: number, rho: number, seed: number): Float64Array[] {
  const rng = new Rng(seed, 0);
  const out = Array.from({ length: assets }, () => new Float64Array(count));
  const variance = new Float64Array(assets).fill(truth.omega / (1 - truth.alpha - truth.beta));
  for (let t = 0; t < count; t++) {
    const common = rng.nextGaussian();
    for (let i = 0; i < assets; i++) {
      const z = i === 0 ? common : rho * common + Math.sqrt(1 - rho * rho) * rng.nextGaussian();
      const shock = Math.sqrt(variance[i]) * z;
      out[i][t] = shock;
      variance[i] = truth.omega + truth.alpha * shock * shock + truth.beta * variance[i];
    }
  }
  return out;
}

/** Prices from log returns, starting at 100, on a business-day axis from 2010-01-04. */
export function frameFromReturns(returns: Float64Array[], names: string[]): PriceFrame {
  const rows = returns[0].length + 1;
  const columns = returns.map((r) => {
    const c = new Float64Array(rows);
    c[0] = 100;
    for (let t = 1; t < rows; t++) c[t] = c[t - 1] * Math.exp(r[t - 1]);
    return c;
  });
  return new PriceFrame(businessDayAxis(Date.UTC(2010, 0, 4), rows), names, columns);
}
