import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { MarginMethod, MarginState, Reevaluation, RiskFactor, RiskInputs, Requirement } from './margin-method.js';

/** Which parts of the correlation estimate a method's requirement reads. */
export interface EstimateReads {
  readonly volatility: boolean;
  readonly correlation: boolean;
}

/**
 * Re-evaluation (factor attribution) for a method whose requirement is a function of the step's marks, the
 * exposures and, where it reads one, the correlation estimate — a scenario grid, the greeks method, a venue's
 * portfolio rule. It runs the method's own `evaluate` again on the state with:
 *
 * - the book marked at `inputs.market` (the step's market with the realised implied volatilities) on a
 *   scratch view of the book, when that market is not the step's;
 * - `inputs.exposure` as the exposures;
 * - an estimate whose volatilities and correlation are `inputs.volatility` / `inputs.correlation` where given.
 *
 * With every input the step's own it is `evaluate` on the same state, bit for bit. The method's per-step
 * outputs that others read after the evaluation (its diagnostics, the moves a grid covered) are put back as
 * the step's evaluation left them, so the recorded series and the grid-coverage label stay the step's own.
 * Only exceedances are attributed, so the few objects made per call are not in the step loop.
 */
export function revaluingReevaluation(method: MarginMethod, reads: EstimateReads): Reevaluation {
  const factors: RiskFactor[] = [];
  if (reads.volatility) factors.push('volatility');
  if (reads.correlation) factors.push('correlation');
  factors.push('impliedVolatility');
  let scratch: RiskView | null = null;
  let savedDiagnostics = new Float64Array(0);
  const covered = method.coveredMoves;
  const savedCovered = covered ? [covered.priceDown, covered.priceUp, covered.volatilityDown, covered.volatilityUp].map((a) => new Float64Array(a.length)) : [];

  return {
    factors,
    estimated(state: MarginState, volatility: Float64Array, correlation: Float64Array): boolean {
      const estimate = state.estimate;
      if (!estimate || !(reads.volatility || reads.correlation)) return false;
      volatility.set(estimate.volatility);
      correlation.set(estimate.correlation);
      return true;
    },
    reevaluate(state: MarginState, inputs: RiskInputs, out: Requirement): void {
      let view = state.view;
      if (inputs.market !== view.market) {
        if (inputs.market.lanes !== view.lanes || inputs.market.assets !== view.market.assets) {
          out.value = out.standaloneSum = out.diversified = out.credit = Number.NaN;
          return;
        }
        scratch ??= view.scratch();
        scratch.market.copyFrom(inputs.market);
        scratch.markPositions(state.members);
        view = scratch;
      }
      const own = state.estimate;
      let estimate: CorrelationEstimate | null = own;
      if (own && ((reads.volatility && inputs.volatility) || (reads.correlation && inputs.correlation))) {
        estimate = {
          ...own,
          volatility: reads.volatility && inputs.volatility ? inputs.volatility : own.volatility,
          correlation: reads.correlation && inputs.correlation ? inputs.correlation : own.correlation,
        };
      }
      const diagnostics = method.diagnostics?.values;
      if (diagnostics) {
        if (savedDiagnostics.length !== diagnostics.length) savedDiagnostics = new Float64Array(diagnostics.length);
        savedDiagnostics.set(diagnostics);
      }
      if (covered) [covered.priceDown, covered.priceUp, covered.volatilityDown, covered.volatilityUp].forEach((a, i) => savedCovered[i].set(a));
      try {
        method.evaluate({ ...state, view, exposure: inputs.exposure, estimate }, out);
      } finally {
        if (diagnostics) diagnostics.set(savedDiagnostics);
        if (covered) [covered.priceDown, covered.priceUp, covered.volatilityDown, covered.volatilityUp].forEach((a, i) => a.set(savedCovered[i]));
      }
    },
  };
}

/** `method` with `revaluingReevaluation` attached (its other members unchanged). */
export function withRevaluingReevaluation(method: MarginMethod, reads: EstimateReads): MarginMethod {
  return { ...method, reevaluation: revaluingReevaluation(method, reads) };
}
