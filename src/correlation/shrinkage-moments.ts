import { XmarginError } from '../core/errors.js';
import { clampCorrelation } from '../linalg/clamp-correlation.js';
import type { EstimatorCheckpoint } from './estimator.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';
import { GAMMA_ROUNDING } from './constant-correlation-shrinkage.js';

/**
 * The window moments behind Ledoit & Wolf's (2004) constant-correlation shrinkage, kept up to date in O(n²)
 * per row instead of O(window·n²) per estimate (internal kernel of `LedoitWolfEstimator`; the recomputation
 * it replaces is `constantCorrelationShrinkage`, which the tests hold it to, 1e-10).
 *
 * What the intensity needs, with d = x − x̄ over the T rows of the window (see `constantCorrelationShrinkage`):
 * s_ij = Σ d_i d_j / T; for i ≠ j, π_ij = Σ d_i² d_j² / T − s_ij² and ϑ_ii,ij = Σ d_i³ d_j / T − s_ii·s_ij (π − ρ
 * does not need the diagonal π_ii). The window's
 * mean moves every row, so the centred sums are expanded in raw sums of y = x − c around a fixed shift c
 * (μ = ȳ): Σ y_i y_j, Σ y_i² y_j, Σ y_i² y_j², Σ y_i³ y_j, updated by adding the new row's products and
 * subtracting the leaving row's (3n² multiply-adds each); e.g.
 *
 *   Σ d_i² d_j² = Σy_i²y_j² − 2μ_j Σy_i²y_j − 2μ_i Σy_j²y_i + μ_j² Σy_i² + μ_i² Σy_j² + 4μ_iμ_j Σy_iy_j − 3Tμ_i²μ_j²
 *   Σ d_i³ d_j  = Σy_i³y_j − μ_j Σy_i³ − 3μ_i Σy_i²y_j + 3μ_iμ_j Σy_i² + 3μ_i² Σy_iy_j − 3Tμ_i³μ_j.
 *
 * Numerics. Add/remove leaves each sum off by a few ulps of the terms that went through it; as in
 * `RollingWindowMoments`, the turnover D2_i = Σ y_i² and D4_i = Σ y_i⁴ added and removed since the last exact
 * computation bounds that error (Hölder: ≈ ε·√(D_i·D_j) for a pair sum), and once D/Σ exceeds 10⁴ for a
 * non-constant asset (error ≈ 1e-12 of the sum's own scale) every sum is recomputed exactly from the stored
 * window, O(window·n²). The expansions cancel when the window mean strays from c, so the exact recomputation
 * re-centres (c = the window mean; the first row at the start) and also runs when some μ_i² exceeds the
 * variance s_ii. Constant assets (every value in the window equal, detected exactly as the rolling estimator
 * does) are left out, as in the recomputation.
 */
export class ShrinkageMoments {
  readonly n: number;
  readonly window: number;
  /** Rows in the window (≤ window). */
  count = 0;
  private head = 0;
  private readonly rows: Float64Array;
  private readonly shift: Float64Array;
  /** Σ y_i. */
  private readonly sum1: Float64Array;
  /** Upper triangle of Σ y_i y_j. */
  private readonly sum2: Float64Array;
  /** Full: [i·n + j] = Σ y_i² y_j. */
  private readonly sum3: Float64Array;
  /** Upper triangle of Σ y_i² y_j². */
  private readonly sum4: Float64Array;
  /** Full: [i·n + j] = Σ y_i³ y_j. */
  private readonly sum31: Float64Array;
  private readonly turnover2: Float64Array;
  private readonly turnover4: Float64Array;
  private readonly constantRun: Int32Array;
  private readonly previous: Float64Array;
  private readonly y: Float64Array;
  private readonly mu: Float64Array;
  private readonly sd: Float64Array;
  private readonly active: Int32Array;

  constructor(n: number, window: number) {
    this.n = n;
    this.window = window;
    this.rows = new Float64Array(window * n);
    this.shift = new Float64Array(n);
    this.sum1 = new Float64Array(n);
    this.sum2 = new Float64Array(n * n);
    this.sum3 = new Float64Array(n * n);
    this.sum4 = new Float64Array(n * n);
    this.sum31 = new Float64Array(n * n);
    this.turnover2 = new Float64Array(n);
    this.turnover4 = new Float64Array(n);
    this.constantRun = new Int32Array(n);
    this.previous = new Float64Array(n);
    this.y = new Float64Array(3 * n);
    this.mu = new Float64Array(n);
    this.sd = new Float64Array(n);
    this.active = new Int32Array(n);
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    for (const a of [this.sum1, this.sum2, this.sum3, this.sum4, this.sum31, this.turnover2, this.turnover4]) a.fill(0);
    this.constantRun.fill(0);
  }

  /** Every field as it is now (the stored window included), restorable bit for bit. */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([
      this.rows, this.shift, this.sum1, this.sum2, this.sum3, this.sum4, this.sum31,
      this.turnover2, this.turnover4, this.constantRun, this.previous,
    ]);
    const { count, head } = this;
    return {
      restore: () => {
        arrays.restore();
        this.count = count;
        this.head = head;
      },
    };
  }

  push(x: ArrayLike<number>): void {
    const { n } = this;
    if (this.count === 0) for (let i = 0; i < n; i++) this.shift[i] = x[i];
    for (let i = 0; i < n; i++) {
      this.constantRun[i] = this.count > 0 && x[i] === this.previous[i] ? this.constantRun[i] + 1 : 0;
      this.previous[i] = x[i];
    }
    const slot = this.head * n;
    if (this.count === this.window) this.accumulate(this.rows, slot, -1);
    else this.count++;
    for (let i = 0; i < n; i++) this.rows[slot + i] = x[i];
    this.accumulate(this.rows, slot, 1);
    this.head = this.head + 1 === this.window ? 0 : this.head + 1;
    if (this.hasDrifted()) this.recomputeExactly();
  }

  /**
   * The shrinkage of the window (needs count ≥ 2): writes the shrunk correlation `δ*·r̄ + (1 − δ*)·r_ij`
   * (unit diagonal, 0 for constant assets, clamped to [−1, 1]) and the sample standard deviations (divisor
   * T − 1) and returns δ* and r̄. O(n²).
   */
  shrink(correlation: Float64Array, volatility: Float64Array): { intensity: number; averageCorrelation: number } {
    if (!this.centre()) {
      this.recomputeExactly();
      const asset = this.centre() ? -1 : this.unmeasurable();
      if (asset >= 0) {
        // Only for values that differ below rounding (|returns| ~1e-160, whose squares underflow): the
        // recomputation divides 0 by 0 there too. Refused rather than turned into NaN.
        throw new XmarginError('E_INPUT', `shrinkage correlation: asset ${asset} varies in the window but its variance is not measurable in floating point (values equal to within rounding); expected returns of ordinary size`);
      }
    }
    const { n, count: T, mu, sd, active, sum2, sum3, sum4, sum31 } = this;
    let m = 0;
    for (let i = 0; i < n; i++) if (!this.isConstant(i)) active[m++] = i;
    // s_ij = Σ y_i y_j / T − μ_i μ_j, r̄ over the active pairs.
    let correlationSum = 0;
    for (let a = 0; a < m; a++) {
      const i = active[a];
      for (let b = a + 1; b < m; b++) {
        const j = active[b];
        correlationSum += (sum2[i * n + j] / T - mu[i] * mu[j]) / (sd[i] * sd[j]);
      }
    }
    const averageCorrelation = m >= 2 ? (2 * correlationSum) / (m * (m - 1)) : 0;
    let intensity = 0;
    if (m >= 2) {
      let pi = 0;
      let thetaSum = 0;
      let gamma = 0;
      let gammaScale = 0;
      for (let a = 0; a < m; a++) {
        const i = active[a];
        const mi = mu[i];
        const sii = sd[i] * sd[i];
        for (let b = a + 1; b < m; b++) {
          const j = active[b];
          const mj = mu[j];
          const sjj = sd[j] * sd[j];
          const upper = i * n + j;
          const sij = sum2[upper] / T - mi * mj;
          const squares =
            sum4[upper] - 2 * mj * sum3[i * n + j] - 2 * mi * sum3[j * n + i] + mj * mj * sum2[i * n + i] + mi * mi * sum2[j * n + j] +
            4 * mi * mj * sum2[upper] - 3 * T * mi * mi * mj * mj;
          pi += 2 * (squares / T - sij * sij);
          // T·ϑ_ii,ij and T·ϑ_jj,ij, each weighted by its √(s_jj/s_ii) as in the paper's ρ.
          const cubeI = sum31[i * n + j] - mj * sum3[i * n + i] - 3 * mi * sum3[i * n + j] + 3 * mi * mj * sum2[i * n + i] + 3 * mi * mi * sum2[upper] - 3 * T * mi ** 3 * mj;
          const cubeJ = sum31[j * n + i] - mi * sum3[j * n + j] - 3 * mj * sum3[j * n + i] + 3 * mi * mj * sum2[j * n + j] + 3 * mj * mj * sum2[upper] - 3 * T * mj ** 3 * mi;
          thetaSum += (sd[j] / sd[i]) * (cubeI - T * sii * sij) + (sd[i] / sd[j]) * (cubeJ - T * sjj * sij);
          gamma += 2 * (averageCorrelation * sd[i] * sd[j] - sij) ** 2;
          gammaScale += 2 * sii * sjj;
        }
      }
      // π − ρ = Σ_{i≠j} π_ij − r̄·Σ ϑ terms / T: the diagonal Σ π_ii cancels and is never formed.
      const excess = pi - (averageCorrelation * thetaSum) / T;
      if (gamma > GAMMA_ROUNDING * gammaScale) intensity = Math.max(0, Math.min(1, excess / gamma / T));
    }
    correlation.fill(0);
    volatility.fill(0);
    for (let i = 0; i < n; i++) correlation[i * n + i] = 1;
    for (let a = 0; a < m; a++) {
      const i = active[a];
      volatility[i] = Math.sqrt((sd[i] * sd[i] * T) / (T - 1));
      for (let b = a + 1; b < m; b++) {
        const j = active[b];
        const sij = sum2[i * n + j] / T - mu[i] * mu[j];
        const value = clampCorrelation(intensity * averageCorrelation + ((1 - intensity) * sij) / (sd[i] * sd[j]));
        correlation[i * n + j] = value;
        correlation[j * n + i] = value;
      }
    }
    return { intensity, averageCorrelation };
  }

  /** True when asset `i` has the same value in every row of the window. */
  private isConstant(i: number): boolean {
    return this.constantRun[i] >= this.count - 1;
  }

  /**
   * μ and sd of every non-constant asset from the sums; false when a variance is not positive or some μ_i²
   * exceeds it (the expansions would cancel too much): then the caller recomputes exactly and re-centres.
   */
  private centre(): boolean {
    const { n, count: T, mu, sd, sum1, sum2 } = this;
    for (let i = 0; i < n; i++) {
      mu[i] = sum1[i] / T;
      const variance = sum2[i * n + i] / T - mu[i] * mu[i];
      sd[i] = Math.sqrt(variance);
      if (!this.isConstant(i) && !(variance > 0 && mu[i] * mu[i] <= variance)) return false;
    }
    return true;
  }

  /** The first non-constant asset whose variance `centre` could not use. */
  private unmeasurable(): number {
    const { n, mu, sd } = this;
    for (let i = 0; i < n; i++) if (!this.isConstant(i) && !(sd[i] > 0 && mu[i] * mu[i] <= sd[i] * sd[i])) return i;
    return -1;
  }

  /** Add (`sign` 1) or remove (−1) the row at `rows[slot]`: O(n²). */
  private accumulate(rows: Float64Array, slot: number, sign: number): void {
    const { n, y, shift, sum1, sum2, sum3, sum4, sum31 } = this;
    // y[i] = x_i − c_i, y[n + i] = y_i², y[2n + i] = y_i³.
    for (let i = 0; i < n; i++) {
      const v = rows[slot + i] - shift[i];
      const square = v * v;
      y[i] = v;
      y[n + i] = square;
      y[2 * n + i] = square * v;
      sum1[i] += sign * v;
      this.turnover2[i] += square;
      this.turnover4[i] += square * square;
    }
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const vi = sign * y[i];
      const squareI = sign * y[n + i];
      const cubeI = sign * y[2 * n + i];
      for (let j = i; j < n; j++) {
        sum2[row + j] += vi * y[j];
        sum4[row + j] += squareI * y[n + j];
      }
      for (let j = 0; j < n; j++) {
        const vj = y[j];
        sum3[row + j] += squareI * vj;
        sum31[row + j] += cubeI * vj;
      }
    }
  }

  /** True when the turnover of some non-constant asset's second or fourth powers exceeds 10⁴ times their sum. */
  private hasDrifted(): boolean {
    const { n, sum2, sum4 } = this;
    for (let i = 0; i < n; i++) {
      if (this.isConstant(i)) continue;
      if (!(this.turnover2[i] <= 1e4 * sum2[i * n + i]) || !(this.turnover4[i] <= 1e4 * sum4[i * n + i])) return true;
    }
    return false;
  }

  /** Re-centre on the window mean and recompute every sum from the stored rows. O(window·n²). */
  private recomputeExactly(): void {
    const { n, count, shift } = this;
    shift.fill(0);
    for (let t = 0; t < count; t++) for (let i = 0; i < n; i++) shift[i] += this.rows[t * n + i];
    for (let i = 0; i < n; i++) shift[i] /= count;
    for (const a of [this.sum1, this.sum2, this.sum3, this.sum4, this.sum31]) a.fill(0);
    for (let t = 0; t < count; t++) this.accumulate(this.rows, t * n, 1);
    for (let i = 0; i < n; i++) {
      this.turnover2[i] = this.sum2[i * n + i];
      this.turnover4[i] = this.sum4[i * n + i];
    }
  }
}
