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
  const kept = keptCredit(out.standaloneSum, out.diversified, rules);
  out.credit = kept;
  out.value = cappedRequirement(out.standaloneSum, kept, gross, rules);
}

/** The credit kept: `cap × (S − diversified)` when positive, else 0 (`applyDiversificationRules`, one lane at a time too). */
export function keptCredit(standaloneSum: number, diversified: number, rules: DiversificationRules): number {
  const credit = standaloneSum - diversified;
  return credit > 0 ? rules.cap * credit : 0;
}

/** `max(S − kept, floor × gross) + addOn × gross`: the requirement once the credit kept is known. */
export function cappedRequirement(standaloneSum: number, kept: number, gross: number, rules: DiversificationRules): number {
  let value = standaloneSum - kept;
  const floor = rules.floor * gross;
  if (value < floor) value = floor;
  return value + rules.addOn * gross;
}

/**
 * Euler allocation of `applyDiversificationRules`: given the components `diversified[p]` of the whole-book
 * measure (summing to `requirement.diversified`) and the standalone terms `requirement.standalone[p]`,
 * writes each open member's share of `requirement.value` into `out[p]`:
 *
 * - credit kept (`S > diversified`): `R = (1 − cap)·S + cap·diversified`, so `R_i = (1 − cap)·S_i + cap·c_i`;
 *   no credit: `R_i = S_i`;
 * - the floor, when it binds (`R < floor × gross`): `R_i = floor × |e_i|` (the floor is a rate of gross);
 * - the add-on: `+ addOn × |e_i|`.
 *
 * Each step is linear, so the components add up to `requirement.value` to rounding. Closed members get 0.
 */
export function allocateDiversificationRules(
  requirement: Requirement,
  rules: DiversificationRules,
  members: readonly number[],
  open: Uint8Array,
  exposure: Float64Array,
  diversified: Float64Array,
  out: Float64Array,
): void {
  const credit = requirement.standaloneSum - requirement.diversified;
  const kept = credit > 0 ? rules.cap * credit : 0;
  let gross = 0;
  for (const p of members) if (open[p]) gross += Math.abs(exposure[p]);
  const floorBinds = requirement.standaloneSum - kept < rules.floor * gross;
  for (const p of members) {
    if (!open[p]) {
      out[p] = 0;
      continue;
    }
    const size = Math.abs(exposure[p]);
    let share: number;
    if (floorBinds) share = rules.floor * size;
    else if (credit > 0) share = (1 - rules.cap) * requirement.standalone[p] + rules.cap * diversified[p];
    else share = requirement.standalone[p];
    out[p] = share + rules.addOn * size;
  }
}
