import type { CorrelationEstimate, LaneEstimate } from '../correlation/estimator.js';
import type { MarketState } from '../market/market-state.js';
import type { PositionMarginRule, ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';

/**
 * The state a margin method sees at one step, for one pool of one mode: the positions, this mode's
 * quantities and delta-equivalent exposures, which positions are open, the correlation estimate, and the
 * risk view (per-unit values, greeks, values under shocked markets). Methods read it and never keep
 * references across steps.
 */
export interface MarginState {
  /** Index of the current step in the path (row of the price frame). */
  readonly step: number;
  readonly positions: readonly ResolvedPosition[];
  /** This mode's signed quantity per position. */
  readonly quantity: Float64Array;
  /** Signed delta-equivalent exposure `q_i · delta_i` per position (for linear positions `q_i · P_i(t)`). */
  readonly exposure: Float64Array;
  /** 1 when the position is open in the pool being evaluated, else 0. */
  readonly open: Uint8Array;
  /** Positions of the pool being evaluated (open or not); methods visit only these. */
  readonly members: readonly number[];
  /** The correlation estimate at this step, when the method needs one (null before warm-up). */
  readonly estimate: CorrelationEstimate | null;
  /** The step's marks: per-unit values, greeks on demand, values under shocks. */
  readonly view: RiskView;
  /** The lane (path of a block) being evaluated. */
  readonly lane: number;
}

/** What a method computes; a mutable struct reused across steps (no per-step allocation). */
export class Requirement {
  /** The requirement the pool's equity is compared with. */
  value = 0;
  /** `S`: Σ of each open position's standalone requirement. */
  standaloneSum = 0;
  /** The risk measure of the whole book before the cap, floor and add-ons. */
  diversified = 0;
  /** Diversification credit actually granted: `S − value` before floor/add-ons (0 for venue-style cross). */
  credit = 0;
  /** Standalone requirement per position of the pool (0 for closed ones; other pools' entries untouched). */
  readonly standalone: Float64Array;

  constructor(positions: number) {
    this.standalone = new Float64Array(positions);
  }
}

/**
 * `MarginState` for a block of paths run in lockstep (lanes): the same step, pool and mode on every lane, the
 * per-position arrays lane-major (`[ℓ · positions + p]`, positions as in `positions`), the view with one lane
 * per path. Only the lanes listed (`lanes[0 … count − 1]`) are evaluated; the others' entries are left alone.
 * With `separate`, every member is a pool of its own (isolated buckets): the method evaluates each one alone.
 */
export interface LaneMarginState {
  readonly step: number;
  readonly positions: readonly ResolvedPosition[];
  /** Positions of the pool being evaluated (the same on every lane); methods visit only these. */
  readonly members: readonly number[];
  /**
   * Each member is its own pool: the requirement of pool {p} on lane ℓ goes to `[ℓ · positions + p]` of
   * `value`, `standaloneSum`, `diversified` and `credit` (else a pool's goes to `[ℓ]`). Entries of a member
   * closed on a lane are not read (the ledger does not evaluate a closed pool) and may hold anything.
   */
  readonly separate: boolean;
  readonly quantity: Float64Array;
  readonly exposure: Float64Array;
  /** 1 when position p is open in this pool on lane ℓ (`[ℓ · positions + p]`); read only for members. */
  readonly open: Uint8Array;
  /** The estimate on every lane, when the method needs one (null before warm-up). */
  readonly estimate: LaneEstimate | null;
  /** The step's marks, one lane per path. */
  readonly view: RiskView;
  readonly lanes: Int32Array;
  readonly count: number;
}

/**
 * `Requirement` per lane: `value[ℓ]`, … and `standalone[ℓ · positions + p]`; for separate pools (see
 * `LaneMarginState.separate`) `value[ℓ · positions + p]`, … per member's pool.
 */
export class LaneRequirement {
  readonly value: Float64Array;
  readonly standaloneSum: Float64Array;
  readonly diversified: Float64Array;
  readonly credit: Float64Array;
  readonly standalone: Float64Array;

  constructor(lanes: number, positions: number, separate = false) {
    const pools = separate ? lanes * positions : lanes;
    this.value = new Float64Array(pools);
    this.standaloneSum = new Float64Array(pools);
    this.diversified = new Float64Array(pools);
    this.credit = new Float64Array(pools);
    this.standalone = new Float64Array(lanes * positions);
  }
}

/** What a method needs from the run, declared once (replaces the former `needsEstimate` / `warmupSteps`). */
export interface MethodNeeds {
  /** A correlation estimate from the scenario's estimator at every step. */
  readonly estimate: boolean;
  /** Steps of price history before the first requirement (0 when none). */
  readonly historySteps: number;
  /** The positions' greeks (`view.greeks()`). */
  readonly greeks: boolean;
}

/** A requirement method: maintenance sum (venue cross and isolated buckets) or a portfolio risk measure. */
export interface MarginMethod {
  /** Short label for reports, e.g. `maintenance-sum`, `parametric-var(99%, h=2)`. */
  readonly label: string;
  readonly needs: MethodNeeds;
  /**
   * Give the method the whole path before a run: historical methods precompute `h`-step returns (and, with
   * `impliedVol`, the at-the-money implied-volatility changes: per asset, row-aligned with the prices, null
   * for an asset without one; what the engine got as `RunOptions.impliedVol`). The method must only read
   * rows ≤ the step it is evaluated at.
   */
  bind(columns: readonly Float64Array[], impliedVol?: readonly (Float64Array | null)[]): void;
  evaluate(state: MarginState, out: Requirement): void;
  /**
   * `evaluate` on every listed lane of a block of paths at once (the Monte Carlo lockstep kernel): for each
   * lane ℓ it writes into `out` (at `ℓ`, and `standalone` at `[ℓ · positions + p]` for the members; with
   * `separate`, each member's pool at `[ℓ · positions + p]`) exactly what `evaluate` would write for lane ℓ's
   * `MarginState`, bit for bit; `diagnostics` are left undefined (the kernel records no series). A method with
   * a lane form keeps no per-path state (`bind` does nothing it reads). Optional: a mode whose method lacks
   * it runs on the general engine, one path at a time.
   */
  evaluateLanes?(state: LaneMarginState, out: LaneRequirement): void;
  /**
   * Euler allocation of the requirement `evaluate` just computed: called right after it, with the same
   * state and the same `requirement`, it writes each member position's component into `out[p]` (0 for
   * members that are closed; other entries untouched). The components sum to `requirement.value` (to
   * rounding, 1e-9 relative). For a risk measure `ρ(e)` that is positively homogeneous of degree 1 in the
   * exposures, the component of position `i` is `e_i ∂ρ/∂e_i` (Euler's theorem: they add up to `ρ`):
   * parametric VaR `z √h e_i σ_a (ρ D x)_a / σ_p`; historical VaR each position's loss in the scenario that
   * sets the VaR; expected shortfall its mean loss over the tail scenarios; a scenario grid its loss in the
   * worst scenario. The cap, floor and add-on are then allocated by `allocateDiversificationRules`.
   * Optional: a method without it cannot be allocated (reports say so).
   */
  allocate?(state: MarginState, requirement: Requirement, out: Float64Array): void;
  /**
   * Figures the method reports about its last `evaluate` beyond the requirement (e.g. which grid scenario
   * was worst, the size of an add-on): `names[k]` is recorded per step as the series `<mode>.<name>` from
   * `values[k]` (NaN when it does not apply). Optional; declared once, written by `evaluate`.
   */
  readonly diagnostics?: { readonly names: readonly string[]; readonly values: Float64Array };
  /**
   * Set when the requirement is `scale × Σ` of the open positions' maintenance margins, each from
   * `rules[p]` (or the position's own rule when `rules` is absent): venue-style cross and isolated buckets,
   * scale 1; a venue's portfolio-margin threshold such as Binance's uniMMR, its liquidation ratio.
   * Liquidation prices then have closed forms. Optional.
   */
  readonly maintenanceSum?: { readonly scale: number; readonly rules?: readonly PositionMarginRule[] };
  /**
   * For stress-scenario methods (scenario grids): the moves its last `evaluate` covered at full weight, per
   * asset: the largest relative price moves down (≤ 0) and up (≥ 0), and the at-the-money implied-volatility
   * moves down and up (absolute, ≥ 0; 0 when the grid has no such scenario). NaN for assets the pool does
   * not hold. The margin backtest reads it to say whether a realised move lay outside the grid.
   */
  readonly coveredMoves?: CoveredMoves;
  /**
   * How the requirement responds to other inputs: what the margin backtest's factor attribution substitutes
   * (see `Reevaluation`). Optional: without it an exceedance of the mode is recorded as unattributed.
   */
  readonly reevaluation?: Reevaluation;
}

/** The inputs a method's risk measure reads, as attribution varies them. */
export type RiskFactor = 'volatility' | 'correlation' | 'impliedVolatility';

/**
 * The inputs a requirement is re-evaluated with. `null` keeps the method's own input at the step (its
 * estimate); an array substitutes it. Exposures and the market always come with the evaluation: they carry
 * the implied volatilities (an option's delta, and so its exposure, moves with its volatility).
 */
export interface RiskInputs {
  /** One-step volatility of every asset (log returns, the estimator's unit), or null for the method's own. */
  readonly volatility: Float64Array | null;
  /** Correlation of every pair of assets (`assets × assets`, row-major), or null for the method's own. */
  readonly correlation: Float64Array | null;
  /** Signed delta-equivalent exposure per position at `market` (the state's own when the vols are the step's). */
  readonly exposure: Float64Array;
  /** The step's market with the implied volatilities of this evaluation (methods that revalue read it). */
  readonly market: MarketState;
}

/**
 * Re-evaluation of a method's own risk measure with other inputs, for the factor attribution of margin
 * exceedances: the monitor asks for the requirement with realised volatility, realised correlation and
 * realised implied volatility substituted one by one and together, and splits the change between them
 * (Shapley). A method implements it when its requirement reads any of those inputs; a grid or greeks
 * method reads the implied volatilities from `inputs.market` and the exposures from `inputs.exposure`.
 */
export interface Reevaluation {
  /** Which inputs change the requirement: the factors attribution splits between (the others' parts are 0). */
  readonly factors: readonly RiskFactor[];
  /**
   * The volatilities and correlation the method used at the state's step (called after `evaluate` at that
   * step), for every asset: the estimate for parametric VaR, the lookback's own sample for historical
   * simulation. Returns false when it used none (the arrays are then left as they were).
   */
  estimated(state: MarginState, volatility: Float64Array, correlation: Float64Array): boolean;
  /**
   * The requirement at `state` with `inputs` instead of the method's own, written to `out` as `evaluate`
   * writes it (the same cap, floor and add-on). With every input null and the state's exposures it equals
   * `evaluate`. `out.value` NaN: the measure cannot be re-evaluated with these inputs (said in the event).
   */
  reevaluate(state: MarginState, inputs: RiskInputs, out: Requirement): void;
}

/** See `MarginMethod.coveredMoves`. */
export interface CoveredMoves {
  readonly priceDown: Float64Array;
  readonly priceUp: Float64Array;
  readonly volatilityDown: Float64Array;
  readonly volatilityUp: Float64Array;
}

/** Needs of a method that reads nothing but the step's marks. */
export const NEEDS_NOTHING: MethodNeeds = { estimate: false, historySteps: 0, greeks: false };
