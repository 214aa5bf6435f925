import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { Position } from '../portfolio/position.js';

/**
 * The state a margin method sees at one step: positions, their current signed exposures and which are
 * open. Methods read it and never keep references across steps.
 */
export interface MarginState {
  /** Index of the current step in the path (row of the price frame). */
  readonly step: number;
  readonly positions: readonly Position[];
  /** Signed exposure `q_i · P_i(t)` per position (closed ones are ignored). */
  readonly exposure: Float64Array;
  /** 1 when the position is open in the pool being evaluated, else 0. */
  readonly open: Uint8Array;
  /** Positions of the pool being evaluated (open or not); methods visit only these. */
  readonly members: readonly number[];
  /** The correlation estimate at this step, when the method needs one (null before warm-up). */
  readonly estimate: CorrelationEstimate | null;
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

/** A requirement method: maintenance sum (venue cross and isolated buckets) or a portfolio risk measure. */
export interface MarginMethod {
  /** Short label for reports, e.g. `maintenance-sum`, `parametric-var(99%, h=2)`. */
  readonly label: string;
  /** Steps of history the method needs before its first requirement (0 when none). */
  readonly warmupSteps: number;
  /** Whether the method needs a correlation estimate. */
  readonly needsEstimate: boolean;
  /**
   * Give the method the whole price path before a run: historical methods precompute `h`-step returns.
   * The method must only read rows ≤ the step it is evaluated at.
   */
  bind(columns: readonly Float64Array[]): void;
  evaluate(state: MarginState, out: Requirement): void;
}
