import type { Requirement } from './margin-method.js';

/** Parameters of the portfolio-margin requirement around the risk measure. */
export interface DiversificationRules {
  /** Share of the diversification credit `D = S − diversified` that may be kept (EU clearing: at most 0.8). */
  cap: number;
  /** Floor as a fraction of gross notional: `R ≥ floor × Σ|e_i|`. */
  floor: number;
  /** Add-on as a fraction of gross notional, added after the cap and floor. */
  addOn: number;
}

/**
 * Turn a whole-book risk measure into the requirement: `R = S − cap × max(D, 0)` with `D = S − diversified`,
 * then the floor, then the add-on. So `diversified ≤ R ≤ S` before floor/add-on, whatever the estimate.
 */
export function applyDiversificationRules(out: Requirement, gross: number, rules: DiversificationRules): void {
  const credit = out.standaloneSum - out.diversified;
  const kept = credit > 0 ? rules.cap * credit : 0;
  let value = out.standaloneSum - kept;
  out.credit = kept;
  const floor = rules.floor * gross;
  if (value < floor) value = floor;
  out.value = value + rules.addOn * gross;
}
