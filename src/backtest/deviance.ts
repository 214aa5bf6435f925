/**
 * The binomial deviance term `bd0(x, m) = x·ln(x/m) + m − x` of Loader (2000), "Fast and Accurate
 * Computation of Binomial Probabilities". Every likelihood ratio in this folder is a sum of these terms:
 * the `m − x` parts cancel across cells that share a total, and what is left is `Σ x·ln(x/m)`.
 *
 * Written this way the term is never a difference of two large logarithms: when `x` is close to `m`
 * the series `(x − m)·v + 2x·Σ v^(2j+1)/(2j+1)` with `v = (x − m)/(x + m)` keeps full relative precision,
 * so a ratio statistic near zero is computed as a small number, not as round-off.
 *
 * Conventions: `0·ln 0 = 0`, so `deviance(0, m) = m` (and `deviance(0, 0) = 0`). `m > 0` whenever `x > 0`.
 * O(1) (a short series near `x = m`).
 */
export function deviance(x: number, mean: number): number {
  if (x === 0) return mean;
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    let v = (x - mean) / (x + mean);
    let sum = (x - mean) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}
