import { nelderMead } from '../linalg/nelder-mead.js';

/** A fitted GARCH(1,1): σ²_t = ω + α·ε²_{t−1} + β·σ²_{t−1}, ε_t = r_t − mean. */
export interface GarchFit {
  readonly omega: number;
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  /** ω / (1 − α − β). */
  readonly unconditionalVariance: number;
  /** Gaussian log-likelihood at the optimum, constants included. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  /** σ²_t for every return t (σ²_0 is the sample variance, the usual backcast). */
  readonly variances: Float64Array;
  /** z_t = ε_t / σ_t. */
  readonly standardizedResiduals: Float64Array;
  /** σ²_{T}: the forecast for the day after the last return. */
  readonly nextVariance: number;
}

/**
 * GARCH(1,1) (Bollerslev 1986) by Gaussian quasi-maximum likelihood (Bollerslev & Wooldridge 1992):
 * minimise ½·Σ (ln σ²_t + ε²_t / σ²_t) with σ²_0 = sample variance, by Nelder–Mead over an unconstrained
 * parametrisation that keeps ω > 0, α, β ≥ 0 and α + β < 1:
 *   persistence p = logistic(x₁), α = p·logistic(x₂), β = p − α, ω = v̄·(1 − p)·e^{x₀},
 * where v̄ is the sample variance (x₀ = 0 is variance targeting). Start: α = 0.05, β = 0.90.
 * O(T) per likelihood evaluation. A constant series gives ω = α = β = 0 and zero residuals.
 */
export function fitGarch11(returns: Float64Array): GarchFit {
  const count = returns.length;
  let mean = 0;
  for (let t = 0; t < count; t++) mean += returns[t];
  mean /= count;
  const residuals = new Float64Array(count);
  let sampleVariance = 0;
  for (let t = 0; t < count; t++) {
    residuals[t] = returns[t] - mean;
    sampleVariance += residuals[t] * residuals[t];
  }
  sampleVariance /= count;
  if (!(sampleVariance > 0)) {
    return {
      omega: 0, alpha: 0, beta: 0, mean, unconditionalVariance: 0, logLikelihood: Infinity, converged: true,
      variances: new Float64Array(count), standardizedResiduals: new Float64Array(count), nextVariance: 0,
    };
  }
  const unpack = (x: Float64Array): [number, number, number] => {
    const persistence = logistic(x[1]);
    const alpha = persistence * logistic(x[2]);
    return [sampleVariance * (1 - persistence) * Math.exp(x[0]), alpha, persistence - alpha];
  };
  const negativeLogLikelihood = (x: Float64Array): number => {
    const [omega, alpha, beta] = unpack(x);
    let variance = sampleVariance;
    let sum = 0;
    for (let t = 0; t < count; t++) {
      if (t > 0) variance = omega + alpha * residuals[t - 1] * residuals[t - 1] + beta * variance;
      sum += Math.log(variance) + (residuals[t] * residuals[t]) / variance;
    }
    return 0.5 * sum;
  };
  const start = [0, logit(0.95), logit(0.05 / 0.95)];
  const result = nelderMead(negativeLogLikelihood, start, { maxIterations: 3000, tolerance: 1e-10, step: 0.5 });
  const [omega, alpha, beta] = unpack(result.x);
  const variances = new Float64Array(count);
  const standardizedResiduals = new Float64Array(count);
  let variance = sampleVariance;
  for (let t = 0; t < count; t++) {
    if (t > 0) variance = omega + alpha * residuals[t - 1] * residuals[t - 1] + beta * variance;
    variances[t] = variance;
    standardizedResiduals[t] = residuals[t] / Math.sqrt(variance);
  }
  const nextVariance = omega + alpha * residuals[count - 1] * residuals[count - 1] + beta * variance;
  return {
    omega,
    alpha,
    beta,
    mean,
    unconditionalVariance: omega / (1 - alpha - beta),
    logLikelihood: -result.value - 0.5 * count * Math.log(2 * Math.PI),
    converged: result.converged,
    variances,
    standardizedResiduals,
    nextVariance,
  };
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
