import { boxNewton } from '../linalg/box-newton.js';

/**
 * Where a likelihood fit of `x_{t+1} = (1 − a − b)·target + a·news_t + b·x_t` (GARCH(1,1): a = α, b = β;
 * DCC(1,1): a, b) ended on the edge of the admissible region `a, b ≥ 0, a + b ≤ 1 − 10⁻⁶`:
 * - `news-zero`: a = 0. With a target the recursion is then constant and b is not identified: b is set to 0.
 * - `decay-zero`: b = 0 (and a > 0).
 * - `persistence-cap`: a + b = 1 − 10⁻⁶ (integrated).
 */
export type FitBoundary = 'news-zero' | 'decay-zero' | 'persistence-cap';

/** What every likelihood fit reports about how its maximum was found. */
export interface FitDiagnostics {
  /** Log-likelihood at the returned parameters. */
  readonly logLikelihood: number;
  /** Local searches run (from the best points of the start grid). */
  readonly starts: number;
  /** Of those, how many ended within 10⁻⁶ of the best log-likelihood. */
  readonly startsAtBest: number;
  /** The bounds the optimum sits on; empty for an interior optimum. */
  readonly boundary: readonly FitBoundary[];
  /**
   * True when the returned point is a verified maximum: the local search from the best start met the
   * first- and second-order optimality conditions (`boxNewton`). False means do not trust the fit.
   */
  readonly converged: boolean;
}

export interface PersistenceSplitResult extends FitDiagnostics {
  readonly a: number;
  readonly b: number;
  /** Values of the extra coordinates (see `extra`). */
  readonly extra: Float64Array;
}

export interface PersistenceSplitOptions {
  /** Further unbounded coordinates searched with (a, b), started at 0 (GARCH's free ω scale). Default 0. */
  readonly extra?: number;
  /** The likelihood does not depend on b when a = 0 (a target level and the recursion started at it). Default true. */
  readonly decayFlatAtZeroNews?: boolean;
  /** Newton iterations per local search; default 30. */
  readonly maxIterations?: number;
}

/** Largest persistence searched: a + b ≤ 1 − 10^−U_MAX. */
const U_MAX = 6;
/** Start grid: persistence p = 1 − 10^−u, i.e. p ≈ 0.01, 0.05, 0.13, 0.29, 0.60, 0.80, 0.90, 0.95, 0.975, 0.99, 0.997, 0.999 … */
const START_U = [0.005, 0.02, 0.06, 0.15, 0.4, 0.7, 1, 1.3, 1.6, 2, 2.5, 3];
/** … times the news share a/(a + b). */
const START_SHARE = [0.004, 0.015, 0.05, 0.15, 0.4, 0.8];
/** Local searches from the best local maxima of the start grid (and the a = 0 edge when it ranks among them). */
const POLISHES = 4;
/** Below this persistence a local search works in (a, b) rather than (u, s). */
const LOW_PERSISTENCE = 0.5;
/** Two searches reached the same value when their log-likelihoods differ by at most this. */
const SAME_VALUE = 1e-6;

export const PERSISTENCE_CAP = 1 - 10 ** -U_MAX;

/**
 * Maximises `logLikelihood(a, b, extra)` over `a, b ≥ 0, a + b ≤ 1 − 10⁻⁶` from several starts.
 *
 * Coordinates: u = −log₁₀(1 − p) ∈ [0, 6] for the persistence p = a + b (uniform in the half-life of a shock,
 * so 0.99 and 0.999 are as far apart as 0.9 and 0.99), and the news share s = a/p ∈ [0, 1]: a box, whose
 * edges are the constraints. The likelihood is evaluated on a 12 × 6 start grid (p from 0.01 to 0.999, s from
 * 0.004 to 0.8) and on the edge a = 0; a projected Newton search (`boxNewton`) runs from each of the best
 * four points that beat their grid neighbours along grid lines (in (a, b) ∈ [0, ½]² when p < ½, where the
 * (u, s) box is degenerate), and the best end point wins. Two peaks further apart than a
 * grid cell are each searched from their own start, so the single-start failure (a local optimum reported as
 * the fit) needs a peak narrower than a grid cell.
 *
 * On the edge a = 0 with `decayFlatAtZeroNews`, b is not identified (the recursion stays at its target for
 * every b) and is reported as 0; at p = 0 the share is meaningless and a = b = 0.
 */
export function maximisePersistenceSplit(
  logLikelihood: (a: number, b: number, extra: Float64Array) => number,
  options: PersistenceSplitOptions = {},
): PersistenceSplitResult {
  const extraCount = options.extra ?? 0;
  const flat = options.decayFlatAtZeroNews ?? true;
  const maxIterations = options.maxIterations ?? 30;
  const d = 2 + extraCount;
  const extra = new Float64Array(extraCount);
  const objective = (x: Float64Array): number => {
    const p = 1 - 10 ** -x[0];
    for (let k = 0; k < extraCount; k++) extra[k] = x[2 + k];
    return -logLikelihood(p * x[1], p * (1 - x[1]), extra);
  };
  const lower = new Float64Array(d).fill(-Infinity);
  const upper = new Float64Array(d).fill(Infinity);
  lower[0] = 0;
  upper[0] = U_MAX;
  lower[1] = 0;
  upper[1] = 1;

  const point = new Float64Array(d);
  const grid = new Float64Array(START_U.length * START_SHARE.length);
  START_U.forEach((u, i) =>
    START_SHARE.forEach((s, j) => {
      point[0] = u;
      point[1] = s;
      grid[i * START_SHARE.length + j] = objective(point);
    }),
  );
  const candidates: { x: number[]; value: number }[] = [];
  for (let i = 0; i < START_U.length; i++) {
    for (let j = 0; j < START_SHARE.length; j++) {
      const value = grid[i * START_SHARE.length + j];
      if (!Number.isFinite(value) || !isGridMinimum(grid, i, j, START_U.length, START_SHARE.length)) continue;
      candidates.push({ x: [START_U[i], START_SHARE[j], ...new Array(extraCount).fill(0)], value });
    }
  }
  point[0] = START_U[3];
  point[1] = 0;
  candidates.push({ x: Array.from(point), value: objective(point) });
  candidates.sort((p, q) => p.value - q.value);

  // Near p = 0 the (u, s) box is degenerate (at p = 0 the share means nothing), so a search that starts below
  // p = ½ works in (a, b) ∈ [0, ½]² instead; if it ends on the artificial edge a = ½ or b = ½ it goes on in (u, s).
  const cartesian = (x: Float64Array): number => {
    for (let k = 0; k < extraCount; k++) extra[k] = x[2 + k];
    return -logLikelihood(x[0], x[1], extra);
  };
  const lowerAB = Float64Array.from(lower, (v, k) => (k < 2 ? 0 : v));
  const upperAB = Float64Array.from(upper, (v, k) => (k < 2 ? LOW_PERSISTENCE : v));
  const polish = (start: readonly number[]): End => {
    const p = 1 - 10 ** -start[0];
    if (p < LOW_PERSISTENCE) {
      const low = boxNewton(cartesian, [p * start[1], p * (1 - start[1]), ...start.slice(2)], lowerAB, upperAB, { maxIterations });
      const [a, b] = low.x;
      if (a < LOW_PERSISTENCE && b < LOW_PERSISTENCE) return { a, b, u: -Math.log10(1 - a - b), x: low.x, value: low.value, converged: low.converged };
      start = [-Math.log10(1 - a - b), a / (a + b), ...Array.from(low.x.subarray(2))];
    }
    const end = boxNewton(objective, start, lower, upper, { maxIterations });
    const q = 1 - 10 ** -end.x[0];
    return { a: q * end.x[1], b: q * (1 - end.x[1]), u: end.x[0], x: end.x, value: end.value, converged: end.converged };
  };
  const ends = candidates.slice(0, POLISHES).filter((c) => Number.isFinite(c.value)).map((c) => polish(c.x));
  if (ends.length === 0) {
    return { a: 0, b: 0, extra, logLikelihood: -Infinity, starts: 0, startsAtBest: 0, boundary: [], converged: false };
  }
  const best = ends.reduce((p, q) => (q.value < p.value ? q : p));
  const startsAtBest = ends.filter((e) => e.value - best.value <= SAME_VALUE).length;
  let { a, b } = best;
  const boundary: FitBoundary[] = [];
  if (a === 0) {
    boundary.push('news-zero');
    if (flat) b = 0;
  } else if (b === 0) {
    boundary.push('decay-zero');
  }
  if (best.u === U_MAX && !(a === 0 && flat)) boundary.push('persistence-cap');
  if (a + b === 0) a = b = 0;
  for (let k = 0; k < extraCount; k++) extra[k] = best.x[2 + k];
  return { a, b, extra, logLikelihood: -best.value, starts: ends.length, startsAtBest, boundary, converged: best.converged };
}

/** Where a local search ended. */
interface End {
  readonly a: number;
  readonly b: number;
  readonly u: number;
  readonly x: Float64Array;
  readonly value: number;
  readonly converged: boolean;
}

/**
 * No neighbour of grid cell (i, j) along a grid line has a smaller value. Not the diagonal ones: a ridge
 * running diagonally across the grid then still yields a start on it.
 */
function isGridMinimum(grid: Float64Array, i: number, j: number, rows: number, columns: number): boolean {
  const value = grid[i * columns + j];
  return !(
    (i > 0 && grid[(i - 1) * columns + j] < value) ||
    (i + 1 < rows && grid[(i + 1) * columns + j] < value) ||
    (j > 0 && grid[i * columns + j - 1] < value) ||
    (j + 1 < columns && grid[i * columns + j + 1] < value)
  );
}
