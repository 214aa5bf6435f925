import type { MarginMethod, MarginState, MethodNeeds, Requirement, RiskInputs } from '../margin-method.js';
import { ADD_ON_BASE_SERIES, type AddOn } from './add-on.js';

/**
 * A portfolio method with its add-ons around it, as the portfolio mode kind builds it: `evaluate` runs the
 * method, then each add-on in order on the requirement so far. Its diagnostics are the method's own, then
 * `addon.base` (the method's requirement before any add-on), each add-on's contribution under `names[k]`,
 * and each add-on's own figures under `names[k].<figure>`. It allocates when the method does: the method's
 * Euler components, then each add-on's rewrite of them (see `AddOn.allocate`). Attribution re-evaluates the
 * method with the add-ons held at the step's charge.
 */
export function withAddOns(method: MarginMethod, addOns: readonly AddOn[], names: readonly string[]): MarginMethod {
  const inner = method.diagnostics;
  const innerCount = inner?.names.length ?? 0;
  const diagnosticNames = [...(inner?.names ?? []), ADD_ON_BASE_SERIES];
  const contributionSlot: number[] = [];
  const ownSlot: number[] = [];
  addOns.forEach((addOn, k) => {
    contributionSlot.push(diagnosticNames.length);
    diagnosticNames.push(names[k]);
    ownSlot.push(diagnosticNames.length);
    for (const figure of addOn.diagnostics?.names ?? []) diagnosticNames.push(`${names[k]}.${figure}`);
  });
  const values = new Float64Array(diagnosticNames.length);
  /** The requirement value before add-on k (stage[K] = final), for allocation. */
  const stage = new Float64Array(addOns.length + 1);
  const allocate = method.allocate?.bind(method);
  const reevaluation = method.reevaluation;
  return {
    label: `${method.label} + ${addOns.map((a) => a.label).join(' + ')}`,
    needs: mergeNeeds(method.needs, addOns.map((a) => a.needs)),
    bind(columns) {
      method.bind(columns);
      for (const addOn of addOns) addOn.bind(columns);
    },
    evaluate(state: MarginState, out: Requirement): void {
      method.evaluate(state, out);
      if (inner) for (let k = 0; k < innerCount; k++) values[k] = inner.values[k];
      values[innerCount] = out.value;
      for (let k = 0; k < addOns.length; k++) {
        stage[k] = out.value;
        values[contributionSlot[k]] = addOns[k].apply(state, out);
        const own = addOns[k].diagnostics;
        if (own) for (let f = 0; f < own.values.length; f++) values[ownSlot[k] + f] = own.values[f];
      }
      stage[addOns.length] = out.value;
    },
    allocate: allocate
      ? (state: MarginState, requirement: Requirement, out: Float64Array) => {
          allocate(state, requirement, out);
          for (let k = 0; k < addOns.length; k++) addOns[k].allocate(state, requirement, stage[k], out);
        }
      : undefined,
    diagnostics: { names: diagnosticNames, values },
    // A grid's covered moves are the method's own: the add-ons charge on top, they do not widen the grid.
    ...(method.coveredMoves ? { coveredMoves: method.coveredMoves } : {}),
    // Attribution: the method re-evaluated with the substituted inputs, the add-ons held at what they charged
    // at the step (stage[K] − stage[0]); the change is the method's own, split between its factors.
    ...(reevaluation
      ? {
          reevaluation: {
            factors: reevaluation.factors,
            estimated: (state: MarginState, volatility: Float64Array, correlation: Float64Array) => reevaluation.estimated(state, volatility, correlation),
            reevaluate(state: MarginState, inputs: RiskInputs, out: Requirement): void {
              reevaluation.reevaluate(state, inputs, out);
              out.value += stage[addOns.length] - stage[0];
            },
          },
        }
      : {}),
  };
}

/** The needs of a method and its add-ons together: any estimate or greeks, the longest history. */
export function mergeNeeds(first: MethodNeeds, others: readonly MethodNeeds[]): MethodNeeds {
  let { estimate, historySteps, greeks } = first;
  for (const n of others) {
    estimate ||= n.estimate;
    greeks ||= n.greeks;
    historySteps = Math.max(historySteps, n.historySteps);
  }
  return { estimate, historySteps, greeks };
}
