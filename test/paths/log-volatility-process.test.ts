import { describe, expect, it } from 'vitest';
import {
  fitLogVolatilityProcess,
  LogVolatilityStep,
  Rng,
  stepCorrelationFactor,
  validateLogVolatilityProcess,
  XmarginError,
  type LogVolatilityProcess,
} from '../../src/index.js';

describe('fitLogVolatilityProcess: by hand on a short series', () => {
  // x = ln σ = −1.60, −1.50, −1.46, −1.48, −1.54, −1.56 (σ = e^x); returns r = −0.02, −0.01, 0.01, 0.02, 0;
  // daily steps, Δ = 1/252. n = 5 transitions (minSteps lowered to 5 for the example).
  // x̄₀ = mean(x_0..x_4) = −1.516, x̄₁ = mean(x_1..x_5) = −1.508
  // x_{t−1} − x̄₀ = −0.084, 0.016, 0.056, 0.036, −0.024;  x_t − x̄₁ = 0.008, 0.048, 0.028, −0.032, −0.052
  // Sxx = 0.01232 (= 77/6250), Sxy = 0.00176 (= 11/6250) → b = 1/7 = 0.142857…, a = x̄₁ − b x̄₀ = −226/175
  // residuals e = 1/50, 8/175, 1/50, −13/350, −17/350; Σe² = 29/4375 → s² = Σe²/(n − 2) = 29/13125
  // κ = −ln b / Δ = 252 ln 7 = 490.369357561939;  θ = a/(1 − b) = −113/75 = −1.506667
  // ξ = s √(2κ/(1 − b²)) = √(29/13125) · √(2 · 490.369357561939 · 49/48) = 1.4873165962383668
  // r̄ = 0, Σr² = 0.001, Σ e r = −0.0014 → ρ_Δ = −0.0014 / √(29/4375 · 0.001) = −0.5437735329826322
  // c(ln 7) = (1 − 1/7) / √(ln 7 · (1 − 1/49) / 2) = 0.8779792215961755 → ρ = ρ_Δ / c = −0.619346699337652
  // (all values from exact fractions in Python, logs and roots in double precision)
  const x = [-1.6, -1.5, -1.46, -1.48, -1.54, -1.56];
  const sigma = x.map(Math.exp);
  const returns = [-0.02, -0.01, 0.01, 0.02, 0];

  it('estimates every parameter as written out, to 1e-12 relative', () => {
    const fit = fitLogVolatilityProcess(returns, sigma, 1 / 252, { minSteps: 5 });
    const close = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(1e-12);
    expect(fit.steps).toBe(5);
    close(fit.slope, 1 / 7);
    close(fit.intercept, -226 / 175);
    close(fit.residualSd, Math.sqrt(29 / 13125));
    close(fit.kappa, 490.369357561939);
    close(fit.theta, -113 / 75);
    close(fit.xi, 1.4873165962383668);
    close(fit.stepCorrelation, -0.5437735329826322);
    close(fit.rho, -0.619346699337652);
    close(stepCorrelationFactor(Math.log(7)), 0.8779792215961755);
  });
});

describe('LogVolatilityStep: the exact OU step', () => {
  const process: LogVolatilityProcess = { kappa: 4, theta: Math.log(0.18), xi: 1.2, rho: -0.7 };

  it('conditional mean and variance by hand (κ = 4, Δ = 1/12)', () => {
    // e^{−κΔ} = e^{−1/3} = 0.7165313105737893; from x = ln 0.40: mean = ln 0.18 + (ln 0.40 − ln 0.18) e^{−1/3}
    // = −1.7147984280919266 + 0.7985076962177716 · 0.7165313105737893 = −1.1426398... ;
    // variance = ξ² (1 − e^{−2/3}) / 8 = 1.44 · 0.48658288096740798 / 8 = 0.08758491857413344
    const step = new LogVolatilityStep(process, 1 / 12);
    expect(step.decay).toBeCloseTo(0.7165313105737893, 15);
    expect(step.mean(Math.log(0.4))).toBeCloseTo(-1.7147984280919266 + 0.7985076962177716 * 0.7165313105737893, 14);
    expect(step.variance).toBeCloseTo(0.08758491857413344, 15);
    // with zero shocks the step lands on the mean
    expect(step.next(Math.log(0.4), 0, 0)).toBe(step.mean(Math.log(0.4)));
  });

  it('is exact: two steps of Δ have the law of one step of 2Δ', () => {
    const one = new LogVolatilityStep(process, 1 / 252);
    const two = new LogVolatilityStep(process, 2 / 252);
    const x0 = Math.log(0.35);
    expect(one.mean(one.mean(x0))).toBeCloseTo(two.mean(x0), 14);
    // Var after two steps = decay² · Var₁ + Var₁
    expect(one.decay * one.decay * one.variance + one.variance).toBeCloseTo(two.variance, 15);
  });

  it('draws with that mean, variance and shock correlation (200,000 seeded draws, 4 standard errors)', () => {
    const dt = 1 / 12;
    const step = new LogVolatilityStep(process, dt);
    const rng = new Rng(16, 0);
    const draws = 200_000;
    const x0 = Math.log(0.4);
    let sum = 0;
    let sumSq = 0;
    let sumZx = 0;
    for (let k = 0; k < draws; k++) {
      const zAsset = rng.nextGaussian();
      const next = step.next(x0, zAsset, rng.nextGaussian());
      const deviation = next - step.mean(x0);
      sum += deviation;
      sumSq += deviation * deviation;
      sumZx += zAsset * deviation;
    }
    const sd = Math.sqrt(step.variance);
    expect(Math.abs(sum / draws)).toBeLessThan((4 * sd) / Math.sqrt(draws)); // mean: SE = sd/√M
    expect(Math.abs(sumSq / draws / step.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / draws)); // variance: SE = √(2/M)
    // corr(z_S, η) = ρ c(κΔ): c(1/3) = 0.99541… so ρ_Δ = −0.69679; SE of a sample correlation ≈ (1 − ρ²)/√M
    const correlation = sumZx / draws / sd;
    expect(step.shockCorrelation).toBeCloseTo(-0.7 * stepCorrelationFactor(1 / 3), 15);
    expect(Math.abs(correlation - step.shockCorrelation)).toBeLessThan((4 * (1 - 0.49)) / Math.sqrt(draws));
  });

  it('c(u) → 1 as u → 0 and stays in (0, 1]', () => {
    expect(stepCorrelationFactor(0)).toBe(1);
    expect(stepCorrelationFactor(1e-12)).toBeCloseTo(1, 12);
    // c(u) = 1 − u²/24 + O(u³) for small u: at u = 0.02, u²/24 = 1.67e-5 and u³ = 8e-6 · (a small constant)
    expect(Math.abs(stepCorrelationFactor(0.02) - (1 - 0.0004 / 24))).toBeLessThan(1e-8);
    for (const u of [0.001, 0.1, 1, 10, 100]) {
      expect(stepCorrelationFactor(u)).toBeGreaterThan(0);
      expect(stepCorrelationFactor(u)).toBeLessThanOrEqual(1);
    }
  });
});

describe('fitLogVolatilityProcess: recovers known parameters', () => {
  it('from 400,000 simulated daily steps, within about 4 standard errors', () => {
    // κ = 4, σ̄ = 18 %, ξ = 1.2, ρ = −0.7, Δ = 1/252 (b = e^{−4/252} = 0.98425). Standard errors at n = 4·10⁵:
    // SE(b) = √((1 − b²)/n) = 2.8e-4 → SE(κ) = SE(b)/(bΔ) = 0.072;  SE(θ) = ξ/√(2κ) · √((1 + b)/(n(1 − b)))
    // = 0.024;  ξ: ~0.1 % relative;  SE(ρ) ≈ (1 − ρ²)/√n = 8e-4. Tolerances: κ ± 0.3, θ ± 0.1, ξ ± 1.5 %,
    // ρ ± 0.005. The asset's return uses the same z as the volatility step (a GBM with σ_S = 15 %).
    const truth: LogVolatilityProcess = { kappa: 4, theta: Math.log(0.18), xi: 1.2, rho: -0.7 };
    const dt = 1 / 252;
    const n = 400_000;
    const step = new LogVolatilityStep(truth, dt);
    const rng = new Rng(2018, 2);
    const vol = new Float64Array(n + 1);
    const returns = new Float64Array(n);
    let x = truth.theta;
    vol[0] = Math.exp(x);
    for (let t = 1; t <= n; t++) {
      const z = rng.nextGaussian();
      returns[t - 1] = (0.05 - 0.5 * 0.15 * 0.15) * dt + 0.15 * Math.sqrt(dt) * z;
      x = step.next(x, z, rng.nextGaussian());
      vol[t] = Math.exp(x);
    }
    const fit = fitLogVolatilityProcess(returns, vol, dt);
    expect(Math.abs(fit.kappa - 4)).toBeLessThan(0.3);
    expect(Math.abs(fit.theta - Math.log(0.18))).toBeLessThan(0.1);
    expect(Math.abs(fit.xi / 1.2 - 1)).toBeLessThan(0.015);
    expect(Math.abs(fit.rho - -0.7)).toBeLessThan(0.005);
  });
});

describe('fitLogVolatilityProcess: refuses what it cannot fit', () => {
  const returns = Array.from({ length: 30 }, (_, t) => 0.01 * Math.sin(t));
  const vol = Array.from({ length: 31 }, (_, t) => 0.2 * Math.exp(0.1 * Math.cos(0.7 * t) + 0.05 * Math.sin(2.3 * t)));

  function message(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(XmarginError);
      return (error as XmarginError).message;
    }
    throw new Error('expected an error');
  }

  it('too short, mismatched, non-positive, non-finite', () => {
    expect(message(() => fitLogVolatilityProcess(returns.slice(0, 10), vol.slice(0, 11), 1 / 252))).toBe(
      'impliedVolatility: expected at least 20 steps to fit a log-volatility process, got 10',
    );
    expect(message(() => fitLogVolatilityProcess(returns, vol.slice(0, 30), 1 / 252))).toBe(
      'impliedVolatility: expected one more implied volatility than log returns (σ_0 … σ_n for r_1 … r_n), got 30 and 30',
    );
    const zero = [...vol];
    zero[7] = 0;
    expect(message(() => fitLogVolatilityProcess(returns, zero, 1 / 252, { path: 'data.VIX' }))).toBe(
      'data.VIX.impliedVolatility[7]: expected a positive finite volatility, got 0',
    );
    const nan = [...returns];
    nan[3] = NaN;
    expect(message(() => fitLogVolatilityProcess(nan, vol, 1 / 252))).toBe('logReturns[3]: expected a finite log return, got NaN');
    expect(message(() => fitLogVolatilityProcess(returns, vol, 0))).toBe('dt: expected a positive time step in years, got 0');
    expect(message(() => fitLogVolatilityProcess(returns, vol, 1 / 252, { minSteps: 2 }))).toBe('minSteps: expected an integer ≥ 4, got 2');
  });

  it('constant volatility, no mean reversion, constant returns', () => {
    expect(message(() => fitLogVolatilityProcess(returns, vol.map(() => 0.2), 1 / 252))).toBe(
      'impliedVolatility: expected a varying implied volatility, got a constant one: there is no AR(1) to fit',
    );
    // an explosive volatility, ln σ_t = −3 + 0.02 · 1.1^t: b = 1.1
    const explosive = Array.from({ length: 31 }, (_, t) => Math.exp(-3 + 0.02 * 1.1 ** t));
    expect(message(() => fitLogVolatilityProcess(returns, explosive, 1 / 252))).toMatch(
      /^impliedVolatility: expected a mean-reverting ln σ \(AR\(1\) slope b in \(0, 1\)\), got b = 1\.(09999|1)/,
    );
    expect(message(() => fitLogVolatilityProcess(returns.map(() => 0.001), vol, 1 / 252))).toBe(
      'logReturns: expected varying returns, got constant ones: the correlation is undefined',
    );
  });
});

describe('validateLogVolatilityProcess', () => {
  it('reads { kappa, longRunVolatility, xi, rho } with θ = ln longRunVolatility', () => {
    expect(validateLogVolatilityProcess({ kappa: 5, longRunVolatility: 0.18, xi: 1.2, rho: -0.7 })).toEqual({
      kappa: 5,
      theta: Math.log(0.18),
      xi: 1.2,
      rho: -0.7,
    });
  });

  it('names the JSON path of a bad field', () => {
    const bad: [unknown, string][] = [
      [{ kappa: 0, longRunVolatility: 0.18, xi: 1.2, rho: -0.7 }, 'p.kappa: expected a positive mean-reversion speed per year, got 0'],
      [{ kappa: 5, longRunVolatility: 0, xi: 1.2, rho: -0.7 }, 'p.longRunVolatility: expected a volatility in (0, 5], got 0'],
      [{ kappa: 5, longRunVolatility: 0.18, xi: -1, rho: -0.7 }, 'p.xi: expected a positive volatility of volatility, got -1'],
      [{ kappa: 5, longRunVolatility: 0.18, xi: 1.2, rho: -1.5 }, 'p.rho: expected a correlation in [−1, 1], got -1.5'],
      [{ kappa: 5, longRunVolatility: 0.18, xi: 1.2, rho: 0, theta: 1 }, 'p.theta: unknown field; expected one of kappa, longRunVolatility, xi, rho'],
    ];
    for (const [value, text] of bad) {
      expect(() => validateLogVolatilityProcess(value, 'p')).toThrow(text);
    }
    expect(() => new LogVolatilityStep({ kappa: 1, theta: 0, xi: 1, rho: 0 }, -1)).toThrow('dt: expected a positive time step in years, got -1');
  });
});
