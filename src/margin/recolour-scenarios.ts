import { choleskyPsd } from '../linalg/cholesky-psd.js';

/** Pivot tolerance of the factorisations (as the estimators' validity check). */
const PIVOT_TOLERANCE = 1e-10;
/** Below this Cholesky diagonal the own scenarios' correlation counts as singular (as the correlation-shock overlay). */
const FULL_RANK = 1e-6;

/**
 * Historical scenarios re-expressed with other volatilities and another correlation, keeping their means and
 * the shape the whitening preserves. For `m` assets with scenario columns `X_a` (length `L`), means `μ_a`
 * and sample deviations `s_a` (divisor L − 1):
 *
 *   Z = (X − μ) / s            standardise;
 *   W = Z · L_C^{−T}           whiten with the Cholesky factor of the scenarios' own correlation C;
 *   X' = μ + k · s · (W · L_Tᵀ) colour with the target's factor, scale column a by k_a.
 *
 * Since WᵀW/(L − 1) = I, X' has sample correlation exactly T and sample deviations `k_a · s_a`, and the same
 * means (the correlation-shock overlay's re-colouring, applied to a margin lookback). Cholesky in asset
 * order: the first asset's column keeps its shape; the others become combinations of the whitened columns.
 * Without a target correlation the columns are only rescaled about their means, `X'_a = μ_a + k_a (X_a − μ_a)`.
 *
 * Buffers are sized once for `assets × lookback`; nothing is allocated per call.
 */
export class ScenarioRecolouring {
  readonly mean: Float64Array;
  readonly deviation: Float64Array;
  /** The re-expressed columns, `out[a · lookback + k]` for the active asset `a` (asset index, not rank), k from 0. */
  readonly out: Float64Array;
  private readonly own: Float64Array;
  private readonly target: Float64Array;
  private readonly lowerOwn: Float64Array;
  private readonly lowerTarget: Float64Array;
  private readonly whitened: Float64Array;

  constructor(readonly assets: number, readonly lookback: number) {
    this.mean = new Float64Array(assets);
    this.deviation = new Float64Array(assets);
    this.out = new Float64Array(assets * lookback);
    this.own = new Float64Array(assets * assets);
    this.target = new Float64Array(assets * assets);
    this.lowerOwn = new Float64Array(assets * assets);
    this.lowerTarget = new Float64Array(assets * assets);
    this.whitened = new Float64Array(assets);
  }

  /**
   * Means and sample deviations (divisor L − 1) of the active assets' columns. A column is
   * `source[a][first … first + L − 1]` (read in place: no view is made per access).
   */
  moments(source: readonly Float64Array[], first: number, active: Int32Array, count: number): void {
    const L = this.lookback;
    for (let r = 0; r < count; r++) {
      const a = active[r];
      const x = source[a];
      let sum = 0;
      for (let k = first; k < first + L; k++) sum += x[k];
      const mu = sum / L;
      let squares = 0;
      for (let k = first; k < first + L; k++) squares += (x[k] - mu) * (x[k] - mu);
      this.mean[a] = mu;
      this.deviation[a] = Math.sqrt(squares / (L - 1));
    }
  }

  /** Sample correlation of columns `a` and `b` whose moments are known (0 when either does not move). */
  correlation(source: readonly Float64Array[], first: number, a: number, b: number): number {
    const sa = this.deviation[a];
    const sb = this.deviation[b];
    if (!(sa > 0 && sb > 0)) return a === b ? 1 : 0;
    const x = source[a];
    const y = source[b];
    const ma = this.mean[a];
    const mb = this.mean[b];
    let sum = 0;
    for (let k = first; k < first + this.lookback; k++) sum += (x[k] - ma) * (y[k] - mb);
    return sum / ((this.lookback - 1) * sa * sb);
  }

  /**
   * Write the re-expressed columns of the active assets into `out`: scaled by `scale[a]` (null: 1) and,
   * with `correlation` (a full `assets × assets` matrix), re-coloured to it. Returns false when the
   * re-colouring is impossible: an active asset that does not move in the lookback, collinear columns (a
   * singular own correlation), or a target that is not positive semidefinite. `moments` must have run.
   */
  apply(source: readonly Float64Array[], first: number, active: Int32Array, count: number, scale: Float64Array | null, correlation: Float64Array | null): boolean {
    const L = this.lookback;
    const { mean, deviation, out } = this;
    if (correlation === null) {
      for (let r = 0; r < count; r++) {
        const a = active[r];
        const x = source[a];
        const k = scale ? scale[a] : 1;
        const mu = mean[a];
        const base = a * L - first;
        for (let i = first; i < first + L; i++) out[base + i] = mu + k * (x[i] - mu);
      }
      return true;
    }
    const m = count;
    for (let r = 0; r < m; r++) if (!(deviation[active[r]] > 0)) return false;
    const n = this.assets;
    for (let i = 0; i < m; i++) {
      const a = active[i];
      for (let j = 0; j <= i; j++) {
        const b = active[j];
        const own = i === j ? 1 : this.correlation(source, first, a, b);
        this.own[i * m + j] = this.own[j * m + i] = own;
        const target = i === j ? 1 : correlation[a * n + b];
        this.target[i * m + j] = this.target[j * m + i] = target;
      }
    }
    const lowerOwn = choleskyPsd(this.own.subarray(0, m * m), m, this.lowerOwn.subarray(0, m * m), PIVOT_TOLERANCE);
    if (lowerOwn === null) return false;
    for (let i = 0; i < m; i++) if (!(lowerOwn[i * m + i] > FULL_RANK)) return false;
    const lowerTarget = choleskyPsd(this.target.subarray(0, m * m), m, this.lowerTarget.subarray(0, m * m), PIVOT_TOLERANCE);
    if (lowerTarget === null) return false;
    const w = this.whitened;
    for (let k = 0; k < L; k++) {
      // Forward substitution L_C · w = z for the standardised scenario row z.
      for (let i = 0; i < m; i++) {
        const a = active[i];
        let sum = (source[a][first + k] - mean[a]) / deviation[a];
        for (let j = 0; j < i; j++) sum -= lowerOwn[i * m + j] * w[j];
        w[i] = sum / lowerOwn[i * m + i];
      }
      for (let i = 0; i < m; i++) {
        const a = active[i];
        let coloured = 0;
        for (let j = 0; j <= i; j++) coloured += lowerTarget[i * m + j] * w[j];
        out[a * L + k] = mean[a] + (scale ? scale[a] : 1) * deviation[a] * coloured;
      }
    }
    return true;
  }
}
