import { symmetricEigen } from './symmetric-eigen.js';

export interface BoxNewtonOptions {
  /**
   * Relative finite-difference step for the gradient (default 1e-5): coordinate k is probed at
   * `step·(distance to its nearer bound + 0.01·scale_k)`, at most `step·scale_k` (scale: the range, or 1 when
   * unbounded), so a feature close to a bound is resolved at the scale of that distance. The Hessian uses 100×.
   */
  readonly step?: number;
  /** Default 50. */
  readonly maxIterations?: number;
  /**
   * Stop when `f` can fall by at most about this much more (in the units of `f`): see `optimality`.
   * Default 1e-7.
   */
  readonly tolerance?: number;
}

export interface BoxNewtonResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /**
   * The Karush–Kuhn–Tucker conditions hold at `x` to `tolerance`: every coordinate is either free with
   * `optimality ≤ tolerance`, or at a bound with the gradient pushing outwards; and `f` has no direction of
   * negative curvature among the free coordinates (second-order condition, see `boxNewton`).
   */
  readonly converged: boolean;
  /** Per coordinate: −1 held at its lower bound, +1 at its upper bound, 0 free (interior or at a bound but leaving it). */
  readonly bound: Int8Array;
  /**
   * First-order optimality measure at `x`: the smaller of Σ_free |∂f/∂x_k|·scale_k (how much `f` could fall
   * moving every free coordinate across its range at that slope) and, when the free Hessian is positive
   * definite, half the Newton decrement ½·gᵀH⁻¹g (the fall a quadratic model predicts).
   */
  readonly optimality: number;
}

const ARMIJO = 1e-4;
const HALVINGS = 40;
/** Negative curvature (in units of f per scale²) below this fails the second-order check. */
const CURVATURE_TOLERANCE = 1e-3;

/**
 * Minimises a smooth `f` over the box `lower ≤ x ≤ upper` (bounds may be ±∞) by a projected Newton method
 * (Bertsekas 1982, "Projected Newton methods for optimization problems with simple constraints", SIAM J.
 * Control Optim. 20(2)): at each iterate the gradient and Hessian come from finite differences that stay
 * inside the box (central, or second-order one-sided next to a bound); coordinates at a bound whose gradient
 * pushes outwards are held; on the free ones a Newton step, damped à la Levenberg–Marquardt until the
 * Hessian is positive definite, is followed along the projected path `P(x + t·d)`, t = 1, ½, ¼, … until the
 * Armijo condition holds. Meant for a handful of coordinates (a likelihood's 2 or 3 parameters); each
 * iteration costs about d²/2 + 4d + 1 evaluations (gradient from central differences with step h, Hessian
 * with 100·h so that rounding noise in `f` stays small beside the second differences; h shrinks near a bound,
 * see `step`). The second-order check
 * re-estimates the free Hessian with 300·h and central mixed differences (so noise cannot fake curvature) and
 * fails on an eigenvalue of the scaled Hessian below −1e-3. A non-finite `f` counts as +∞. Deterministic.
 */
export function boxNewton(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: BoxNewtonOptions = {},
): BoxNewtonResult {
  const d = x0.length;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-7;
  const scale = Float64Array.from({ length: d }, (_, k) => (Number.isFinite(upper[k] - lower[k]) ? upper[k] - lower[k] : 1));
  const relativeStep = options.step ?? 1e-5;
  const step = new Float64Array(d);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };
  const curvatureStep = new Float64Array(d);
  const setSteps = (): void => {
    for (let k = 0; k < d; k++) {
      const distance = Math.min(x[k] - lower[k], upper[k] - x[k]);
      step[k] = relativeStep * Math.min(distance + 0.01 * scale[k], scale[k]);
      curvatureStep[k] = 100 * step[k];
    }
  };
  const x = Float64Array.from({ length: d }, (_, k) => Math.min(upper[k], Math.max(lower[k], x0[k])));
  let value = evaluate(x);
  const derivatives = new FiniteDifferences(d);
  const bound = new Int8Array(d);
  const free: number[] = [];
  const direction = new Float64Array(d);
  const trial = new Float64Array(d);
  let optimality = Infinity;
  let iterations = 0;
  let firstOrder = false;

  while (Number.isFinite(value)) {
    setSteps();
    if (!derivatives.compute(evaluate, x, value, lower, upper, step, curvatureStep)) break;
    const { gradient, hessian } = derivatives;
    free.length = 0;
    for (let k = 0; k < d; k++) {
      bound[k] = x[k] <= lower[k] && gradient[k] > 0 ? -1 : x[k] >= upper[k] && gradient[k] < 0 ? 1 : 0;
      if (bound[k] === 0) free.push(k);
    }
    const newton = dampedNewtonStep(gradient, hessian, d, free, scale, direction);
    optimality = 0;
    for (const k of free) optimality += Math.abs(gradient[k]) * scale[k];
    if (newton.positiveDefinite) optimality = Math.min(optimality, 0.5 * newton.decrement);
    if (optimality <= tolerance) {
      firstOrder = true;
      break;
    }
    if (iterations === maxIterations) break;
    iterations++;
    let accepted = false;
    for (let t = 1, halving = 0; halving < HALVINGS; halving++, t /= 2) {
      let slope = 0;
      for (let k = 0; k < d; k++) {
        trial[k] = Math.min(upper[k], Math.max(lower[k], x[k] + t * direction[k]));
        slope += gradient[k] * (trial[k] - x[k]);
      }
      if (!(slope < 0)) continue;
      const candidate = evaluate(trial);
      if (candidate <= value + ARMIJO * slope) {
        x.set(trial);
        value = candidate;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  const converged = firstOrder && noNegativeCurvature(evaluate, x, value, lower, upper, curvatureStep, scale, free);
  return { x, value, iterations, evaluations, converged, bound, optimality };
}

/** Gradient and Hessian of f at x by finite differences that never leave the box. */
class FiniteDifferences {
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  /** f(x + side_k·h_k·e_k) and the side (+1 or −1) each coordinate was probed on. */
  private readonly near: Float64Array;
  private readonly side: Float64Array;
  private readonly point: Float64Array;

  constructor(private readonly d: number) {
    this.gradient = new Float64Array(d);
    this.hessian = new Float64Array(d * d);
    this.near = new Float64Array(d);
    this.side = new Float64Array(d);
    this.point = new Float64Array(d);
  }

  /**
   * False when a probe is not finite (the derivatives are then meaningless). The gradient uses `step`, the
   * Hessian the wider `curvatureStep` (second differences need a wider step to rise above rounding noise).
   * Mixed second derivatives are one-sided (first-order accurate, one evaluation each) unless `central`, when
   * the four-point central formula is used wherever it stays in the box.
   */
  compute(
    evaluate: (x: Float64Array) => number,
    x: Float64Array,
    f0: number,
    lower: ArrayLike<number>,
    upper: ArrayLike<number>,
    step: Float64Array,
    curvatureStep: Float64Array,
    central = false,
  ): boolean {
    const { d, gradient, hessian, near, side, point } = this;
    point.set(x);
    const at = (k: number, offset: number): number => {
      point[k] = x[k] + offset;
      const value = evaluate(point);
      point[k] = x[k];
      return value;
    };
    const interior = (k: number, h: number) => x[k] - h >= lower[k] && x[k] + h <= upper[k];
    // The side a one-sided stencil {0, s·h, 2s·h} takes: the one that stays inside the box.
    const inward = (k: number, h: number) => (x[k] + 2 * h <= upper[k] ? 1 : -1);
    for (let k = 0; k < d; k++) {
      const h = step[k];
      const wide = curvatureStep[k];
      let plus: number;
      let minus: number;
      if (interior(k, h)) {
        plus = at(k, h);
        minus = at(k, -h);
        gradient[k] = (plus - minus) / (2 * h);
      } else {
        const s = inward(k, h);
        plus = at(k, s * h);
        minus = at(k, 2 * s * h);
        gradient[k] = (s * (-3 * f0 + 4 * plus - minus)) / (2 * h);
      }
      if (interior(k, wide)) {
        const widePlus = wide === h && interior(k, h) ? plus : at(k, wide);
        const wideMinus = wide === h && interior(k, h) ? minus : at(k, -wide);
        hessian[k * d + k] = (widePlus - 2 * f0 + wideMinus) / (wide * wide);
        near[k] = widePlus;
        side[k] = 1;
      } else {
        const s = inward(k, wide);
        const one = at(k, s * wide);
        const two = at(k, 2 * s * wide);
        hessian[k * d + k] = (two - 2 * one + f0) / (wide * wide);
        near[k] = one;
        side[k] = s;
      }
    }
    const h = curvatureStep;
    for (let k = 0; k < d; k++) {
      for (let l = k + 1; l < d; l++) {
        const cross = central && interior(k, h[k]) && interior(l, h[l])
          ? (this.at2(evaluate, x, k, h[k], l, h[l]) - this.at2(evaluate, x, k, h[k], l, -h[l]) -
             this.at2(evaluate, x, k, -h[k], l, h[l]) + this.at2(evaluate, x, k, -h[k], l, -h[l])) / (4 * h[k] * h[l])
          : (side[k] * side[l] * (this.at2(evaluate, x, k, side[k] * h[k], l, side[l] * h[l]) - near[k] - near[l] + f0)) / (h[k] * h[l]);
        hessian[k * d + l] = cross;
        hessian[l * d + k] = cross;
      }
    }
    for (let k = 0; k < d; k++) if (!Number.isFinite(gradient[k])) return false;
    for (let k = 0; k < d * d; k++) if (!Number.isFinite(hessian[k])) return false;
    return true;
  }

  /** f at x moved by `dk` along coordinate k and `dl` along l. */
  private at2(evaluate: (x: Float64Array) => number, x: Float64Array, k: number, dk: number, l: number, dl: number): number {
    const { point } = this;
    point[k] = x[k] + dk;
    point[l] = x[l] + dl;
    const value = evaluate(point);
    point[k] = x[k];
    point[l] = x[l];
    return value;
  }
}

/**
 * Newton direction on the free coordinates, `(H_FF + μ·S⁻²)·d_F = −g_F` with μ = 0 when H_FF is positive
 * definite, else the smallest of 10⁻⁸·‖S·H·S‖, ×10, … that makes it so (S = diag(scale)); zero on held ones.
 * `decrement` = g_Fᵀ·H_FF⁻¹·g_F when μ = 0.
 */
function dampedNewtonStep(
  gradient: Float64Array,
  hessian: Float64Array,
  d: number,
  free: readonly number[],
  scale: Float64Array,
  out: Float64Array,
): { positiveDefinite: boolean; decrement: number } {
  out.fill(0);
  const m = free.length;
  if (m === 0) return { positiveDefinite: true, decrement: 0 };
  let size = 0;
  for (const k of free) for (const l of free) size = Math.max(size, Math.abs(hessian[k * d + l] * scale[k] * scale[l]));
  const factor = new Float64Array(m * m);
  const solved = new Float64Array(m);
  for (let damping = 0, attempt = 0; attempt < 40; attempt++, damping = damping === 0 ? 1e-8 * Math.max(size, 1e-300) : damping * 10) {
    // Scaled system: (S·H·S + μ·I)·y = −S·g, then d = S·y.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const k = free[i];
        const l = free[j];
        factor[i * m + j] = hessian[k * d + l] * scale[k] * scale[l] + (i === j ? damping : 0);
      }
    }
    if (!choleskyInPlace(factor, m)) continue;
    for (let i = 0; i < m; i++) solved[i] = -gradient[free[i]] * scale[free[i]];
    solveCholesky(factor, m, solved);
    let decrement = 0;
    for (let i = 0; i < m; i++) {
      out[free[i]] = solved[i] * scale[free[i]];
      decrement -= gradient[free[i]] * out[free[i]];
    }
    return { positiveDefinite: damping === 0, decrement };
  }
  // Not even a heavily damped Hessian factors (non-finite entries): steepest descent, scaled.
  for (const k of free) out[k] = -gradient[k] * scale[k] * scale[k];
  return { positiveDefinite: false, decrement: Infinity };
}

/** Lower Cholesky factor of a row-major m × m matrix, in place; false unless strictly positive definite. */
function choleskyInPlace(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j];
    for (let k = 0; k < j; k++) s -= a[j * m + k] * a[j * m + k];
    if (!(s > 0)) return false;
    const pivot = Math.sqrt(s);
    a[j * m + j] = pivot;
    for (let i = j + 1; i < m; i++) {
      let t = a[i * m + j];
      for (let k = 0; k < j; k++) t -= a[i * m + k] * a[j * m + k];
      a[i * m + j] = t / pivot;
    }
  }
  return true;
}

/** Solves L·Lᵀ·y = b in place (b → y). */
function solveCholesky(factor: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= factor[i * m + k] * b[k];
    b[i] = s / factor[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= factor[k * m + i] * b[k];
    b[i] = s / factor[i * m + i];
  }
}

/** Second-order check on the free coordinates with a 3× wider curvature step (see `boxNewton`). */
function noNegativeCurvature(
  evaluate: (x: Float64Array) => number,
  x: Float64Array,
  value: number,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  step: Float64Array,
  scale: Float64Array,
  free: readonly number[],
): boolean {
  const m = free.length;
  if (m === 0) return true;
  const d = x.length;
  const wide = step.map((h) => 3 * h);
  const derivatives = new FiniteDifferences(d);
  if (!derivatives.compute(evaluate, x, value, lower, upper, wide, wide, true)) return false;
  const scaled = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) scaled[i * m + j] = derivatives.hessian[free[i] * d + free[j]] * scale[free[i]] * scale[free[j]];
  }
  return symmetricEigen(scaled, m).values[0] >= -CURVATURE_TOLERANCE;
}
