export interface ConstantCorrelationShrinkage {
  /** Shrinkage intensity δ* ∈ [0, 1] toward the constant-correlation target. */
  readonly intensity: number;
  /** r̄: the average off-diagonal sample correlation (of the non-constant assets). */
  readonly averageCorrelation: number;
}

/**
 * γ = Σ_{i≠j} (r̄ − r_ij)²·s_ii·s_jj is the dispersion of the sample correlations around r̄, weighted by
 * s_ii·s_jj. Below 1e-20 of Σ_{i≠j} s_ii·s_jj (correlations equal to ~1e-10) it is rounding: γ is exactly 0 with
 * two assets (r̄ = r_12) or when every correlation is the same (copies, negations), and (π − ρ)/γ is then
 * noise anywhere in [0, 1] (the shrunk matrix is the sample one whatever δ*). δ* is 0 there, as for γ = 0.
 */
export const GAMMA_ROUNDING = 1e-20;

/**
 * Ledoit & Wolf (2004), "Honey, I shrunk the sample covariance matrix", J. Portfolio Management 30(4):
 * shrinkage of the sample covariance `S` (sample mean removed, divisor T, as in the paper) toward the
 * constant-correlation target `F` (`f_ii = s_ii`, `f_ij = r̄·√(s_ii·s_jj)`), with the closed-form intensity
 *
 *   δ* = max(0, min(1, κ/T)),  κ = (π − ρ)/γ,
 *   π  = Σ_ij (1/T) Σ_t ((x_it − x̄_i)(x_jt − x̄_j) − s_ij)²,
 *   ρ  = Σ_i π_ii + Σ_{i≠j} (r̄/2)·(√(s_jj/s_ii)·ϑ_ii,ij + √(s_ii/s_jj)·ϑ_jj,ij),
 *   ϑ_ii,ij = (1/T) Σ_t ((x_it − x̄_i)² − s_ii)·((x_it − x̄_i)(x_jt − x̄_j) − s_ij),
 *   γ  = ‖F − S‖²_F.
 *
 * The two ϑ terms of ρ are mirror images, so ρ = Σ_i π_ii + r̄·Σ_{i≠j} √(s_jj/s_ii)·ϑ_ii,ij is accumulated
 * in one pass, and π − ρ = Σ_{i≠j} π_ij − r̄·Σ_{i≠j} √(s_jj/s_ii)·ϑ_ii,ij without the Σ_i π_ii both contain. Since `F` and `S` share their diagonal, the shrunk correlation is `δ*·r̄ + (1 − δ*)·r_ij`.
 *
 * `data` holds `rows` return rows of `n` assets, row-major, in any row order (every quantity is a sum over
 * rows, so a ring buffer can be passed as is). Assets that are constant over the rows are left out of the
 * whole computation (they have no correlation); `δ* = 0` when fewer than two assets remain or γ = 0 (to
 * rounding: `GAMMA_ROUNDING`).
 * If `covariance` (n × n) is given, the shrunk covariance is written there (0 for constant assets).
 * Three passes over the data, O(rows·n²).
 */
export function constantCorrelationShrinkage(
  data: Float64Array,
  rows: number,
  n: number,
  covariance?: Float64Array,
): ConstantCorrelationShrinkage {
  const active = activeAssets(data, rows, n);
  const m = active.length;
  const mean = new Float64Array(m);
  const deviation = new Float64Array(m);
  const sample = new Float64Array(m * m);
  for (let t = 0; t < rows; t++) for (let a = 0; a < m; a++) mean[a] += data[t * n + active[a]];
  for (let a = 0; a < m; a++) mean[a] /= rows;
  for (let t = 0; t < rows; t++) {
    for (let a = 0; a < m; a++) deviation[a] = data[t * n + active[a]] - mean[a];
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) sample[a * m + b] += deviation[a] * deviation[b];
  }
  const sd = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) sample[b * m + a] = sample[a * m + b] /= rows;
    sd[a] = Math.sqrt(sample[a * m + a]);
  }
  let correlationSum = 0;
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) correlationSum += sample[a * m + b] / (sd[a] * sd[b]);
  const averageCorrelation = m >= 2 ? (2 * correlationSum) / (m * (m - 1)) : 0;

  let intensity = 0;
  if (m >= 2) {
    let pi = 0;
    let thetaSum = 0;
    const squareDeviation = new Float64Array(m);
    const scaledSquare = new Float64Array(m);
    for (let t = 0; t < rows; t++) {
      for (let a = 0; a < m; a++) {
        deviation[a] = data[t * n + active[a]] - mean[a];
        squareDeviation[a] = deviation[a] * deviation[a] - sample[a * m + a];
        scaledSquare[a] = squareDeviation[a] / sd[a];
      }
      // Upper triangle only: p_ab = p_ba, so π gets 2·p² and ϑ both mirror terms per pair.
      for (let a = 0; a < m; a++) {
        const da = deviation[a];
        const ua = scaledSquare[a];
        const sdA = sd[a];
        const row = a * m;
        for (let b = a + 1; b < m; b++) {
          const p = da * deviation[b] - sample[row + b];
          pi += 2 * p * p;
          thetaSum += (sd[b] * ua + sdA * scaledSquare[b]) * p;
        }
      }
    }
    // π − ρ without the diagonal Σ π_ii, which both contain: with assets of very different scales it can
    // exceed the rest by many orders of magnitude, and subtracting it from itself lost those digits.
    const excess = (pi - averageCorrelation * thetaSum) / rows;
    let gamma = 0;
    let gammaScale = 0;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        if (a === b) continue;
        gamma += (averageCorrelation * sd[a] * sd[b] - sample[a * m + b]) ** 2;
        gammaScale += sample[a * m + a] * sample[b * m + b];
      }
    }
    if (gamma > GAMMA_ROUNDING * gammaScale) intensity = Math.max(0, Math.min(1, excess / gamma / rows));
  }

  if (covariance) {
    covariance.fill(0);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        const target = a === b ? sample[a * m + a] : averageCorrelation * sd[a] * sd[b];
        covariance[active[a] * n + active[b]] = intensity * target + (1 - intensity) * sample[a * m + b];
      }
    }
  }
  return { intensity, averageCorrelation };
}

/** Indices of the assets whose value is not the same in every row. */
function activeAssets(data: Float64Array, rows: number, n: number): number[] {
  const active: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 1; t < rows; t++) {
      if (data[t * n + i] !== data[i]) {
        active.push(i);
        break;
      }
    }
  }
  return active;
}
