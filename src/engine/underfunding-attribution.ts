import { shapleyValues } from '../core/shapley.js';
import { MarketState } from '../market/market-state.js';
import { Requirement, type MarginMethod, type MarginState, type RiskFactor, type RiskInputs } from '../margin/margin-method.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { UnderfundingCause } from './events.js';

/** The factor attribution of one exceedance (a reused struct: read it before the next `attribute`). */
export interface Attribution {
  /** False when the exceedance could not be attributed (too few realised steps, or the measure refused the inputs). */
  attributed: boolean;
  cause: UnderfundingCause;
  volatilityPart: number;
  correlationPart: number;
  impliedVolatilityPart: number;
  /** `R(σ_r, ρ_r, iv_r)`: the requirement with every realised input. */
  realisedRequirement: number;
  /** Steps the realised inputs were measured over. */
  realisedSteps: number;
}

/**
 * The factor attribution of the margin backtest (event B). At an exceedance `L_t > R_t` of a shared-pool
 * mode, the mode's own risk measure is re-evaluated (`MarginMethod.reevaluation`) with its inputs replaced
 * by what was realised after `t`:
 *
 * - volatility `σ_r`: the sample deviation (divisor m − 1) of each asset's one-step log returns over steps
 *   `t+1 … t+w`, `w = max(realisedWindow, h)` (cut at the end of the path; m the steps kept);
 * - correlation `ρ_r`: the Pearson correlation of the same returns (0 with an asset that does not move);
 * - implied volatility: each asset's implied volatility at `t + h`, where the loss is measured (only for a
 *   book with a non-linear position, i.e. options); it changes the exposures through the deltas.
 *
 * With the requirement `R(S)` for every set S of substituted factors (R(∅) = R_t), the parts are the Shapley
 * values (the average over the orders of substitution; two factors:
 * `φ_σ = ½[(R(σ_r, ρ̂) − R(σ̂, ρ̂)) + (R(σ_r, ρ_r) − R(σ̂, ρ_r))]`, φ_ρ symmetric), so
 * `φ_σ + φ_ρ + φ_iv = R(realised) − R_t` and `L_t − R_t = Σ φ + (L_t − R(realised))`. The cause is
 * `correlation_breakdown` when φ_ρ > 0 and φ_ρ is larger than the other parts, `implied_volatility` when φ_iv
 * is, else `volatility`. A factor the method does not read has part 0. Allocation-free after construction.
 */
export class UnderfundingAttribution {
  readonly result: Attribution = {
    attributed: false,
    cause: 'volatility',
    volatilityPart: 0,
    correlationPart: 0,
    impliedVolatilityPart: 0,
    realisedRequirement: Number.NaN,
    realisedSteps: 0,
  };
  /** Realised one-step volatility and correlation (`assets × assets`) of the last `realise`. */
  readonly realisedVolatility: Float64Array;
  readonly realisedCorrelation: Float64Array;
  private readonly mean: Float64Array;
  private readonly logReturn: Float64Array;
  private readonly requirement: Requirement;
  private readonly marketIv: MarketState;
  private readonly valueIv: Float64Array;
  private readonly deltaIv: Float64Array;
  private readonly exposureIv: Float64Array;
  private readonly worth = new Float64Array(8);
  private readonly parts = new Float64Array(3);
  private readonly factors: RiskFactor[] = [];
  private readonly inputs: { volatility: Float64Array | null; correlation: Float64Array | null; exposure: Float64Array; market: MarketState };

  constructor(readonly assets: number, readonly positions: number) {
    this.realisedVolatility = new Float64Array(assets);
    this.realisedCorrelation = new Float64Array(assets * assets);
    this.mean = new Float64Array(assets);
    this.logReturn = new Float64Array(assets);
    this.requirement = new Requirement(positions);
    this.marketIv = new MarketState(assets);
    this.valueIv = new Float64Array(positions);
    this.deltaIv = new Float64Array(positions);
    this.exposureIv = new Float64Array(positions);
    this.inputs = { volatility: null, correlation: null, exposure: this.exposureIv, market: this.marketIv };
  }

  /**
   * Realised volatility and correlation of one-step log returns over steps `t+1 … min(t+window, last)`.
   * Returns the number of steps used (fewer than 2: nothing realised). Two passes: means, then co-moments.
   */
  realise(columns: readonly Float64Array[], t: number, window: number, last: number): number {
    const end = Math.min(last, t + window);
    const m = end - t;
    const n = this.assets;
    if (m < 2) return Math.max(m, 0);
    const { mean, logReturn: r, realisedVolatility: vol, realisedCorrelation: rho } = this;
    mean.fill(0);
    for (let s = t + 1; s <= end; s++) for (let a = 0; a < n; a++) mean[a] += Math.log(columns[a][s] / columns[a][s - 1]);
    for (let a = 0; a < n; a++) mean[a] /= m;
    rho.fill(0);
    for (let s = t + 1; s <= end; s++) {
      for (let a = 0; a < n; a++) r[a] = Math.log(columns[a][s] / columns[a][s - 1]) - mean[a];
      for (let a = 0; a < n; a++) {
        const ra = r[a];
        const row = a * n;
        for (let b = 0; b <= a; b++) rho[row + b] += ra * r[b];
      }
    }
    for (let a = 0; a < n; a++) vol[a] = Math.sqrt(rho[a * n + a] / (m - 1));
    for (let a = 0; a < n; a++) {
      const saa = rho[a * n + a];
      for (let b = 0; b < a; b++) {
        const sbb = rho[b * n + b];
        const c = saa > 0 && sbb > 0 ? rho[a * n + b] / Math.sqrt(saa * sbb) : 0;
        rho[a * n + b] = rho[b * n + a] = c;
      }
    }
    for (let a = 0; a < n; a++) rho[a * n + a] = 1;
    return m;
  }

  /**
   * Attribute the exceedance of `state`'s pool (its requirement `requirement` at `state.step`), after
   * `realise` for that step returned `steps`. `marketAtHorizon` is the market at `t + h` (its implied
   * volatilities are the realised ones). Writes `result`.
   */
  attribute(method: MarginMethod, state: MarginState, requirement: number, steps: number, view: RiskView, marketAtHorizon: MarketState): Attribution {
    const out = this.result;
    out.realisedSteps = steps;
    out.attributed = false;
    out.cause = 'volatility';
    out.volatilityPart = out.correlationPart = out.impliedVolatilityPart = 0;
    out.realisedRequirement = Number.NaN;
    const reevaluation = method.reevaluation;
    if (!reevaluation || steps < 2) return out;
    const factors = this.factors;
    factors.length = 0;
    for (const f of reevaluation.factors) if (f !== 'impliedVolatility' || this.optionsHeld(state, view)) factors.push(f);
    const k = factors.length;
    const worth = this.worth;
    worth[0] = requirement;
    if (k > 0 && factors.includes('impliedVolatility')) this.exposuresAtRealisedVol(state, view, marketAtHorizon);
    for (let mask = 1; mask < 1 << k; mask++) {
      const inputs = this.inputs;
      inputs.volatility = null;
      inputs.correlation = null;
      inputs.exposure = state.exposure;
      inputs.market = view.market;
      for (let i = 0; i < k; i++) {
        if (!(mask & (1 << i))) continue;
        if (factors[i] === 'volatility') inputs.volatility = this.realisedVolatility;
        else if (factors[i] === 'correlation') inputs.correlation = this.realisedCorrelation;
        else {
          inputs.exposure = this.exposureIv;
          inputs.market = this.marketIv;
        }
      }
      reevaluation.reevaluate(state, inputs as RiskInputs, this.requirement);
      worth[mask] = this.requirement.value;
      if (!Number.isFinite(worth[mask])) return out;
    }
    out.realisedRequirement = worth[(1 << k) - 1];
    shapleyValues(k, worth, this.parts);
    for (let i = 0; i < k; i++) {
      if (factors[i] === 'volatility') out.volatilityPart = this.parts[i];
      else if (factors[i] === 'correlation') out.correlationPart = this.parts[i];
      else out.impliedVolatilityPart = this.parts[i];
    }
    out.attributed = true;
    out.cause = causeOf(out.volatilityPart, out.correlationPart, out.impliedVolatilityPart);
    return out;
  }

  /** True when an open position of the pool is not linear and its underlying has an implied volatility. */
  private optionsHeld(state: MarginState, view: RiskView): boolean {
    for (const p of state.members) {
      if (!state.open[p]) continue;
      const instrument = view.instrument(p);
      if (instrument.kind !== 'linear' && Number.isFinite(view.market.impliedVol[state.positions[p].assetIndex])) return true;
    }
    return false;
  }

  /** The step's market with the implied volatilities of `t + h`, and the exposures `q · delta` at it. */
  private exposuresAtRealisedVol(state: MarginState, view: RiskView, marketAtHorizon: MarketState): void {
    this.marketIv.copyFrom(view.market);
    this.marketIv.impliedVol.set(marketAtHorizon.impliedVol);
    view.markAt(this.marketIv, this.valueIv, this.deltaIv);
    for (let p = 0; p < this.positions; p++) this.exposureIv[p] = state.quantity[p] * this.deltaIv[p];
  }
}

/** The cause from the parts: correlation when its part is positive and strictly the largest; then implied volatility; else volatility. */
export function causeOf(volatilityPart: number, correlationPart: number, impliedVolatilityPart: number): UnderfundingCause {
  if (correlationPart > 0 && correlationPart > volatilityPart && correlationPart > impliedVolatilityPart) return 'correlation_breakdown';
  if (impliedVolatilityPart > 0 && impliedVolatilityPart > volatilityPart) return 'implied_volatility';
  return 'volatility';
}
