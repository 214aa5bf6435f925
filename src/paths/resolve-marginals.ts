import type { PriceFrame } from '../data/price-frame.js';
import { resolveCorrelation } from './correlation-input.js';
import { fitHistory, type HistoryFit } from './fit-history.js';
import type { MarginalSpec } from './generator-spec.js';
import { resolvePerAsset } from './per-asset.js';
import { resolveAssets, type GeneratorContext } from './path-generator.js';
import { specError } from './spec-fields.js';

/** Per-step parameters shared by the parametric generators, resolved from a spec and its context. */
export interface Marginals {
  readonly assets: readonly string[];
  readonly n: number;
  readonly periodsPerYear: number;
  /** Arithmetic drift per step, μ·Δt (E[S_{t+1}/S_t] = e^{μΔt} for GBM). */
  readonly driftPerStep: Float64Array;
  /** Volatility per step, σ·√Δt. */
  readonly volatilityPerStep: Float64Array;
  /** Valid correlation matrix, row-major. */
  readonly correlation: Float64Array;
  readonly initialPrices: Float64Array;
  readonly fit?: HistoryFit;
  readonly history?: PriceFrame;
  readonly notes: string[];
}

export const DEFAULT_PERIODS_PER_YEAR = 252;
export const DEFAULT_INITIAL_PRICE = 100;

/**
 * Resolves assets, drift, volatility, correlation and S0. Explicit values win; with `fit: "data"` the rest
 * comes from the history's log returns (mean m, standard deviation s per step): σ√Δt = s and
 * μΔt = m + s²/2, so the simulated log returns have the history's mean and variance. Without a fit, μ
 * defaults to 0, the correlation to the identity and S0 to 100.
 */
export function resolveMarginals(spec: MarginalSpec, context: GeneratorContext, path: string): Marginals {
  const { assets, history } = resolveAssets(spec.assets, context, path);
  const n = assets.length;
  const notes: string[] = [];
  let fit: HistoryFit | undefined;
  if (spec.fit === 'data') {
    if (history === undefined) throw specError(`${path}.fit`, '"data" needs a price history (give --data or a history)');
    fit = fitHistory(history, path);
    notes.push(`fitted to ${fit.count} log returns of the history`);
    if (fit.repairDistance > 0) {
      notes.push(`fitted correlation repaired to the nearest correlation matrix (distance ${fit.repairDistance.toPrecision(3)})`);
    }
  }
  const periodsPerYear = spec.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  const volatilityPerStep = resolvePerAsset(
    spec.sigma,
    assets,
    `${path}.sigma`,
    fit?.volatility.map((s) => s * Math.sqrt(periodsPerYear)),
  ).map((sigma) => sigma / Math.sqrt(periodsPerYear));
  const fittedMu = fit?.meanLogReturn.map((m, i) => (m + 0.5 * fit!.volatility[i] ** 2) * periodsPerYear);
  const driftPerStep = resolvePerAsset(spec.mu, assets, `${path}.mu`, fittedMu ?? 0).map((mu) => mu / periodsPerYear);
  const correlation = resolveCorrelation(
    spec.correlation,
    spec.rho,
    n,
    spec.correlation !== undefined ? `${path}.correlation` : `${path}.rho`,
    fit?.correlation,
  );
  if (correlation.repairDistance > 0) {
    notes.push(`correlation repaired to the nearest correlation matrix (distance ${correlation.repairDistance.toPrecision(3)})`);
  }
  const initialPrices = resolvePerAsset(spec.S0, assets, `${path}.S0`, fit?.lastPrices ?? DEFAULT_INITIAL_PRICE);
  return {
    assets,
    n,
    periodsPerYear,
    driftPerStep,
    volatilityPerStep,
    correlation: correlation.matrix,
    initialPrices,
    fit,
    history,
    notes,
  };
}

/** `name=value` with the mean over assets, for descriptions: `σ̄=18.0%`. */
export function describeMean(name: string, values: Float64Array, scale: number, asPercent: boolean): string {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = (sum / values.length) * scale;
  return `${name}=${asPercent ? `${(mean * 100).toFixed(1)}%` : mean.toFixed(2)}`;
}
