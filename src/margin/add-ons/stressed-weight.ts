import { XmarginError } from '../../core/errors.js';
import type { CorrelationEstimate } from '../../correlation/estimator.js';
import { stressedCorrelationFromReturns } from '../../correlation/stressed-correlation-from-returns.js';
import { Requirement, type MarginMethod, type MarginState } from '../margin-method.js';
import type { AddOn, AddOnContext } from './add-on.js';
import { logReturnColumns, requireData, stressPeriodRows, type StressPeriod } from './stress-period.js';
import { SubstituteState } from './substitute-state.js';

/**
 * EMIR RTS 153/2013 Art. 28(1)(b): "assigning at least 25 % weight to stressed observations in the lookback
 * period". The margin called is the weighted mean of the mode's requirement on its own observations and the
 * same method's requirement on a stress period's observations, `C = (1 − w)·R + w·R_stressed`, so the
 * contribution is `w·(R_stressed − R)` (negative in a crisis worse than the stress period: the blend then
 * dampens the rise, which is what the option is for). `R_stressed` is the mode's method, with its cap, floor
 * and add-on, evaluated on today's book against
 *
 * - a method that reads the correlation estimate (parametric VaR): the period's sample volatilities and
 *   Pearson correlation of one-step log returns (both ends of each return inside the period);
 * - a method with a `lookback` of h-step scenarios (historical VaR/ES): the period's overlapping h-step
 *   price moves, `L_s = rows − h` scenarios (at least 20).
 *
 * Allocation: `(1 − w)·c_i + w·c^s_i`, the stressed method's own Euler components.
 */
export function stressedWeight(options: {
  readonly weight: number;
  readonly period: StressPeriod;
  readonly stressedMethod: MarginMethod;
  /** The period's estimate (methods that read one), or the step at which the stressed method is evaluated (lookback methods). */
  readonly stressedEstimate?: CorrelationEstimate;
  readonly stressedStep?: number;
  /** Bind the stressed method (once) to the columns it reads. */
  readonly stressedColumns?: readonly Float64Array[];
}): AddOn {
  const { weight, stressedMethod, stressedEstimate, stressedStep } = options;
  const substitute = new SubstituteState();
  let stressed: Requirement | null = null;
  let components = new Float64Array(0);
  let bound = false;
  const values = new Float64Array(1);
  return {
    kind: 'anti-procyclicality',
    label: `apc-stressed(${+(weight * 100).toFixed(2)}% on ${options.period.from}..${options.period.to})`,
    needs: { estimate: stressedMethod.needs.estimate, historySteps: 0, greeks: stressedMethod.needs.greeks },
    bind() {
      if (!bound && options.stressedColumns) stressedMethod.bind(options.stressedColumns);
      bound = true;
    },
    apply(state: MarginState, requirement: Requirement): number {
      if (!stressed || stressed.standalone.length !== requirement.standalone.length) stressed = new Requirement(requirement.standalone.length);
      stressedMethod.evaluate(substitute.of(state, stressedEstimate, stressedStep), stressed);
      values[0] = stressed.value;
      const contribution = weight * (stressed.value - requirement.value);
      requirement.value += contribution;
      return contribution;
    },
    allocate(state: MarginState, _requirement: Requirement, _before: number, out: Float64Array): void {
      if (!stressedMethod.allocate) throw new XmarginError('E_INPUT_SCENARIO', 'the stressed-weight add-on cannot allocate: its method does not');
      if (components.length !== out.length) components = new Float64Array(out.length);
      stressedMethod.allocate(substitute.of(state, stressedEstimate, stressedStep), stressed!, components);
      for (const p of state.members) if (state.open[p]) out[p] = (1 - weight) * out[p] + weight * components[p];
    },
    diagnostics: { names: ['stressed'], values },
  };
}

/** Build the stressed-weight tool from a scenario: resolve the period against the data file and the mode's method. */
export function stressedWeightFromSpec(spec: { weight: number; period: StressPeriod }, context: AddOnContext): AddOn {
  const path = `${context.path}.period`;
  const data = requireData(context, path, 'a stress period');
  const base = context.createMethod({});
  if (base.needs.estimate) {
    const rows = stressPeriodRows(data.history.time, spec.period, 3, path);
    const s = stressedCorrelationFromReturns(logReturnColumns(data.history.columns), rows.first, rows.last);
    const estimate: CorrelationEstimate = { n: context.assets, correlation: s.correlation, volatility: s.volatility, repairDistance: 0, repaired: false };
    return stressedWeight({ weight: spec.weight, period: spec.period, stressedMethod: base, stressedEstimate: estimate });
  }
  if (typeof context.mode.lookback === 'number') {
    const h = context.horizonSteps;
    const rows = stressPeriodRows(data.history.time, spec.period, h + 20, path);
    const scenarios = rows.last - rows.first + 1 - h;
    const stressedMethod = context.createMethod({ lookback: scenarios });
    return stressedWeight({ weight: spec.weight, period: spec.period, stressedMethod, stressedStep: rows.last, stressedColumns: data.history.columns });
  }
  throw new XmarginError('E_INPUT_SCENARIO', `the stressed-weight tool needs a method that reads the correlation estimate or a lookback of scenarios; method ${String(context.mode.method)} has neither`, { path: `${context.path}.tool` });
}
