import { nelderMead } from '../linalg/nelder-mead.js';

/** GARCH(1,1) (Bollerslev 1986): σ²_{t+1} = ω + α·r_t² + β·σ²_t, on zero-mean returns. */
export interface Garch11 {
  readonly omega: number;
  readonly alpha: number;
  readonly beta: number;
}

export interface Garch11Fit extends Garch11 {
  /** s² = mean(r²): the targeted unconditional variance and the recursion's starting value σ²_0. */
  readonly targetVariance: number;
  /** Gaussian log-likelihood at the optimum, without the constant −(T/2)·ln 2π. */
  readonly logLikelihood: number;
  readonly converged: boolean;
}

/** Starting point of the optimiser: α = 0.05, β = 0.90. */
const START = { alpha: 0.05, beta: 0.9 };

/**
 * Quasi-maximum-likelihood fit of a zero-mean GARCH(1,1) with variance targeting (Engle & Mezrich 1996):
 * ω = s²·(1 − α − β) with s² = mean(r²), so only (α, β) are optimised, by Nelder–Mead over the
 * unconstrained reparametrisation α + β = logistic(u), α/(α + β) = logistic(v), which keeps α, β ≥ 0 and
 * α + β < 1. The recursion starts at σ²_0 = s². Returns ω = α = β = 0 when r is identically 0.
 * Each likelihood evaluation is O(T).
 */
export function fitGarch11(returns: Float64Array): Garch11Fit {
  const t = returns.length;
  let secondMoment = 0;
  for (let k = 0; k < t; k++) secondMoment += returns[k] * returns[k];
  secondMoment /= t;
  if (!(secondMoment > 0)) {
    return { omega: 0, alpha: 0, beta: 0, targetVariance: 0, logLikelihood: 0, converged: true };
  }

  const toParameters = (u: number, v: number): { alpha: number; beta: number } => {
    const persistence = logistic(u);
    const share = logistic(v);
    return { alpha: persistence * share, beta: persistence * (1 - share) };
  };
  const negativeLogLikelihood = (x: Float64Array): number => {
    const { alpha, beta } = toParameters(x[0], x[1]);
    return -garchLogLikelihood(returns, secondMoment * (1 - alpha - beta), alpha, beta, secondMoment);
  };
  const persistence = START.alpha + START.beta;
  const result = nelderMead(negativeLogLikelihood, [logit(persistence), logit(START.alpha / persistence)], {
    step: 0.5,
    tolerance: 1e-7,
    maxIterations: 600,
  });
  const { alpha, beta } = toParameters(result.x[0], result.x[1]);
  return {
    omega: secondMoment * (1 - alpha - beta),
    alpha,
    beta,
    targetVariance: secondMoment,
    logLikelihood: -result.value,
    converged: result.converged,
  };
}

/** Σ_t −½·(ln σ²_t + r_t²/σ²_t) for the recursion started at σ²_0 = `initialVariance`. O(T). */
export function garchLogLikelihood(
  returns: Float64Array,
  omega: number,
  alpha: number,
  beta: number,
  initialVariance: number,
): number {
  let variance = initialVariance;
  let sum = 0;
  for (let k = 0; k < returns.length; k++) {
    const r2 = returns[k] * returns[k];
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
