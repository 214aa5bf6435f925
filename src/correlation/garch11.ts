import { maximisePersistenceSplit, type FitDiagnostics } from './persistence-split-search.js';

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

export interface Garch11Fit extends Garch11, FitDiagnostics {
  /** The mean removed (0 unless `demean`). */
  readonly mean: number;
  /** s² = mean(ε²): the recursion's starting value σ²_0 and the variance-targeting level. */
  readonly targetVariance: number;
  /** ω / (1 − α − β). */
  readonly unconditionalVariance: number;
  /** Gaussian log-likelihood at the optimum, constants included. */
  readonly logLikelihood: number;
}

/**
 * Gaussian quasi-maximum-likelihood fit of a GARCH(1,1) (Bollerslev & Wooldridge 1992): maximise
 * −½·Σ (ln 2π + ln σ²_t + ε²_t/σ²_t) with σ²_0 = s² over α, β ≥ 0, α + β ≤ 1 − 10⁻⁶ (and, when not
 * targeting, ω = s²·(1 − α − β)·e^{x₀} with x₀ free), from several starts (`maximisePersistenceSplit`:
 * a start grid over persistence α + β and share α/(α + β), projected Newton searches from its best points).
 * With variance targeting, α = 0 leaves β unidentified (σ² stays at s²): β is then reported as 0 and the
 * boundary `news-zero` says so. O(T) per likelihood evaluation, a few hundred evaluations per fit.
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
    return {
      omega: 0, alpha: 0, beta: 0, mean, targetVariance: 0, unconditionalVariance: 0,
      logLikelihood: Infinity, starts: 0, startsAtBest: 0, boundary: ['news-zero'], converged: true,
    };
  }
  const omegaOf = (alpha: number, beta: number, extra: Float64Array): number =>
    s2 * (1 - alpha - beta) * (varianceTargeting ? 1 : Math.exp(extra[0]));
  const fit = maximisePersistenceSplit(
    (alpha, beta, extra) => garchLogLikelihood(residuals, omegaOf(alpha, beta, extra), alpha, beta, s2),
    // With ω free the third coordinate trades off against persistence along a flat valley: allow more iterations.
    { extra: varianceTargeting ? 0 : 1, decayFlatAtZeroNews: varianceTargeting, maxIterations: varianceTargeting ? 30 : 200 },
  );
  const omega = omegaOf(fit.a, fit.b, fit.extra);
  return {
    omega,
    alpha: fit.a,
    beta: fit.b,
    mean,
    targetVariance: s2,
    unconditionalVariance: omega / (1 - fit.a - fit.b),
    logLikelihood: fit.logLikelihood - 0.5 * count * Math.log(2 * Math.PI),
    starts: fit.starts,
    startsAtBest: fit.startsAtBest,
    boundary: fit.boundary,
    converged: fit.converged,
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
