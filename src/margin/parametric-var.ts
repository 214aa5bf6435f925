import { normalQuantile } from '../core/normal-quantile.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { LaneMarginState, LaneRequirement, MarginMethod, MarginState, Requirement, RiskInputs } from './margin-method.js';
import { allocateDiversificationRules, applyDiversificationRules, cappedRequirement, keptCredit, type DiversificationRules } from './diversification.js';

/**
 * Parametric (variance–covariance) VaR over the margin period of risk:
 * `diversified = z_α · √h · √(xᵀ Σ x)`, `Σ = D ρ D` from the streaming estimate (D = one-step vols),
 * `x_a = Σ_{i on asset a} e_i` the net exposure per asset. Standalone: `z_α · √h · σ_a · |e_i|`.
 * Zero mean over the horizon (a margin model does not bank on drift). Cost O(n²) per call, no allocation.
 *
 * Re-evaluation (factor attribution) runs the same formula with the substituted volatilities, correlation
 * and exposures: with the step's own inputs it is `evaluate`, bit for bit.
 */
export function parametricVar(options: {
  confidence: number;
  horizonSteps: number;
  assets: number;
  rules: DiversificationRules;
}): MarginMethod {
  const { confidence, horizonSteps, rules } = options;
  const scale = normalQuantile(confidence) * Math.sqrt(horizonSteps);
  const net = new Float64Array(options.assets);
  // Allocation scratch: (ρ·net)_a per asset and the diversified measure's component per position.
  const gradient = new Float64Array(options.assets);
  let components = new Float64Array(0);

  /** `[p]` for each position: the members of the pool {p} (a lane form evaluating separate pools). */
  let singles: number[][] = [];
  /** What one evaluation sums (scratch, overwritten by each `measureAt`). */
  const sums = { standaloneSum: 0, gross: 0, diversified: 0 };
  /** Asset of each position (built on first use for the positions evaluated). */
  let assetOf = new Int32Array(0);
  let assetOfPositions: readonly ResolvedPosition[] | null = null;
  const assetsOf = (positions: readonly ResolvedPosition[]): Int32Array => {
    if (positions !== assetOfPositions) {
      assetOf = Int32Array.from(positions, (p) => p.assetIndex);
      assetOfPositions = positions;
    }
    return assetOf;
  };

  /**
   * The measure on one lane: positions' entries at `[base + p]`, vols at `[vo + a]`, the correlation at
   * `[ro + i · n + j]`. Writes each member's standalone term into `standalone[base + p]` and the sums into
   * `sums`; `net` holds the vol-weighted net exposure per asset (what `allocate` reads). The scalar and the
   * lane forms both run this, so they agree bit for bit.
   */
  const measureAt = (
    members: readonly number[],
    asset: Int32Array,
    open: Uint8Array,
    exposure: Float64Array,
    base: number,
    vol: Float64Array,
    vo: number,
    rho: Float64Array,
    ro: number,
    n: number,
    standalone: Float64Array,
  ): void => {
    net.fill(0);
    let standaloneSum = 0;
    let gross = 0;
    for (let m = 0; m < members.length; m++) {
      const p = members[m];
      if (!open[base + p]) {
        standalone[base + p] = 0;
        continue;
      }
      const a = asset[p];
      const e = exposure[base + p];
      const s = scale * vol[vo + a] * Math.abs(e);
      standalone[base + p] = s;
      standaloneSum += s;
      gross += Math.abs(e);
      net[a] += e * vol[vo + a];
    }
    const quad = quadraticForm(rho, ro, net, n);
    sums.standaloneSum = standaloneSum;
    sums.gross = gross;
    sums.diversified = scale * Math.sqrt(quad > 0 ? quad : 0);
  };

  /** The requirement from per-asset one-step vols `vol`, correlation `rho` (n × n) and exposures `exposure`. */
  const measure = (state: MarginState, vol: Float64Array, rho: Float64Array, n: number, exposure: Float64Array, out: Requirement): void => {
    measureAt(state.members, assetsOf(state.positions), state.open, exposure, 0, vol, 0, rho, 0, n, out.standalone);
    out.standaloneSum = sums.standaloneSum;
    out.diversified = sums.diversified;
    applyDiversificationRules(out, sums.gross, rules);
  };

  const estimateOf = (state: MarginState) => {
    const estimate = state.estimate;
    if (!estimate) throw new Error('parametric VaR evaluated before the estimator is ready');
    return estimate;
  };

  return {
    label: `parametric-var(${fmtPct(confidence)}, h=${horizonSteps})`,
    needs: { estimate: true, historySteps: 0, greeks: false },
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      const estimate = estimateOf(state);
      measure(state, estimate.volatility, estimate.correlation, estimate.n, state.exposure, out);
    },
    evaluateLanes(state: LaneMarginState, out: LaneRequirement): void {
      const estimate = state.estimate;
      if (!estimate) throw new Error('parametric VaR evaluated before the estimator is ready');
      const { members, open, exposure, lanes, count, separate } = state;
      const n = estimate.n;
      const stride = state.positions.length;
      const asset = assetsOf(state.positions);
      if (singles.length !== stride) singles = Array.from({ length: stride }, (_, p) => [p]);
      for (let k = 0; k < count; k++) {
        const lane = lanes[k];
        const base = lane * stride;
        for (let m = 0; m < (separate ? members.length : 1); m++) {
          const pool = separate ? singles[members[m]] : members;
          const at = separate ? base + members[m] : lane;
          measureAt(pool, asset, open, exposure, base, estimate.volatility, lane * n, estimate.correlation, lane * n * n, n, out.standalone);
          const kept = keptCredit(sums.standaloneSum, sums.diversified, rules);
          out.standaloneSum[at] = sums.standaloneSum;
          out.diversified[at] = sums.diversified;
          out.credit[at] = kept;
          out.value[at] = cappedRequirement(sums.standaloneSum, kept, sums.gross, rules);
        }
      }
    },
    reevaluation: {
      factors: ['volatility', 'correlation', 'impliedVolatility'],
      estimated(state, volatility, correlation) {
        const estimate = state.estimate;
        if (!estimate) return false;
        volatility.set(estimate.volatility);
        correlation.set(estimate.correlation);
        return true;
      },
      reevaluate(state: MarginState, inputs: RiskInputs, out: Requirement): void {
        const estimate = estimateOf(state);
        measure(state, inputs.volatility ?? estimate.volatility, inputs.correlation ?? estimate.correlation, estimate.n, inputs.exposure, out);
      },
    },
    /**
     * Euler components of `z √h σ_p`, σ_p = √(wᵀρw), w = D·x (`net` as `evaluate` left it):
     * `c_i = z √h · e_i σ_a (ρw)_a / σ_p`, which add up to `z √h σ_p`; then the cap, floor and add-on.
     */
    allocate(state: MarginState, requirement: Requirement, out: Float64Array): void {
      const estimate = state.estimate!;
      const rho = estimate.correlation;
      const vol = estimate.volatility;
      const n = estimate.n;
      if (components.length !== out.length) components = new Float64Array(out.length);
      let quad = 0;
      for (let i = 0; i < n; i++) {
        let row = 0;
        const base = i * n;
        for (let j = 0; j < n; j++) row += rho[base + j] * net[j];
        gradient[i] = row;
        quad += net[i] * row;
      }
      const sigma = Math.sqrt(quad > 0 ? quad : 0);
      for (const p of state.members) {
        const a = state.positions[p].assetIndex;
        components[p] = state.open[p] && sigma > 0 ? (scale * state.exposure[p] * vol[a] * gradient[a]) / sigma : 0;
      }
      allocateDiversificationRules(requirement, rules, state.members, state.open, state.exposure, components, out);
    },
  };
}

export function fmtPct(x: number): string {
  return `${+(x * 100).toFixed(4)}%`;
}

/**
 * `xᵀ ρ x` for the matrix at `rho[offset + i · n + j]`, summed row by row: `Σ_i x_i · (Σ_j ρ_ij x_j)`, rows
 * with `x_i = 0` left out, each row's sum in column order. Two rows are accumulated side by side (two
 * independent chains of additions instead of one), which changes no rounding: every sum is formed in the
 * same order as row by row. O(n²).
 */
export function quadraticForm(rho: Float64Array, offset: number, x: Float64Array, n: number): number {
  let quad = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = x[i];
    const x1 = x[i + 1];
    if (x0 === 0 && x1 === 0) continue;
    const base0 = offset + i * n;
    const base1 = base0 + n;
    let row0 = 0;
    let row1 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      row0 += rho[base0 + j] * xj;
      row1 += rho[base1 + j] * xj;
    }
    if (x0 !== 0) quad += x0 * row0;
    if (x1 !== 0) quad += x1 * row1;
  }
  if (i < n && x[i] !== 0) {
    const base = offset + i * n;
    let row = 0;
    for (let j = 0; j < n; j++) row += rho[base + j] * x[j];
    quad += x[i] * row;
  }
  return quad;
}
