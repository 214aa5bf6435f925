import type { CorrelationEstimate } from '../../correlation/estimator.js';
import type { MarginState } from '../margin-method.js';

/**
 * A margin state that is another one with its estimate and/or step replaced: what an add-on hands a second
 * instance of the mode's method to price the same book on other observations (a stress period, a 10-year
 * lookback). One mutable object, refilled on every call: nothing is allocated per step.
 */
export class SubstituteState {
  private readonly state = {
    step: 0,
    positions: [] as MarginState['positions'],
    quantity: new Float64Array(0) as Float64Array,
    exposure: new Float64Array(0) as Float64Array,
    open: new Uint8Array(0) as Uint8Array,
    members: [] as readonly number[],
    estimate: null as CorrelationEstimate | null,
    view: null as unknown as MarginState['view'],
    lane: 0,
  };

  /** `base` with `estimate` (when given) and `step` (when given) replaced. */
  of(base: MarginState, estimate: CorrelationEstimate | null | undefined, step?: number): MarginState {
    const s = this.state;
    s.step = step ?? base.step;
    s.positions = base.positions;
    s.quantity = base.quantity;
    s.exposure = base.exposure;
    s.open = base.open;
    s.members = base.members;
    s.estimate = estimate === undefined ? base.estimate : estimate;
    s.view = base.view;
    s.lane = base.lane;
    return s;
  }
}
