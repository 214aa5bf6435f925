// Shared helpers for the generator tests: run a generator over many paths and pool the log returns.
import type { PathGenerator } from './api.js';

export function makeColumns(generator: PathGenerator): Float64Array[] {
  return generator.assets.map(() => new Float64Array(generator.steps + 1));
}

/** Generate paths `0..paths−1`; `onPath(k, columns)` sees each (columns are reused). */
export function forEachPath(
  generator: PathGenerator,
  paths: number,
  onPath: (k: number, columns: Float64Array[]) => void,
): void {
  const columns = makeColumns(generator);
  for (let k = 0; k < paths; k++) {
    generator.generate(k, columns);
    onPath(k, columns);
  }
}

/** Log returns of all paths pooled: `returns[i]` has `paths × steps` values for asset i. */
export function pooledLogReturns(generator: PathGenerator, paths: number): Float64Array[] {
  const steps = generator.steps;
  const out = generator.assets.map(() => new Float64Array(paths * steps));
  forEachPath(generator, paths, (k, columns) => {
    columns.forEach((c, i) => {
      for (let t = 1; t <= steps; t++) out[i][k * steps + t - 1] = Math.log(c[t] / c[t - 1]);
    });
  });
  return out;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

export function std(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

export function correlation(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function kurtosis(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let m2 = 0, m4 = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= xs.length;
  m4 /= xs.length;
  return m4 / (m2 * m2);
}

/** Lag-1 autocorrelation of the squares (a volatility-clustering statistic). */
export function squaredAutocorrelation(xs: ArrayLike<number>): number {
  const squares = Float64Array.from(xs as ArrayLike<number>, (x) => x * x);
  return correlation(squares.subarray(0, squares.length - 1), squares.subarray(1));
}

export function subset(xs: Float64Array, keep: (index: number) => boolean): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (keep(i)) out.push(xs[i]);
  return Float64Array.from(out);
}
