import * as z from 'zod';
import { normalQuantile } from '../../core/normal-quantile.js';
import { stressedCorrelationFromReturns } from '../../correlation/stressed-correlation-from-returns.js';
import type { MarginState, Requirement } from '../margin-method.js';
import { adverseCorrelation, blendTowardAdverse } from '../adverse-correlation.js';
import { addOnKinds, type AddOn } from './add-on.js';
import { logReturnColumns, requireData, stressPeriodRows, stressPeriodSchema, type StressPeriod } from './stress-period.js';

export interface CorrelationBreakOptions {
  readonly confidence: number;
  readonly horizonSteps: number;
  /** Number of assets (the estimate's size). */
  readonly assets: number;
  /** Move every pair toward the sign that hurts the book by this much (then repair to PSD)… */
  readonly shift?: number;
  /** …or by this fraction of the way to ±1 (PSD by construction: no repair)… */
  readonly blend?: number;
  /** …or use this fixed stressed correlation matrix (n × n, valid). */
  readonly stressed?: Float64Array;
  /** Multiplies the rise of the requirement (default 1). */
  readonly weight: number;
  /** The add-on is at most this share of the diversification credit the mode granted (default 1). */
  readonly creditShare: number;
  /** For the label: the stress period the matrix comes from. */
  readonly periodName?: string;
}

/**
 * Correlation-break adjustment. With `w_a = x_a σ_a` the book's per-asset dollar volatility (x the net
 * delta-equivalent exposure, σ the estimator's one-step volatility) and `V(ρ) = z_α √h √(wᵀρw)` the
 * parametric requirement of the book under a correlation matrix ρ:
 *
 *   CB = min( weight · max(0, V(ρ_stressed) − V(ρ_estimated)),  creditShare · K )
 *
 * where K is the diversification credit the mode granted this step (`Requirement.credit`, after the cap) and
 * ρ_stressed is the estimate with every pair moved toward the sign that hurts the book — by `shift`
 * (`adverseCorrelation`, clamped and repaired to PSD) or by the fraction `blend` of the way to ±1
 * (`blendTowardAdverse`, PSD by construction, far cheaper for large books) — or a stress period's
 * correlation matrix. Since
 * `V(ρ_stressed) ≤ Σ|w_a| z √h` (the standalone sum), the uncapped rise never exceeds the credit the
 * estimate gave; the cap keeps the requirement at or below the standalone sum (before floor and add-on)
 * whatever the weight. The volatilities are the estimator's whatever the mode's method, so for a historical
 * method the adjustment is the parametric view of how much of its credit rests on the estimated correlations.
 *
 * Allocation: CB is λ·weight·(V(ρ_s) − V(ρ)) with λ = CB / (weight·(V_s − V)) ∈ [0, 1], so each position gets
 * λ·weight·(c^s_i − c_i), the difference of its parametric Euler components under the two matrices.
 * Cost O(n²) per step (O(n³) when the shifted matrix needs a repair).
 */
export function correlationBreak(options: CorrelationBreakOptions): AddOn {
  const { weight, creditShare } = options;
  const n = options.assets;
  const scale = normalQuantile(options.confidence) * Math.sqrt(options.horizonSteps);
  const weights = new Float64Array(n);
  const stressed = options.stressed ?? new Float64Array(n * n);
  const scratch = new Float64Array(2 * n * n);
  const gradient = new Float64Array(n);
  const gradientStressed = new Float64Array(n);
  const values = new Float64Array(2);
  let sigma = 0;
  let sigmaStressed = 0;
  let scaleDown = 0;
  const shifted = options.shift !== undefined;
  const blended = options.blend !== undefined;
  const what = shifted ? `shift ${options.shift}` : blended ? `blend ${options.blend}` : (options.periodName ?? 'stressed matrix');
  return {
    kind: 'correlation-break',
    label: `correlation-break(${what}${weight !== 1 ? `, weight ${weight}` : ''}${creditShare !== 1 ? `, ≤ ${+(creditShare * 100).toFixed(2)}% of credit` : ''})`,
    needs: { estimate: true, historySteps: 0, greeks: false },
    bind() {},
    apply(state: MarginState, requirement: Requirement): number {
      const estimate = state.estimate;
      if (!estimate) throw new Error('correlation-break evaluated before the estimator is ready');
      const rho = estimate.correlation;
      const vol = estimate.volatility;
      weights.fill(0);
      for (const p of state.members) {
        if (!state.open[p]) continue;
        const a = state.positions[p].assetIndex;
        weights[a] += state.exposure[p] * vol[a];
      }
      values[1] = shifted ? adverseCorrelation(rho, n, weights, options.shift!, stressed, scratch) : 0;
      if (blended) blendTowardAdverse(rho, n, weights, options.blend!, stressed);
      sigma = Math.sqrt(quadratic(rho, weights, n, gradient));
      sigmaStressed = Math.sqrt(quadratic(stressed, weights, n, gradientStressed));
      const rise = weight * scale * (sigmaStressed - sigma);
      const cap = creditShare * requirement.credit;
      const contribution = rise > 0 ? Math.min(rise, cap > 0 ? cap : 0) : 0;
      scaleDown = rise > 0 ? contribution / rise : 0;
      values[0] = rise > 0 ? rise : 0;
      requirement.value += contribution;
      return contribution;
    },
    allocate(state: MarginState, _requirement: Requirement, _before: number, components: Float64Array): void {
      if (scaleDown === 0) return;
      const vol = state.estimate!.volatility;
      const factor = scaleDown * weight * scale;
      for (const p of state.members) {
        if (!state.open[p]) continue;
        const a = state.positions[p].assetIndex;
        const unit = state.exposure[p] * vol[a];
        const stressedPart = sigmaStressed > 0 ? (unit * gradientStressed[a]) / sigmaStressed : 0;
        const estimatedPart = sigma > 0 ? (unit * gradient[a]) / sigma : 0;
        components[p] += factor * (stressedPart - estimatedPart);
      }
    },
    diagnostics: { names: ['uncapped', 'repair'], values },
  };
}

/** `wᵀρw`, with `(ρw)` into `gradient`. Clamped at 0 (a PSD matrix gives ≥ 0 up to rounding). */
function quadratic(rho: Float64Array, w: Float64Array, n: number, gradient: Float64Array): number {
  let quad = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    const base = i * n;
    for (let j = 0; j < n; j++) row += rho[base + j] * w[j];
    gradient[i] = row;
    quad += w[i] * row;
  }
  return quad > 0 ? quad : 0;
}

addOnKinds.register({
  kind: 'correlation-break',
  description:
    'correlation-break adjustment: min(weight · (V(ρ_stressed) − V(ρ))⁺, creditShare · credit granted), V the parametric requirement z_α √h √(wᵀρw) of the book (w = exposure × estimated volatility per asset), ρ_stressed the estimate with every pair moved toward the sign that hurts the book by `shift` (repaired to PSD) or by the fraction `blend` of the way, or a stress period\'s correlation',
  schema: () =>
    z.object({
      kind: z.literal('correlation-break'),
      shift: z.number().gt(0).max(2).optional().describe('Move every pair\'s correlation by this much toward the sign that hurts the book (clamped to ±1, repaired to PSD)'),
      blend: z.number().gt(0).max(1).optional().describe('Or: move every pair this fraction of the way to the sign that hurts the book (PSD without repair; cheaper for large books)'),
      period: stressPeriodSchema().optional().describe('Or: use the correlation of this stress period of the data file'),
      weight: z.number().min(0).max(10).default(1).describe('Multiplies the rise of the requirement (default 1)'),
      creditShare: z.number().min(0).max(1).default(1).describe('Cap: at most this share of the diversification credit granted (default 1)'),
    }).strict().superRefine((spec, ctx) => {
      const given = (['shift', 'blend', 'period'] as const).filter((k) => spec[k] !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `expected exactly one of shift, blend, period (how the correlations are stressed), got ${given.length ? given.join(' and ') : 'none'}` });
      }
    }).describe('Correlation-break adjustment: the rise of the requirement under stressed correlations, capped by the diversification credit'),
  create(spec, context) {
    const period = spec.period as StressPeriod | undefined;
    let stressed: Float64Array | undefined;
    if (period) {
      const data = requireData(context, `${context.path}.period`, 'a stress period');
      const rows = stressPeriodRows(data.history.time, period, 3, `${context.path}.period`);
      const returns = logReturnColumns(data.history.columns);
      stressed = stressedCorrelationFromReturns(returns, rows.first, rows.last).correlation;
    }
    return correlationBreak({
      confidence: context.confidence,
      horizonSteps: context.horizonSteps,
      assets: context.assets,
      shift: spec.shift as number | undefined,
      blend: spec.blend as number | undefined,
      stressed,
      weight: spec.weight as number,
      creditShare: spec.creditShare as number,
      periodName: period ? `${period.from}..${period.to}` : undefined,
    });
  },
});
