import { clampCorrelation } from '../linalg/clamp-correlation.js';
import type { EstimatorCheckpoint } from './estimator.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';
/**
 * Mean and co-moment matrix of the last `window` rows of an `n`-asset return stream (internal kernel
 * of the rolling estimator and of `rollingCorrelationMatrixSeries`).
 *
 * Numerics: each step removes the row leaving the window and adds the new one with Welford's update
 * (add: `C += (x − m_old)(x − m_new)ᵀ`; remove: the inverse), fused into one pass over the upper
 * triangle, O(n²). Add/remove updates drift: each step's rounding error in `C_ij` is a few ulps of the
 * terms added and removed, so the error accumulated since the last exact computation is bounded by
 * ε·√(D_i·D_j), where `D_i` sums the squared deviations added to and removed from `C_ii`. Relative to the
 * correlation's scale √(C_ii·C_jj) that is ε·max_i(D_i/C_ii). Whenever `D_i/C_ii` exceeds 10⁴ for some
 * non-constant asset (error bound ≈ 1e-12: in stationary data only after thousands of windows; after a
 * collapse of volatility, as soon as the large returns have left the window), the moments are recomputed
 * exactly from the stored window by the two-pass formula, O(window·n²), and `D` restarts at `C`.
 *
 * Constant columns are detected exactly (no threshold): `constantRun[i]` counts the trailing rows whose
 * value equals the previous row's, so asset `i` is constant over the window iff `constantRun[i] ≥ count − 1`.
 */
export class RollingWindowMoments {
  readonly n: number;
  readonly window: number;
  /** Rows currently in the window (≤ window). */
  count = 0;
  readonly mean: Float64Array;
  /** Upper triangle (j ≥ i) of Σ (x − m)(x − m)ᵀ over the window; the lower triangle is not maintained. */
  readonly comoment: Float64Array;
  private readonly rows: Float64Array;
  private head = 0;
  private readonly constantRun: Int32Array;
  private readonly previous: Float64Array;
  private readonly added: Float64Array;
  private readonly removed: Float64Array;
  /** D_i: Σ squared deviations added to / removed from C_ii since the last exact computation. */
  private readonly turnover: Float64Array;
  /** Scratch of `writeCorrelation`: the full matrix before it is copied out. */
  private readonly matrix: Float64Array;

  constructor(n: number, window: number) {
    this.n = n;
    this.window = window;
    this.mean = new Float64Array(n);
    this.comoment = new Float64Array(n * n);
    this.rows = new Float64Array(window * n);
    this.constantRun = new Int32Array(n);
    this.previous = new Float64Array(n);
    this.added = new Float64Array(n);
    this.removed = new Float64Array(n);
    this.turnover = new Float64Array(n);
    this.matrix = new Float64Array(n * n);
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    this.turnover.fill(0);
    this.mean.fill(0);
    this.comoment.fill(0);
    this.constantRun.fill(0);
  }

  /** Every field as it is now (the stored window included), restorable bit for bit. */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.mean, this.comoment, this.rows, this.constantRun, this.previous, this.added, this.removed, this.turnover]);
    const { count, head } = this;
    return {
      restore: () => {
        arrays.restore();
        this.count = count;
        this.head = head;
      },
    };
  }

  /** True when asset `i` has the same value in every row of the window. */
  isConstant(i: number): boolean {
    return this.constantRun[i] >= this.count - 1;
  }

  push(x: ArrayLike<number>): void {
    const { n, mean, comoment, added, removed } = this;
    const slot = this.head * n;
    for (let i = 0; i < n; i++) {
      this.constantRun[i] = this.count > 0 && x[i] === this.previous[i] ? this.constantRun[i] + 1 : 0;
      this.previous[i] = x[i];
    }
    if (this.count === this.window) {
      // Replace the oldest row `o` by `x` at constant count k. With m' the mean of the k−1 rows kept,
      // Welford's remove and add outer products are both multiples of symmetric ones:
      //   C += ((k−1)/k)·[(x − m')(x − m')ᵀ − (o − m')(o − m')ᵀ],  m_new = m' + (x − m')/k.
      const k = this.count;
      const inverseK = 1 / k;
      const inverseKept = 1 / (k - 1);
      for (let i = 0; i < n; i++) {
        const old = this.rows[slot + i];
        const kept = mean[i] - (old - mean[i]) * inverseKept;
        added[i] = x[i] - kept;
        removed[i] = old - kept;
        mean[i] = kept + added[i] * inverseK;
        this.turnover[i] += added[i] * added[i] + removed[i] * removed[i];
      }
      const c = (k - 1) / k;
      for (let i = 0; i < n; i++) {
        const a = c * added[i];
        const r = c * removed[i];
        const row = i * n;
        for (let j = i; j < n; j++) comoment[row + j] += a * added[j] - r * removed[j];
      }
    } else {
      // Welford add (k−1 → k rows): C += ((k−1)/k)·(x − m_old)(x − m_old)ᵀ.
      const k = this.count + 1;
      for (let i = 0; i < n; i++) {
        added[i] = x[i] - mean[i];
        mean[i] += added[i] / k;
        this.turnover[i] += added[i] * added[i];
      }
      const c = (k - 1) / k;
      for (let i = 0; i < n; i++) {
        const a = c * added[i];
        const row = i * n;
        for (let j = i; j < n; j++) comoment[row + j] += a * added[j];
      }
      this.count = k;
    }
    for (let i = 0; i < n; i++) this.rows[slot + i] = x[i];
    this.head = this.head + 1 === this.window ? 0 : this.head + 1;
    if (this.count === this.window && this.hasDrifted()) this.recomputeExactly();
  }

  /** True when the drift bound ε·D_i/C_ii of some non-constant asset exceeds ≈ 1e-12 (see the class comment). */
  private hasDrifted(): boolean {
    const { n, comoment, turnover } = this;
    for (let i = 0; i < n; i++) {
      const c = comoment[i * n + i];
      if (!(turnover[i] <= 1e4 * c) && !this.isConstant(i)) return true;
    }
    return false;
  }

  /** Two-pass mean and co-moments of the stored window. */
  recomputeExactly(): void {
    const { n, mean, comoment, count, rows } = this;
    mean.fill(0);
    comoment.fill(0);
    for (let t = 0; t < count; t++) for (let i = 0; i < n; i++) mean[i] += rows[t * n + i];
    for (let i = 0; i < n; i++) mean[i] /= count;
    const d = this.added;
    for (let t = 0; t < count; t++) {
      for (let i = 0; i < n; i++) d[i] = rows[t * n + i] - mean[i];
      for (let i = 0; i < n; i++) {
        const di = d[i];
        const row = i * n;
        for (let j = i; j < n; j++) comoment[row + j] += di * d[j];
      }
    }
    for (let i = 0; i < n; i++) this.turnover[i] = comoment[i * n + i];
  }

  /**
   * Pearson correlation of the window into `out` (full `n × n`, unit diagonal), and, if given, the sample
   * standard deviations (divisor count − 1) into `volatility`. The matrix starts at `out[offset]`. A constant (zero-variance) asset has
   * correlation 0 with every other asset and volatility 0. Entries are clamped to [−1, 1]. O(n²).
   */
  writeCorrelation(out: Float64Array, volatility?: Float64Array, offset = 0): void {
    const { n, comoment, count, matrix } = this;
    const inverseDeviation = this.added;
    for (let i = 0; i < n; i++) {
      const c = comoment[i * n + i];
      const flat = this.isConstant(i) || !(c > 0);
      inverseDeviation[i] = flat ? 0 : 1 / Math.sqrt(c);
      if (volatility) volatility[i] = flat || count < 2 ? 0 : Math.sqrt(c / (count - 1));
    }
    // Both halves into the small scratch matrix (it stays in L1), then one contiguous copy: 35–40 % faster than
    // writing the upper triangle into `out` and mirroring it there (30 assets, this machine).
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const si = inverseDeviation[i];
      matrix[row + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const rho = clampCorrelation(comoment[row + j] * si * inverseDeviation[j]);
        matrix[row + j] = rho;
        matrix[j * n + i] = rho;
      }
    }
    out.set(matrix, offset);
  }
}
