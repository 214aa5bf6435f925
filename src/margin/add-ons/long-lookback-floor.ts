import { XmarginError } from '../../core/errors.js';
import type { CorrelationEstimate } from '../../correlation/estimator.js';
import { RollingWindowMoments } from '../../correlation/rolling-window-moments.js';
import { ensureValidCorrelation } from '../../linalg/ensure-valid-correlation.js';
import { Requirement, type MarginMethod, type MarginState } from '../margin-method.js';
import type { AddOn, AddOnContext } from './add-on.js';
import { requireData } from './stress-period.js';
import { SubstituteState } from './substitute-state.js';

/** What happens when the path has less history than the lookback asks for. */
export type FloorHistoryPolicy = 'required' | 'available';

/** Smallest lookback of scenarios the `available` policy accepts for a lookback method (the methods' own minimum). */
const MIN_SCENARIOS = 20;

/**
 * EMIR RTS 153/2013 Art. 28(1)(c): "ensuring that its margin requirements are not lower than those that would
 * be calculated using volatility estimated over a 10 year historical lookback period". The margin called is
 * `max(R, R_long)`, `R_long` the mode's method (cap, floor and add-on included) on the long lookback ending at
 * the step — never anything after it:
 *
 * - a method that reads the correlation estimate (parametric VaR): the sample volatilities (divisor n − 1) and
 *   Pearson correlation of the last `L` one-step log returns of the path (`RollingWindowMoments`, O(n²) a step);
 * - a method with a `lookback` of h-step scenarios (historical VaR/ES): the same method with `L` scenarios.
 *
 * `L = round(years × periods per year)`. Policy `required`: the book cannot open before `L` steps of history
 * (the run waits for them; a scenario that cannot give them is refused at load time). Policy `available`: the
 * floor uses the history there is, up to `L` — a growing window for estimate methods, the longest lookback the
 * opening step allows for lookback methods (fixed for the path) — and its `lookback` series says how long it
 * was, so a report can say on how many steps the floor was shorter than asked.
 *
 * Allocation: where the floor binds, the long-lookback method's own Euler components replace the others.
 */
export function longLookbackFloor(options: {
  readonly steps: number;
  readonly years: number;
  readonly policy: FloorHistoryPolicy;
  readonly horizonSteps: number;
  readonly assets: number;
  /** Estimate methods: the method to evaluate on the long-window estimate. */
  readonly estimateMethod?: MarginMethod;
  /** Lookback methods: build the method with `lookback` scenarios. */
  readonly lookbackMethod?: (lookback: number) => MarginMethod;
  readonly path: string;
}): AddOn {
  const { steps, policy, horizonSteps: h, assets: n } = options;
  const substitute = new SubstituteState();
  const values = new Float64Array(2);
  let floor: Requirement | null = null;
  let binds = false;
  let components = new Float64Array(0);
  let columns: readonly Float64Array[] = [];

  // Estimate methods: the long window's moments, fed the path's returns up to the step.
  const moments = options.estimateMethod ? new RollingWindowMoments(n, steps) : null;
  const row = new Float64Array(n);
  const correlation = new Float64Array(n * n);
  const volatility = new Float64Array(n);
  const scratch = new Float64Array(n * n);
  const estimate: CorrelationEstimate = { n, correlation, volatility, repairDistance: 0, repaired: false };
  let fedTo = 0;

  // Lookback methods: one instance per lookback length (fixed under `required`, chosen at the opening under `available`).
  const byLookback = new Map<number, MarginMethod>();
  let method: MarginMethod | null = null;
  let methodLookback = steps;
  const lookbackMethod = (lookback: number) => {
    let m = byLookback.get(lookback);
    if (!m) {
      m = options.lookbackMethod!(lookback);
      byLookback.set(lookback, m);
    }
    methodLookback = lookback;
    return m;
  };
  if (options.lookbackMethod && policy === 'required') method = lookbackMethod(steps);

  const history = policy === 'required' ? (moments ? steps : steps + h - 1) : 0;
  return {
    kind: 'anti-procyclicality',
    label: `apc-floor(${options.years}y${policy === 'available' ? ', available' : ''})`,
    needs: { estimate: false, historySteps: history, greeks: false },
    bind(path) {
      columns = path;
      fedTo = 0;
      moments?.reset();
      if (options.lookbackMethod) {
        if (policy === 'available') method = null;
        else method!.bind(path);
      }
    },
    apply(state: MarginState, requirement: Requirement): number {
      if (!floor || floor.standalone.length !== requirement.standalone.length) floor = new Requirement(requirement.standalone.length);
      const t = state.step;
      let lookback: number;
      if (moments) {
        for (let s = fedTo + 1; s <= t; s++) {
          for (let a = 0; a < n; a++) row[a] = Math.log(columns[a][s] / columns[a][s - 1]);
          moments.push(row);
        }
        if (t > fedTo) fedTo = t;
        moments.writeCorrelation(correlation, volatility);
        ensureValidCorrelation(correlation, n, scratch);
        lookback = moments.count;
        options.estimateMethod!.evaluate(substitute.of(state, estimate), floor);
      } else {
        if (!method) {
          const available = Math.min(steps, t - h + 1);
          if (available < MIN_SCENARIOS) {
            throw new XmarginError('E_INPUT_SCENARIO', `the floor's lookback has ${available} h-step scenarios at the opening; expected at least ${MIN_SCENARIOS} (open the book later)`, { path: options.path });
          }
          method = lookbackMethod(available);
          method.bind(columns);
        }
        lookback = methodLookback;
        method.evaluate(state, floor);
      }
      values[0] = floor.value;
      values[1] = lookback;
      binds = floor.value > requirement.value;
      const contribution = binds ? floor.value - requirement.value : 0;
      requirement.value += contribution;
      return contribution;
    },
    allocate(state: MarginState, _requirement: Requirement, _before: number, out: Float64Array): void {
      if (!binds) return;
      const floorMethod = moments ? options.estimateMethod! : method!;
      if (!floorMethod.allocate) throw new XmarginError('E_INPUT_SCENARIO', 'the floor add-on cannot allocate: its method does not');
      if (components.length !== out.length) components = new Float64Array(out.length);
      floorMethod.allocate(moments ? substitute.of(state, estimate) : state, floor!, components);
      for (const p of state.members) if (state.open[p]) out[p] = components[p];
    },
    diagnostics: { names: ['floor', 'lookback'], values },
  };
}

/**
 * Build the floor tool from a scenario. Under `required`, a scenario whose data cannot give the lookback is
 * refused here, with the numbers: how many steps the lookback needs and how many the data (or `openAt`) leaves.
 */
export function longLookbackFloorFromSpec(spec: { years: number; history: FloorHistoryPolicy }, context: AddOnContext): AddOn {
  const data = requireData(context, context.path, 'the long-lookback floor');
  const steps = Math.round(spec.years * data.periodsPerYear);
  const base = context.createMethod({});
  const h = context.horizonSteps;
  const lookbackMethod = typeof context.mode.lookback === 'number' && !base.needs.estimate;
  if (!base.needs.estimate && !lookbackMethod) {
    throw new XmarginError('E_INPUT_SCENARIO', `the floor tool needs a method that reads the correlation estimate or a lookback of scenarios; method ${String(context.mode.method)} has neither`, { path: `${context.path}.tool` });
  }
  if (spec.history === 'required') {
    const needed = base.needs.estimate ? steps : steps + h - 1;
    const what = `a ${spec.years}-year lookback is ${steps} steps of this data (${data.periodsPerYear} a year) and needs ${needed} steps of history before the book opens`;
    const hint = 'give more history (an earlier data.from), fewer years (EMIR asks for 10), or history: "available" to use what there is';
    if (data.openStep !== undefined && data.openStep < needed) {
      throw new XmarginError('E_INPUT_SCENARIO', `${what}; openAt leaves ${data.openStep}: ${hint}`, { path: `${context.path}.years` });
    }
    if (data.rows <= needed + h) {
      throw new XmarginError('E_INPUT_SCENARIO', `${what}; the data has ${data.rows} rows: ${hint}`, { path: `${context.path}.years` });
    }
  }
  return longLookbackFloor({
    steps,
    years: spec.years,
    policy: spec.history,
    horizonSteps: h,
    assets: context.assets,
    estimateMethod: base.needs.estimate ? base : undefined,
    lookbackMethod: lookbackMethod ? (lookback) => context.createMethod({ lookback }) : undefined,
    path: context.path,
  });
}
