import type { RunEvent } from './events.js';

/** What one mode did along one path. */
export interface ModeOutcome {
  readonly name: string;
  readonly kind: string;
  readonly method: string;
  /** Liquidation events (an isolated bucket, a partial close or the whole account each count once). */
  liquidations: number;
  positionsLiquidated: number;
  /** True when every position of this mode was closed by liquidation before the end of the path. */
  wipedOut: boolean;
  firstLiquidationStep: number;
  badDebt: number;
  liquidationFees: number;
  fundingFees: number;
  finalEquity: number;
  /** Smallest pool headroom (equity − requirement) seen while positions were open. */
  minHeadroom: number;
  meanRequirement: number;
  meanStandaloneSum: number;
  meanGross: number;
  /** Steps with at least one open position. */
  stepsOpen: number;
}

/** The margin backtest of one cross mode along one path. */
export interface CoverageTally {
  readonly mode: string;
  observations: number;
  exceedances: number;
  /** Exceedances by attributed cause (they add up to `exceedances`). */
  correlationBreakdown: number;
  volatility: number;
  impliedVolatility: number;
  /** Exceedances the standalone sum would have covered (`L ≤ S`), whatever their cause. */
  standaloneCovered: number;
  /** Exceedances that could not be attributed (counted under `volatility`). */
  unattributed: number;
  /** Runs of consecutive exceedance steps. */
  periods: number;
  maxShortfall: number;
  sumShortfall: number;
  /** `sumShortfall` split by cause (Monte Carlo reports the expected size of each). */
  breakdownShortfall: number;
  volatilityShortfall: number;
  impliedVolatilityShortfall: number;
  /** Hit sequence in observation order (1 = exceedance); empty when not recorded. */
  hits: Uint8Array;
}

/**
 * Isolated liquidations a shared-pool mode kept alive. Each is *avoided for good* (the mode never liquidated
 * the position later) or *postponed* (it did): `count = forGood + postponed`, and the capital saved splits
 * the same way.
 */
export interface AvoidedTally {
  readonly mode: string;
  count: number;
  capitalSaved: number;
  isolatedLoss: number;
  forGood: number;
  capitalSavedForGood: number;
  postponed: number;
  capitalSavedPostponed: number;
}

/**
 * Counts one liquidation isolated margin took and a cross mode did not, when the path has ended: for good
 * when the cross mode never closed the position (`postponed` false), else postponed; `capitalSaved` (net:
 * what the kept position made or lost in the cross mode, plus the isolated close-out's loss) goes to the
 * total and to its group. The general engine's detector and the block kernel's lane detector both count
 * through here.
 */
export function countAvoided(tally: AvoidedTally, capitalSaved: number, postponed: boolean): void {
  tally.capitalSaved += capitalSaved;
  if (postponed) {
    tally.postponed++;
    tally.capitalSavedPostponed += capitalSaved;
  } else {
    tally.forGood++;
    tally.capitalSavedForGood += capitalSaved;
  }
}

export interface PathOutcome {
  readonly openStep: number;
  readonly lastStep: number;
  readonly modes: ModeOutcome[];
  readonly coverage: CoverageTally[];
  readonly avoided: AvoidedTally[];
  /** Every event, in step order (empty unless events were collected). */
  readonly events: RunEvent[];
  /** Per-step series, one column per name (empty unless recorded). */
  readonly series: Map<string, Float64Array>;
}
