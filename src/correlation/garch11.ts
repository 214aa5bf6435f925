import { nelderMead } from '../linalg/nelder-mead.js';

/** GARCH(1,1) (Bollerslev 1986): σ²_{t+1} = ω + α·ε_t² + β·σ²_t with ε_t = r_t − mean. */
export interface Garch11 {
  readonly omega: number;
  readonly alpha: number;
  readonly beta: number;
}

export interface Garch11Options {
  /** Remove the sample mean before fitting (filtered historical simulation); default false (zero mean, as DCC). */
  readonly demean?: boolean;
  /**
   * Variance targeting (Engle & Mezrich 1996): ω = s²·(1 − α − β), so only α, β are estimated; default true.
   * With false, ω is free: ω = s²·(1 − α − β)·e^{x₀}.
   */
  readonly varianceTargeting?: boolean;
}

export interface Garch11Fit extends Garch11 {
  /** The mean removed (0 unless `demean`). */
  readonly mean: number;
  /** s² = mean(ε²): the recursion's starting value σ²_0 and the variance-targeting level. */
  readonly targetVariance: number;
  /** ω / (1 − α − β). */
  readonly unconditionalVariance: number;
  /** Gaussian log-likelihood at the optimum, constants included. */
  readonly logLikelihood: number;
  readonly converged: boolean;
}

/**
 * Gaussian quasi-maximum-likelihood fit of a GARCH(1,1) (Bollerslev & Wooldridge 1992): minimise
 * ½·Σ (ln σ²_t + ε²_t/σ²_t) with σ²_0 = s², by Nelder–Mead over an unconstrained parametrisation that keeps
 * α, β ≥ 0 and α + β < 1: persistence p = logistic(u), α = p·logistic(v), β = p − α (and ω's scale e^{x₀}
 * when not targeting). Start: α = 0.05, β = 0.90. O(T) per likelihood evaluation.
 * A constant series gives ω = α = β = 0.
 */
export function fitGarch11(returns: Float64Array, options: Garch11Options = {}): Garch11Fit {
  const { demean = false, varianceTargeting = true } = options;
  const count = returns.length;
  let mean = 0;
  if (demean) {
    for (let t = 0; t < count; t++) mean += returns[t];
    mean /= count;
  }
  const residuals = demean ? returns.map((r) => r - mean) : returns;
  let s2 = 0;
  for (let t = 0; t < count; t++) s2 += residuals[t] * residuals[t];
  s2 /= count;
  if (!(s2 > 0)) {
    return { omega: 0, alpha: 0, beta: 0, mean, targetVariance: 0, unconditionalVariance: 0, logLikelihood: Infinity, converged: true };
  }
  const unpack = (x: Float64Array): Garch11 => {
    const persistence = logistic(x[0]);
    const alpha = persistence * logistic(x[1]);
    const scale = varianceTargeting ? 1 : Math.exp(x[2]);
    return { omega: s2 * (1 - persistence) * scale, alpha, beta: persistence - alpha };
  };
  const negativeLogLikelihood = (x: Float64Array): number => {
    const g = unpack(x);
    return -garchLogLikelihood(residuals, g.omega, g.alpha, g.beta, s2);
  };
  const start = [logit(0.95), logit(0.05 / 0.95)];
  if (!varianceTargeting) start.push(0);
  const result = nelderMead(negativeLogLikelihood, start, { step: 0.5, tolerance: 1e-10, maxIterations: 3000 });
  const g = unpack(result.x);
  return {
    ...g,
    mean,
    targetVariance: s2,
    unconditionalVariance: g.omega / (1 - g.alpha - g.beta),
    logLikelihood: -result.value - 0.5 * count * Math.log(2 * Math.PI),
    converged: result.converged,
  };
}

/** What `garchFilter` returns. */
export interface GarchFiltered {
  readonly variances: Float64Array;
  readonly standardizedResiduals: Float64Array;
  readonly nextVariance: number;
}

/**
 * Run a fitted GARCH(1,1) over its sample: σ²_t for every return (σ²_0 = s²), the standardised residuals
 * z_t = ε_t/σ_t, and σ²_T, the forecast for the step after the last return. O(T).
 */
export function garchFilter(returns: Float64Array, fit: Garch11Fit): GarchFiltered {
  const count = returns.length;
  const variances = new Float64Array(count);
  const standardizedResiduals = new Float64Array(count);
  let variance = fit.targetVariance;
  let previous = 0;
  for (let t = 0; t < count; t++) {
    if (t > 0) variance = fit.omega + fit.alpha * previous * previous + fit.beta * variance;
    const e = returns[t] - fit.mean;
    variances[t] = variance;
    standardizedResiduals[t] = variance > 0 ? e / Math.sqrt(variance) : 0;
    previous = e;
  }
  const nextVariance = fit.omega + fit.alpha * previous * previous + fit.beta * variance;
  return { variances, standardizedResiduals, nextVariance };
}

/** Σ_t −½·(ln σ²_t + ε_t²/σ²_t) for the recursion started at σ²_0 = `initialVariance` (no 2π constant). O(T). */
export function garchLogLikelihood(
  residuals: ArrayLike<number>,
  omega: number,
  alpha: number,
  beta: number,
  initialVariance: number,
): number {
  let variance = initialVariance;
  let sum = 0;
  for (let k = 0; k < residuals.length; k++) {
    const r2 = residuals[k] * residuals[k];
    sum += Math.log(variance) + r2 / variance;
    variance = omega + alpha * r2 + beta * variance;
  }
  return -0.5 * sum;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
