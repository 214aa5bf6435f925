export interface NelderMeadOptions {
  /** Initial simplex: `x0` plus `x0 + step·e_k` for each coordinate `k`. Default 0.1 (or 10 % of |x0_k|, whichever is larger). */
  readonly step?: number;
  readonly maxIterations?: number;
  /** Converged when the simplex's function values span ≤ `tolerance·(|f_best| + tolerance)` and its extent ≤ `tolerance`. */
  readonly tolerance?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises `f` by the Nelder–Mead downhill simplex (Nelder & Mead 1965) with the standard coefficients
 * (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998, SIAM J. Optim. 9).
 * Derivative-free and robust to a rough likelihood; a non-finite `f` counts as +∞, so constraints can be
 * expressed by returning `Infinity` or `NaN`. Deterministic. `f` must not keep the array it is given.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const maxIterations = options.maxIterations ?? 200 * d;
  const tolerance = options.tolerance ?? 1e-8;
  const evaluate = (x: Float64Array): number => {
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };

  const points: Float64Array[] = [];
  const values = new Float64Array(d + 1);
  for (let k = 0; k <= d; k++) {
    const p = Float64Array.from(x0);
    if (k > 0) p[k - 1] += options.step ?? Math.max(0.1, 0.1 * Math.abs(p[k - 1]));
    points.push(p);
    values[k] = evaluate(p);
  }
  const order = Array.from({ length: d + 1 }, (_, k) => k);
  const centroid = new Float64Array(d);
  const reflected = new Float64Array(d);
  const trial = new Float64Array(d);
  const along = (t: number, out: Float64Array, worst: Float64Array): void => {
    for (let k = 0; k < d; k++) out[k] = centroid[k] + t * (worst[k] - centroid[k]);
  };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    order.sort((p, q) => values[p] - values[q]);
    const best = order[0];
    const worst = order[d];
    if (hasConverged(points, values, order, tolerance)) {
      converged = true;
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let m = 0; m < d; m++) {
      const p = points[order[m]];
      for (let k = 0; k < d; k++) centroid[k] += p[k] / d;
    }
    along(-1, reflected, points[worst]);
    const fReflected = evaluate(reflected);
    if (fReflected < values[best]) {
      along(-2, trial, points[worst]);
      const fExpanded = evaluate(trial);
      if (fExpanded < fReflected) accept(trial, fExpanded);
      else accept(reflected, fReflected);
    } else if (fReflected < values[order[d - 1]]) {
      accept(reflected, fReflected);
    } else {
      // Outside contraction when the reflection improved on the worst point, inside otherwise.
      const outside = fReflected < values[worst];
      along(outside ? -0.5 : 0.5, trial, points[worst]);
      const fContracted = evaluate(trial);
      if (fContracted < (outside ? fReflected : values[worst])) {
        accept(trial, fContracted);
      } else {
        const b = points[best];
        for (let m = 1; m <= d; m++) {
          const p = points[order[m]];
          for (let k = 0; k < d; k++) p[k] = b[k] + 0.5 * (p[k] - b[k]);
          values[order[m]] = evaluate(p);
        }
      }
    }
    function accept(x: Float64Array, value: number): void {
      points[worst].set(x);
      values[worst] = value;
    }
  }
  order.sort((p, q) => values[p] - values[q]);
  return { x: Float64Array.from(points[order[0]]), value: values[order[0]], iterations, converged };
}

function hasConverged(points: Float64Array[], values: Float64Array, order: number[], tolerance: number): boolean {
  const best = values[order[0]];
  const worst = values[order[order.length - 1]];
  if (!(worst - best <= tolerance * (Math.abs(best) + tolerance))) return false;
  const b = points[order[0]];
  for (let m = 1; m < order.length; m++) {
    const p = points[order[m]];
    for (let k = 0; k < b.length; k++) if (Math.abs(p[k] - b[k]) > tolerance) return false;
  }
  return true;
}
