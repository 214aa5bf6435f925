import { symmetricEigen } from '../linalg/symmetric-eigen.js';

/** Below this eigenvalue the own scenarios' correlation counts as singular (collinear columns). */
const FULL_RANK = 1e-12;
/** A target correlation with an eigenvalue below −this is not positive semidefinite. */
const PSD_TOLERANCE = 1e-10;

/**
 * Historical scenarios re-expressed with other volatilities and another correlation, keeping their means and
 * moving them as little as possible. For `m` assets with scenario columns `X_a` (length `L`), means `μ_a`
 * and sample deviations `s_a` (divisor L − 1), own sample correlation `C` and target correlation `T`:
 *
 *   Z = (X − μ) / s                                   standardise (ZᵀZ / (L − 1) = C);
 *   A = C^{−½} (C^{½} T C^{½})^{½} C^{−½}             the symmetric map with AᵀCA = T;
 *   X' = μ + k · s · (Z · A)                          re-colour, scale column a by k_a.
 *
 * X' has sample correlation exactly T (to rounding) and sample deviations `k_a · s_a`, and the same means.
 * Of all linear maps that give the standardised scenarios the correlation T, A moves them least in the mean
 * square: it is the optimal-transport (Monge) map between centred normal laws with correlations C and T
 * (Olkin & Pukelsheim 1982, "The distance between two random vectors with given dispersion matrices",
 * Linear Algebra Appl. 48; Knott & Smith 1984, J. Optim. Theory Appl. 43). It is symmetric in the assets:
 * re-ordering them re-orders the result and changes nothing else, so an exceedance's attribution cannot
 * depend on the order of the book (a Cholesky factor in asset order would keep the first asset's column and
 * bend the others). With two assets C and T share their eigenvectors and A = C^{−½} T^{½}:
 * z'₁ = ½(α + β) z₁ + ½(α − β) z₂ (and symmetrically), α = √((1 + ρ_T)/(1 + ρ_C)), β = √((1 − ρ_T)/(1 − ρ_C)).
 * Without a target correlation the columns are only rescaled about their means, `X'_a = μ_a + k_a (X_a − μ_a)`.
 *
 * Buffers are sized once for `assets × lookback`; the three eigen-decompositions of a re-colouring allocate
 * (it runs only for an exceedance's attribution, not per step).
 */
export class ScenarioRecolouring {
  readonly mean: Float64Array;
  readonly deviation: Float64Array;
  /** The re-expressed columns, `out[a · lookback + k]` for the active asset `a` (asset index, not rank), k from 0. */
  readonly out: Float64Array;
  private readonly own: Float64Array;
  private readonly target: Float64Array;
  private readonly standardised: Float64Array;

  constructor(readonly assets: number, readonly lookback: number) {
    this.mean = new Float64Array(assets);
    this.deviation = new Float64Array(assets);
    this.out = new Float64Array(assets * lookback);
    this.own = new Float64Array(assets * assets);
    this.target = new Float64Array(assets * assets);
    this.standardised = new Float64Array(assets);
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
    const map = transportMap(this.own.subarray(0, m * m), this.target.subarray(0, m * m), m);
    if (map === null) return false;
    const z = this.standardised;
    for (let k = 0; k < L; k++) {
      for (let i = 0; i < m; i++) {
        const a = active[i];
        z[i] = (source[a][first + k] - mean[a]) / deviation[a];
      }
      for (let i = 0; i < m; i++) {
        const a = active[i];
        let coloured = 0;
        for (let j = 0; j < m; j++) coloured += z[j] * map[j * m + i];
        out[a * L + k] = mean[a] + (scale ? scale[a] : 1) * deviation[a] * coloured;
      }
    }
    return true;
  }
}

/**
 * `A = C^{−½} (C^{½} T C^{½})^{½} C^{−½}` (row-major `m × m`, symmetric) for correlation matrices `C` (own) and
 * `T` (target); null when `C` is singular (an eigenvalue ≤ 1e-12) or `T` is not positive semidefinite.
 */
export function transportMap(own: Float64Array, target: Float64Array, m: number): Float64Array | null {
  const c = symmetricEigen(own, m);
  if (!(c.values[0] > FULL_RANK)) return null;
  const root = spectral(c.values, c.vectors, m, Math.sqrt);
  const inverseRoot = spectral(c.values, c.vectors, m, (x) => 1 / Math.sqrt(x));
  const t = symmetricEigen(target, m);
  if (!(t.values[0] >= -PSD_TOLERANCE)) return null;
  const middle = symmetrise(multiply(multiply(root, target, m), root, m), m);
  const e = symmetricEigen(middle, m);
  const middleRoot = spectral(e.values, e.vectors, m, (x) => Math.sqrt(x > 0 ? x : 0));
  return symmetrise(multiply(multiply(inverseRoot, middleRoot, m), inverseRoot, m), m);
}

/** `V · diag(f(λ)) · Vᵀ`. */
function spectral(values: Float64Array, vectors: Float64Array, m: number, f: (x: number) => number): Float64Array {
  const fv = values.map(f);
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += vectors[i * m + k] * fv[k] * vectors[j * m + k];
      out[i * m + j] = sum;
    }
  }
  return out;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const x = a[i * m + k];
      for (let j = 0; j < m; j++) out[i * m + j] += x * b[k * m + j];
    }
  }
  return out;
}

/** (M + Mᵀ) / 2: rounding leaves products of symmetric matrices a few ulps from symmetric. */
function symmetrise(a: Float64Array, m: number): Float64Array {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) a[i * m + j] = a[j * m + i] = 0.5 * (a[i * m + j] + a[j * m + i]);
  }
  return a;
}
