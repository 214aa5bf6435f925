export interface GridSearchMaximum {
  /** Best value on the grid nodes. */
  readonly grid: number;
  /** Best value after refinement (≥ `grid`), and where. */
  readonly value: number;
  readonly x: number;
  readonly y: number;
  /** Grid peaks refined. */
  readonly refined: number;
  /**
   * Refinements stopped by `maxSteps` before their span fell below `tolerance` (a slowly rising ridge), and
   * the best value such a refinement had reached: a lower bound on that peak, not its value (−∞ when none).
   */
  readonly unfinished: number;
  readonly unfinishedBest: number;
  readonly evaluations: number;
}

export interface GridSearchOptions {
  /** Refine grid peaks within this much of the best node value; default 2. */
  readonly within?: number;
  /** At most this many refinements, best peaks first; default 30. */
  readonly maxRefinements?: number;
  /** Refinement stops when the pattern's span is below this in both coordinates; default 1e-10. */
  readonly tolerance?: number;
  /** At most this many pattern moves per refinement; default 300. */
  readonly maxSteps?: number;
}

/**
 * Maximum of `f(x, y)` over the box spanned by the node vectors `xs`, `ys` (ascending; the box is
 * [xs₀, xs_last] × [ys₀, ys_last]) by exhaustive search, for checking optimisers: slow and derivative-free.
 * 1. `f` at every node (xs.length·ys.length evaluations);
 * 2. every node no lower than its 8 neighbours and within `within` of the best node is refined, best first,
 *    unless its value plus twice its largest drop to a neighbour stays below the best refined value so far
 *    (a smooth peak inside a cell rises less than that above the node) or equals, to 1e-9, the value of a node
 *    already refined (the nodes of a flat edge are refined once); refinement is a shrinking pattern
 *    search: `f` on a 7 × 7 pattern spanning ± one cell around the current point (clamped to the box), move
 *    to the best; shrink the span 3× (to one pattern step), or double it when that best lies on the pattern's
 *    border (the peak may lie further out), until the span < `tolerance` or after `maxSteps` moves (counted
 *    in `unfinished`).
 * A non-finite `f` counts as −∞. The result can miss only a peak narrower than a grid cell that is lower at
 * every surrounding node than the nodes near the best: rerun with other nodes to check.
 */
export function gridSearchMaximum(
  f: (x: number, y: number) => number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  options: GridSearchOptions = {},
): GridSearchMaximum {
  const within = options.within ?? 2;
  const maxRefinements = options.maxRefinements ?? 30;
  const tolerance = options.tolerance ?? 1e-10;
  const maxSteps = options.maxSteps ?? 300;
  let evaluations = 0;
  const value = (x: number, y: number): number => {
    evaluations++;
    const v = f(x, y);
    return Number.isFinite(v) ? v : -Infinity;
  };
  const nx = xs.length;
  const ny = ys.length;
  const values = new Float64Array(nx * ny);
  let grid = -Infinity;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      values[i * ny + j] = value(xs[i], ys[j]);
      grid = Math.max(grid, values[i * ny + j]);
    }
  }
  const peaks: { i: number; j: number; v: number; drop: number }[] = [];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const v = values[i * ny + j];
      if (!(v >= grid - within)) continue;
      let drop = 0;
      let peak = true;
      for (let k = Math.max(0, i - 1); k <= Math.min(nx - 1, i + 1) && peak; k++) {
        for (let l = Math.max(0, j - 1); l <= Math.min(ny - 1, j + 1); l++) {
          if (values[k * ny + l] > v) peak = false;
          drop = Math.max(drop, v - values[k * ny + l]);
        }
      }
      if (peak) peaks.push({ i, j, v, drop });
    }
  }
  peaks.sort((p, q) => q.v - p.v);
  let best = { value: grid, x: NaN, y: NaN };
  let refined = 0;
  let unfinished = 0;
  let unfinishedBest = -Infinity;
  const cell = (nodes: ArrayLike<number>, k: number) =>
    Math.max(nodes[Math.min(nodes.length - 1, k + 1)] - nodes[k], nodes[k] - nodes[Math.max(0, k - 1)]);
  const started: number[] = [];
  for (const peak of peaks) {
    if (refined === maxRefinements) break;
    if (peak.v + 2 * peak.drop < best.value - 1e-9 && refined > 0) continue;
    // Nodes of one flat edge or ridge (equal values to 1e-9) are refined once.
    if (started.some((v) => Math.abs(v - peak.v) <= 1e-9 * Math.max(1, Math.abs(v)))) continue;
    started.push(peak.v);
    refined++;
    const end = refine(value, xs[peak.i], ys[peak.j], peak.v, cell(xs, peak.i), cell(ys, peak.j), [xs[0], xs[nx - 1]], [ys[0], ys[ny - 1]], tolerance, maxSteps);
    if (!end.finished) {
      unfinished++;
      unfinishedBest = Math.max(unfinishedBest, end.value);
    }
    if (end.value > best.value || Number.isNaN(best.x)) best = end;
  }
  return { grid, value: best.value, x: best.x, y: best.y, refined, unfinished, unfinishedBest, evaluations };
}

function refine(
  value: (x: number, y: number) => number,
  x: number,
  y: number,
  v: number,
  spanX: number,
  spanY: number,
  boxX: readonly [number, number],
  boxY: readonly [number, number],
  tolerance: number,
  maxSteps: number,
): { value: number; x: number; y: number; finished: boolean } {
  for (let steps = 0; spanX >= tolerance || spanY >= tolerance; steps++) {
    if (steps === maxSteps) return { value: v, x, y, finished: false };
    let bestX = x;
    let bestY = y;
    let bestV = v;
    let onBorder = false;
    for (let a = -3; a <= 3; a++) {
      for (let b = -3; b <= 3; b++) {
        const px = Math.min(boxX[1], Math.max(boxX[0], x + (a * spanX) / 3));
        const py = Math.min(boxY[1], Math.max(boxY[0], y + (b * spanY) / 3));
        const pv = value(px, py);
        if (pv > bestV) {
          bestV = pv;
          bestX = px;
          bestY = py;
          onBorder = Math.abs(a) === 3 || Math.abs(b) === 3;
        }
      }
    }
    // The best point inside the pattern brackets the peak to ± one pattern step: zoom in on it. On the border
    // the peak may lie further out: move there with twice the span (a ridge is followed in growing strides).
    const factor = onBorder ? 2 : 1 / 3;
    spanX = Math.min(spanX * factor, boxX[1] - boxX[0]);
    spanY = Math.min(spanY * factor, boxY[1] - boxY[0]);
    x = bestX;
    y = bestY;
    v = bestV;
  }
  return { value: v, x, y, finished: true };
}
