import type { MarginState, Requirement } from '../margin-method.js';
import type { AddOn } from './add-on.js';

export interface MarginBufferOptions {
  /** The buffer `b` as a share of the calculated margin (EMIR: at least 0.25). */
  readonly buffer: number;
  /** Steps over which a rise of the calculated margin is measured. */
  readonly window: number;
  /** The calculated margin is "rising significantly" when `R_t > (1 + threshold) · R_(t − window)`. */
  readonly threshold: number;
  /** Steps over which a fully drawn buffer is rebuilt once the rise is over (linear, `b / replenishSteps` a step). */
  readonly replenishSteps: number;
}

/**
 * EMIR RTS 153/2013 Art. 28(1)(a): "a margin buffer at least equal to 25 % of the calculated margins which it
 * allows to be temporarily exhausted in periods where calculated margin requirements are rising
 * significantly". With `R_t` the calculated margin (the requirement before this add-on), the margin called is
 * `C_t = (1 + a_t) R_t`, `a_t` the share of the buffer available:
 *
 * - first step of a path: `a = b` (the full buffer);
 * - rising significantly (`R_t > (1 + θ) R_(t−w)`, w steps back): the buffer absorbs the rise — the call
 *   stays where it was until the calculated margin catches up, `C_t = max(R_t, min((1 + b) R_t, C_(t−1)))`,
 *   so `a_t = C_t / R_t − 1 ∈ [0, b]`;
 * - otherwise the buffer is rebuilt: `a_t = min(b, a_(t−1) + b / replenishSteps)`.
 *
 * The contribution is `a_t · R_t`. State moves on only when the step does (a step evaluated several times
 * gives the same answer); `bind` starts a path. Allocation: pro rata of the components so far (`C/R`
 * scales every one). O(1) per step, a ring of `window` past margins.
 */
export function marginBuffer(options: MarginBufferOptions): AddOn {
  const { buffer, window, threshold, replenishSteps } = options;
  const past = new Float64Array(window);
  let committed = 0;
  let step = -1;
  // The step being evaluated (candidate) and the last step committed.
  let margin = 0;
  let called = 0;
  let available = 0;
  let calledBefore = 0;
  let availableBefore = 0;
  const values = new Float64Array(2);
  return {
    kind: 'anti-procyclicality',
    label: `apc-buffer(${+(buffer * 100).toFixed(2)}%)`,
    needs: { estimate: false, historySteps: 0, greeks: false },
    bind() {
      committed = 0;
      step = -1;
    },
    apply(state: MarginState, requirement: Requirement): number {
      if (state.step !== step) {
        if (step >= 0) {
          past[committed % window] = margin;
          committed++;
          calledBefore = called;
          availableBefore = available;
        }
        step = state.step;
      }
      margin = requirement.value;
      let drawn = 0;
      if (committed === 0) {
        available = buffer;
      } else {
        const earlier = committed >= window ? past[(committed - window) % window] : NaN;
        if (earlier > 0 && margin > (1 + threshold) * earlier) {
          drawn = 1;
          const call = Math.max(margin, Math.min((1 + buffer) * margin, calledBefore));
          available = margin > 0 ? Math.min(buffer, Math.max(0, call / margin - 1)) : buffer;
        } else {
          available = Math.min(buffer, availableBefore + buffer / replenishSteps);
        }
      }
      const contribution = available * margin;
      called = margin + contribution;
      values[0] = available;
      values[1] = drawn;
      requirement.value = called;
      return contribution;
    },
    allocate(state: MarginState, _requirement: Requirement, before: number, components: Float64Array): void {
      if (!(before > 0)) return;
      const factor = 1 + available;
      for (const p of state.members) if (state.open[p]) components[p] *= factor;
    },
    diagnostics: { names: ['available', 'drawn'], values },
  };
}
