/**
 * JSON-able descriptions of the synthetic path generators, a discriminated union on `kind`.
 * Validate with `validateGeneratorSpec`; build with `createGenerator`.
 *
 * Units: `mu` (arithmetic drift) and `sigma` (volatility) are annualised; with `periodsPerYear` (default
 * 252) a step has drift `mu / periodsPerYear` and volatility `sigma / √periodsPerYear`. With `fit: "data"`
 * every parameter not given explicitly is estimated from the history's log returns *per step* (see
 * `fitHistory`), so one synthetic step is one history period.
 */

/** One number for every asset, a list in asset order, or a map asset → number. */
export type PerAsset = number | readonly number[] | Readonly<Record<string, number>>;

/** Row-major correlation matrix as nested arrays, rows and columns in asset order. */
export type CorrelationMatrixInput = readonly (readonly number[])[];

/** A pair of asset names. */
export type AssetPair = readonly [string, string];

/** Fields shared by the parametric generators. */
export interface MarginalSpec {
  /** `"data"`: estimate whatever is not given from the history (drift, vols, correlation, S0 = last prices). */
  readonly fit?: 'data';
  /** Asset names; default: the context's assets, else the history's. */
  readonly assets?: readonly string[];
  /** Annualised arithmetic drift μ (GBM sense: E[S_t] = S_0·e^{μt}); default 0. */
  readonly mu?: PerAsset;
  /** Annualised volatility σ ≥ 0. Required unless fitted. */
  readonly sigma?: PerAsset;
  /** Full correlation matrix; or `rho`, a constant off-diagonal correlation. Default: identity. */
  readonly correlation?: CorrelationMatrixInput;
  readonly rho?: number;
  /** Initial prices (> 0); default 100, or the last historical prices with `fit: "data"`. */
  readonly S0?: PerAsset;
  /** Steps per year for annualised inputs and descriptions; default 252. */
  readonly periodsPerYear?: number;
}

export interface GbmSpec extends MarginalSpec {
  readonly kind: 'gbm';
}

export interface StudentTSpec extends MarginalSpec {
  readonly kind: 'student-t';
  /** Degrees of freedom ν > 2; returns are scaled by √((ν − 2)/ν) so their variance is σ². */
  readonly nu: number;
}

export interface JumpDiffusionSpec extends MarginalSpec {
  readonly kind: 'jump-diffusion';
  /** Jumps per year λ of the one Poisson clock shared by all assets. */
  readonly jumpIntensity: number;
  /** Mean log jump size per asset (e.g. −0.1). */
  readonly jumpMean: PerAsset;
  /** Standard deviation of the log jump size per asset (≥ 0). */
  readonly jumpStd: PerAsset;
  /** Correlation of the assets' jump sizes (matrix or constant `jumpRho`); default: independent sizes. */
  readonly jumpCorrelation?: CorrelationMatrixInput;
  readonly jumpRho?: number;
}

/** Volatility and correlation of one regime. Unset fields fall back to the base (spec-level) values. */
export interface RegimeSpec {
  /** Multiplies the base volatility (per asset or one number); default 1. */
  readonly volMultiplier?: PerAsset;
  readonly correlation?: CorrelationMatrixInput;
  readonly rho?: number;
  /** Pairs whose correlation changes sign in this regime (a hedge that stops hedging). */
  readonly flip?: readonly AssetPair[];
}

export interface RegimeSwitchingSpec extends MarginalSpec {
  readonly kind: 'regime-switching';
  readonly calm: RegimeSpec;
  readonly crisis: RegimeSpec;
  /** Probability per step of moving from calm to crisis. */
  readonly pCalmToCrisis: number;
  /** Probability per step of moving from crisis back to calm. */
  readonly pCrisisToCalm: number;
  /** Regime of the first step; default `"stationary"` (drawn from the chain's stationary distribution). */
  readonly initialRegime?: 'calm' | 'crisis' | 'stationary';
}

export interface BootstrapSpec {
  readonly kind: 'bootstrap';
  /** Mean block length L ≥ 1 of the stationary bootstrap (new block with probability 1/L per step). */
  readonly meanBlockLength: number;
  readonly assets?: readonly string[];
  /** Initial prices; default the last historical prices. */
  readonly S0?: PerAsset;
  /** Always calibrated from the history; accepted for symmetry with the parametric generators. */
  readonly fit?: 'data';
}

export interface FilteredHistoricalSpec {
  readonly kind: 'filtered-historical';
  readonly assets?: readonly string[];
  readonly S0?: PerAsset;
  readonly fit?: 'data';
  /** First-step variance: the GARCH forecast after the history's last day (default) or the unconditional one. */
  readonly initialVariance?: 'forecast' | 'unconditional';
}

export type GeneratorSpec =
  | GbmSpec
  | StudentTSpec
  | JumpDiffusionSpec
  | RegimeSwitchingSpec
  | BootstrapSpec
  | FilteredHistoricalSpec;

export type GeneratorKind = GeneratorSpec['kind'];

export const GENERATOR_KINDS: readonly GeneratorKind[] = [
  'gbm',
  'student-t',
  'jump-diffusion',
  'regime-switching',
  'bootstrap',
  'filtered-historical',
];
