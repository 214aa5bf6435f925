import { clampCorrelation } from '../linalg/clamp-correlation.js';
/**
 * A summary of the sample correlation matrix of returns, for `inspect`: the spread of the off-diagonal,
 * the extreme pairs, and whether the matrix is singular (and why), which a covariance-based margin model
 * must know before it inverts or factorises it.
 */

export interface PairCorrelation {
  readonly a: string;
  readonly b: string;
  readonly correlation: number;
}

export interface CorrelationSummary {
  /** Off-diagonal pairs, n(n − 1)/2. */
  readonly pairs: number;
  /** Min / median / max off-diagonal correlation over pairs of non-constant assets (NaN without pairs). */
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly mostCorrelated: PairCorrelation | null;
  readonly leastCorrelated: PairCorrelation | null;
  /** Numerical rank of the correlation matrix (pivoted Cholesky, pivot tolerance 1e-10). */
  readonly rank: number;
  /** True when rank < n: some combination of assets has zero sample variance. */
  readonly singular: boolean;
  /** Pairs with |ρ| ≥ 1 − 1e-10: identical or perfectly collinear returns, the first `COLLINEAR_LISTED` of them. */
  readonly collinearPairs: PairCorrelation[];
  /** How many pairs are collinear in all (the list above stops at `COLLINEAR_LISTED`). */
  readonly collinearPairCount: number;
  /** Assets whose returns never change (zero variance): their correlations are undefined. */
  readonly constantAssets: string[];
}

const COLLINEAR = 1 - 1e-10;
/** Collinear pairs listed at most: 10,000 identical columns would otherwise list 50 million pairs. */
export const COLLINEAR_LISTED = 100;
const PIVOT_TOLERANCE = 1e-10;

/** Sample (Pearson) correlation matrix of return columns, row-major n × n; NaN rows for constant columns. */
export function returnCorrelation(returns: readonly Float64Array[]): Float64Array {
  const n = returns.length;
  const length = n ? returns[0].length : 0;
  const centred = returns.map((column) => {
    let sum = 0;
    for (let t = 0; t < length; t++) sum += column[t];
    const mean = sum / length;
    const out = new Float64Array(length);
    for (let t = 0; t < length; t++) out[t] = column[t] - mean;
    return out;
  });
  const norms = centred.map((column) => Math.sqrt(dot(column, column)));
  const correlation = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = i === j ? (norms[i] > 0 ? 1 : NaN) : dot(centred[i], centred[j]) / (norms[i] * norms[j]);
      const clamped = clampCorrelation(value);
      correlation[i * n + j] = clamped;
      correlation[j * n + i] = clamped;
    }
  }
  return correlation;
}

export function summariseCorrelation(correlation: Float64Array, assets: readonly string[]): CorrelationSummary {
  const n = assets.length;
  const constant = assets.filter((_, i) => !(correlation[i * n + i] === 1));
  const values: number[] = [];
  const collinearPairs: PairCorrelation[] = [];
  let collinearPairCount = 0;
  let most: PairCorrelation | null = null;
  let least: PairCorrelation | null = null;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const rho = correlation[i * n + j];
      if (rho !== rho) continue;
      values.push(rho);
      const pair = { a: assets[i], b: assets[j], correlation: rho };
      if (most === null || rho > most.correlation) most = pair;
      if (least === null || rho < least.correlation) least = pair;
      if (Math.abs(rho) >= COLLINEAR && collinearPairCount++ < COLLINEAR_LISTED) collinearPairs.push(pair);
    }
  }
  values.sort((x, y) => x - y);
  const mid = values.length >> 1;
  const rank = numericalRank(correlation, n);
  return {
    pairs: (n * (n - 1)) / 2,
    min: values.length ? values[0] : NaN,
    median: values.length === 0 ? NaN : values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2,
    max: values.length ? values[values.length - 1] : NaN,
    mostCorrelated: most,
    leastCorrelated: least,
    rank,
    singular: rank < n,
    collinearPairs,
    collinearPairCount,
    constantAssets: constant,
  };
}

/**
 * Rank by Cholesky with complete (diagonal) pivoting: at each step eliminate the largest remaining diagonal;
 * stop when it falls below the tolerance (Higham, "Accuracy and Stability of Numerical Algorithms", §10.3).
 * NaN entries (constant assets) count as zero. O(n³), n is the number of assets.
 */
function numericalRank(correlation: Float64Array, n: number): number {
  const a = Float64Array.from(correlation, (x) => (x === x ? x : 0));
  const remaining = Array.from({ length: n }, (_, i) => i);
  let rank = 0;
  while (remaining.length) {
    let pivotAt = 0;
    for (let k = 1; k < remaining.length; k++) {
      if (a[remaining[k] * n + remaining[k]] > a[remaining[pivotAt] * n + remaining[pivotAt]]) pivotAt = k;
    }
    const p = remaining[pivotAt];
    const pivot = a[p * n + p];
    if (!(pivot > PIVOT_TOLERANCE)) break;
    remaining.splice(pivotAt, 1);
    rank++;
    for (const i of remaining) {
      const factor = a[i * n + p] / pivot;
      for (const j of remaining) a[i * n + j] -= factor * a[p * n + j];
    }
  }
  return rank;
}

function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < x.length; t++) sum += x[t] * y[t];
  return sum;
}
