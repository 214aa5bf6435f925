import { XmarginError, type ErrorCode } from '../core/errors.js';

/**
 * A mean-reverting log-implied-volatility process correlated with the asset (an Ornstein–Uhlenbeck process
 * on x = ln σ, the "exponential OU" / log-normal stochastic volatility model):
 *
 *   d ln σ = κ (θ − ln σ) dt + ξ dW_σ,   corr(dW_σ, dW_S) = ρ
 *
 * with `W_S` the Brownian motion that drives the asset's log price. Time is in years.
 */
export interface LogVolatilityProcess {
  /** κ > 0: speed of mean reversion per year (half-life ln 2 / κ years). */
  readonly kappa: number;
  /** θ: long-run mean of ln σ (σ̄ = e^θ is the long-run level's geometric mean). */
  readonly theta: number;
  /** ξ > 0: volatility of ln σ per √year. */
  readonly xi: number;
  /** ρ in [−1, 1]: correlation of the volatility's shocks with the asset's (negative for equity indices). */
  readonly rho: number;
}

/**
 * The exact discretisation of the process on a grid of `dt` years. Given x = ln σ at t, x at t + Δ is
 * Gaussian with
 *
 *   mean      θ + (x − θ) e^{−κΔ}
 *   variance  ξ² (1 − e^{−2κΔ}) / (2κ)
 *
 * whatever Δ (no Euler error: two steps of Δ have exactly the law of one step of 2Δ). The step's shock
 * η = ∫ e^{−κ(t+Δ−s)} ξ dW_σ(s) and the asset's Brownian increment ΔW_S = W_S(t+Δ) − W_S(t) are jointly
 * Gaussian with correlation
 *
 *   ρ_Δ = ρ · c(κΔ),   c(u) = (1 − e^{−u}) / √(u (1 − e^{−2u}) / 2)  ≤ 1  (c → 1 as u → 0)
 *
 * so `next(x, zAsset, zOwn)`, with `zAsset = ΔW_S / √Δ` the standard normal the generator used for the
 * asset's return over the same step and `zOwn` an independent standard normal, draws x' exactly:
 * `mean + sd · (ρ_Δ zAsset + √(1 − ρ_Δ²) zOwn)`. Randomness is the caller's (counter-based streams); the
 * step allocates nothing.
 */
export class LogVolatilityStep {
  readonly process: LogVolatilityProcess;
  readonly dt: number;
  /** e^{−κΔ}. */
  readonly decay: number;
  /** √(ξ² (1 − e^{−2κΔ}) / (2κ)), the standard deviation of x' given x. */
  readonly shockScale: number;
  /** ρ_Δ, the correlation of the step's shock with the asset's Brownian increment over the step. */
  readonly shockCorrelation: number;
  private readonly orthogonal: number;

  constructor(process: LogVolatilityProcess, dt: number) {
    checkProcess(process, 'process');
    if (!(dt > 0 && Number.isFinite(dt))) fail('E_INPUT', 'dt', `expected a positive time step in years, got ${dt}`);
    this.process = process;
    this.dt = dt;
    const u = process.kappa * dt;
    this.decay = Math.exp(-u);
    this.shockScale = process.xi * Math.sqrt(-Math.expm1(-2 * u) / (2 * process.kappa));
    this.shockCorrelation = process.rho * stepCorrelationFactor(u);
    this.orthogonal = Math.sqrt(1 - this.shockCorrelation * this.shockCorrelation);
  }

  /** E[x' | x]. */
  mean(logVolatility: number): number {
    const theta = this.process.theta;
    return theta + (logVolatility - theta) * this.decay;
  }

  /** Var[x' | x] (does not depend on x). */
  get variance(): number {
    return this.shockScale * this.shockScale;
  }

  /** x' = ln σ one step after x = `logVolatility`. O(1), no allocation. */
  next(logVolatility: number, zAsset: number, zOwn: number): number {
    const theta = this.process.theta;
    return theta + (logVolatility - theta) * this.decay + this.shockScale * (this.shockCorrelation * zAsset + this.orthogonal * zOwn);
  }
}

/** c(u) = (1 − e^{−u}) / √(u (1 − e^{−2u}) / 2) for u = κΔ > 0, computed with expm1 for small u. */
export function stepCorrelationFactor(u: number): number {
  if (u === 0) return 1;
  return -Math.expm1(-u) / Math.sqrt((u * -Math.expm1(-2 * u)) / 2);
}

/** What `fitLogVolatilityProcess` estimated, and the regression it came from. */
export interface LogVolatilityFit extends LogVolatilityProcess {
  /** Number of transitions n (pairs (x_{t−1}, x_t)). */
  readonly steps: number;
  readonly dt: number;
  /** The AR(1) regression x_t = a + b x_{t−1} + e_t. */
  readonly intercept: number;
  readonly slope: number;
  /** √(Σe² / (n − 2)). */
  readonly residualSd: number;
  /** ρ_Δ: the sample correlation of the residuals e_t with the same step's log returns. */
  readonly stepCorrelation: number;
}

export interface LogVolatilityFitOptions {
  /** Fewest transitions accepted (default 20, at least 4). */
  readonly minSteps?: number;
  /** Prefix of the error paths, e.g. `data.impliedVolatility` (default none: `impliedVolatility[12]`). */
  readonly path?: string;
}

export const DEFAULT_FIT_MIN_STEPS = 20;

/**
 * Fit κ, θ, ξ, ρ to a history: `impliedVolatility` holds σ_0 … σ_n (positive, in decimals, e.g. VIX / 100)
 * and `logReturns` the asset's r_1 … r_n (`r_t` = ln(S_t / S_{t−1}), so a frame's implied-volatility column
 * and its `logReturns()` fit as they are), on a grid of `dt` years. The estimator:
 *
 * 1. x_t = ln σ_t; ordinary least squares of x_t on x_{t−1}, t = 1 … n: with x̄₀, x̄₁ the means of
 *    x_0…x_{n−1} and x_1…x_n, b = Σ(x_{t−1} − x̄₀)(x_t − x̄₁) / Σ(x_{t−1} − x̄₀)², a = x̄₁ − b x̄₀,
 *    residuals e_t = x_t − a − b x_{t−1}, s² = Σe² / (n − 2). This is the exact discretisation's AR(1):
 *    b = e^{−κΔ}, a = θ (1 − b), Var e = ξ² (1 − b²) / (2κ).
 * 2. κ = −ln b / Δ, θ = a / (1 − b), ξ = s √(2κ / (1 − b²)); requires 0 < b < 1 (mean reversion).
 * 3. ρ_Δ = Σ e_t (r_t − r̄) / √(Σe² Σ(r_t − r̄)²), the residuals' correlation with the same step's return
 *    (the returns standing in for the asset's Brownian increments), and ρ = ρ_Δ / c(κΔ) (see
 *    `LogVolatilityStep`); |ρ| must come out ≤ 1.
 *
 * These are the conditional (Gaussian) maximum-likelihood estimates of the AR(1) up to the n − 2 divisor;
 * b is biased down by about (1 + 3b)/n in short samples (Kendall 1954), so κ is biased up: use years of
 * daily data. Refuses (XmarginError, naming the element): lengths that do not match, fewer than `minSteps`
 * transitions, a non-positive or non-finite volatility, a non-finite return, a constant volatility or
 * constant returns, no mean reversion (b ≤ 0 or b ≥ 1), a perfect AR(1) fit (ξ = 0), |ρ| > 1. O(n).
 */
export function fitLogVolatilityProcess(
  logReturns: ArrayLike<number>,
  impliedVolatility: ArrayLike<number>,
  dt: number,
  options: LogVolatilityFitOptions = {},
): LogVolatilityFit {
  const prefix = options.path === undefined ? '' : `${options.path}.`;
  const volPath = `${prefix}impliedVolatility`;
  const returnPath = `${prefix}logReturns`;
  const minSteps = options.minSteps ?? DEFAULT_FIT_MIN_STEPS;
  if (!(Number.isInteger(minSteps) && minSteps >= 4)) fail('E_INPUT', 'minSteps', `expected an integer ≥ 4, got ${minSteps}`);
  if (!(dt > 0 && Number.isFinite(dt))) fail('E_INPUT', 'dt', `expected a positive time step in years, got ${dt}`);
  const n = logReturns.length;
  if (impliedVolatility.length !== n + 1) {
    fail('E_INPUT', volPath, `expected one more implied volatility than log returns (σ_0 … σ_n for r_1 … r_n), got ${impliedVolatility.length} and ${n}`);
  }
  if (n < minSteps) fail('E_INPUT', volPath, `expected at least ${minSteps} steps to fit a log-volatility process, got ${n}`);

  let constant = true;
  for (let t = 0; t <= n; t++) {
    const sigma = impliedVolatility[t];
    if (!(sigma > 0 && Number.isFinite(sigma))) fail('E_INPUT', `${volPath}[${t}]`, `expected a positive finite volatility, got ${sigma}`);
    if (sigma !== impliedVolatility[0]) constant = false;
  }
  if (constant) fail('E_INPUT', volPath, 'expected a varying implied volatility, got a constant one: there is no AR(1) to fit');
  let meanBefore = 0;
  let meanAfter = 0;
  let meanReturn = 0;
  let constantReturns = true;
  for (let t = 1; t <= n; t++) {
    const r = logReturns[t - 1];
    if (!Number.isFinite(r)) fail('E_INPUT', `${returnPath}[${t - 1}]`, `expected a finite log return, got ${r}`);
    if (r !== logReturns[0]) constantReturns = false;
    meanBefore += Math.log(impliedVolatility[t - 1]);
    meanAfter += Math.log(impliedVolatility[t]);
    meanReturn += r;
  }
  if (constantReturns) fail('E_INPUT', returnPath, 'expected varying returns, got constant ones: the correlation is undefined');
  meanBefore /= n;
  meanAfter /= n;
  meanReturn /= n;

  let sxx = 0;
  let sxy = 0;
  for (let t = 1; t <= n; t++) {
    const before = Math.log(impliedVolatility[t - 1]) - meanBefore;
    sxx += before * before;
    sxy += before * (Math.log(impliedVolatility[t]) - meanAfter);
  }
  const slope = sxy / sxx;
  const intercept = meanAfter - slope * meanBefore;
  if (!(slope > 0 && slope < 1)) {
    fail('E_INPUT', volPath, `expected a mean-reverting ln σ (AR(1) slope b in (0, 1)), got b = ${slope}`);
  }

  let see = 0;
  let srr = 0;
  let ser = 0;
  for (let t = 1; t <= n; t++) {
    const residual = Math.log(impliedVolatility[t]) - intercept - slope * Math.log(impliedVolatility[t - 1]);
    const r = logReturns[t - 1] - meanReturn;
    see += residual * residual;
    srr += r * r;
    ser += residual * r;
  }
  if (see === 0) fail('E_INPUT', volPath, 'expected noise around the AR(1), got an exact fit: ξ would be 0');

  const kappa = -Math.log(slope) / dt;
  const theta = intercept / (1 - slope);
  const residualSd = Math.sqrt(see / (n - 2));
  const xi = residualSd * Math.sqrt((2 * kappa) / (1 - slope * slope));
  const stepCorrelation = ser / Math.sqrt(see * srr);
  const rho = stepCorrelation / stepCorrelationFactor(kappa * dt);
  if (!(Math.abs(rho) <= 1)) {
    fail('E_INPUT', volPath, `expected a correlation in [−1, 1], got ρ = ${rho} (step correlation ${stepCorrelation} / c(κΔ))`);
  }
  return { kappa, theta, xi, rho, steps: n, dt, intercept, slope, residualSd, stepCorrelation };
}

/**
 * Checks a process given as JSON: `{ "kappa": 5, "longRunVolatility": 0.18, "xi": 1.2, "rho": −0.7 }`
 * (θ = ln longRunVolatility). Throws `XmarginError('E_INPUT_SCENARIO')` naming the JSON path.
 */
export function validateLogVolatilityProcess(value: unknown, path = 'impliedVolatility.process'): LogVolatilityProcess {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('E_INPUT_SCENARIO', path, `expected { kappa, longRunVolatility, xi, rho }, got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  const fields = ['kappa', 'longRunVolatility', 'xi', 'rho'];
  for (const key of Object.keys(record)) {
    if (!fields.includes(key)) fail('E_INPUT_SCENARIO', `${path}.${key}`, `unknown field; expected one of ${fields.join(', ')}`);
  }
  const level = record.longRunVolatility;
  if (typeof level !== 'number' || !(level > 0 && level <= 5)) {
    fail('E_INPUT_SCENARIO', `${path}.longRunVolatility`, `expected a volatility in (0, 5], got ${describe(level)}`);
  }
  const process = { kappa: record.kappa, theta: Math.log(level), xi: record.xi, rho: record.rho };
  checkProcess(process, path, 'E_INPUT_SCENARIO');
  return process as LogVolatilityProcess;
}

function checkProcess(process: Record<string, unknown> | LogVolatilityProcess, path: string, code: ErrorCode = 'E_INPUT'): void {
  const { kappa, theta, xi, rho } = process as Record<string, unknown>;
  if (typeof kappa !== 'number' || !(kappa > 0 && Number.isFinite(kappa))) fail(code, `${path}.kappa`, `expected a positive mean-reversion speed per year, got ${describe(kappa)}`);
  if (typeof theta !== 'number' || !Number.isFinite(theta)) fail(code, `${path}.theta`, `expected a finite long-run ln σ, got ${describe(theta)}`);
  if (typeof xi !== 'number' || !(xi > 0 && Number.isFinite(xi))) fail(code, `${path}.xi`, `expected a positive volatility of volatility, got ${describe(xi)}`);
  if (typeof rho !== 'number' || !(rho >= -1 && rho <= 1)) fail(code, `${path}.rho`, `expected a correlation in [−1, 1], got ${describe(rho)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function fail(code: ErrorCode, path: string, detail: string): never {
  throw new XmarginError(code, detail, { path });
}
