import { XmarginError } from '../core/errors.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';
import type { CorrelationEstimate, EstimatorCheckpoint } from './estimator.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';

/**
 * When an estimator that is positive semidefinite by construction (EWMA, rolling Pearson, Ledoit–Wolf) runs
 * the full PSD check (`ensureValidCorrelation`: a semidefinite-safe Cholesky, Higham repair if it fails):
 *
 * - `"warmup"` (default): on every estimate up to and including the first ready one (the estimate at the end
 *   of the warm-up), then only the cheap invariants (exact symmetry, unit diagonal, |ρ| ≤ 1, O(n²)); the
 *   full check comes back for good if the warm-up estimate needed a repair or an invariant ever fails;
 * - `"every-step"`: on every estimate (the behaviour before issue 20; the same numbers, see the README).
 */
export type PsdCheck = 'warmup' | 'every-step';

export const PSD_CHECKS: readonly PsdCheck[] = ['warmup', 'every-step'];

/**
 * The reusable estimate an estimator hands out (internal). Estimators write the raw correlation and
 * the volatility in place, then `validate()` makes the correlation valid and records the repair, or, for
 * estimators PSD by construction, `validateConstructed(ready)` does so as the `PsdCheck` policy says.
 */
export class EstimateBuffer implements CorrelationEstimate {
  readonly n: number;
  readonly correlation: Float64Array;
  readonly volatility: Float64Array;
  readonly psdCheck: PsdCheck;
  repairDistance = 0;
  repaired = false;
  /** Full checks run (a count for tests and benches; not part of the estimate). */
  fullChecks = 0;
  /** True once a ready estimate passed the full check without repair: later ones get the cheap invariants. */
  private verified = false;
  private readonly scratch: Float64Array;

  constructor(n: number, psdCheck: PsdCheck = 'warmup') {
    if (!PSD_CHECKS.includes(psdCheck)) {
      throw new XmarginError('E_INPUT', `psdCheck: expected one of ${PSD_CHECKS.map((c) => `"${c}"`).join(', ')}, got ${JSON.stringify(psdCheck)}`);
    }
    this.n = n;
    this.psdCheck = psdCheck;
    this.correlation = new Float64Array(n * n);
    this.volatility = new Float64Array(n);
    this.scratch = new Float64Array(n * n);
    this.setIdentity();
  }

  /** Identity correlation, zero volatility: the estimate before any data (the next ready estimate is fully checked). */
  setIdentity(): void {
    this.correlation.fill(0);
    for (let i = 0; i < this.n; i++) this.correlation[i * this.n + i] = 1;
    this.volatility.fill(0);
    this.repairDistance = 0;
    this.repaired = false;
    this.verified = false;
  }

  /** This buffer as it is now (matrix, volatility, repair, check state), for an estimator's `checkpoint()`. */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.correlation, this.volatility, this.scratch]);
    const { repairDistance, repaired, verified } = this;
    return {
      restore: () => {
        arrays.restore();
        this.repairDistance = repairDistance;
        this.repaired = repaired;
        this.verified = verified;
      },
    };
  }

  /** Symmetrise, unit diagonal, PSD check, Higham repair only if needed (see `ensureValidCorrelation`). */
  validate(): void {
    this.fullChecks++;
    this.repairDistance = ensureValidCorrelation(this.correlation, this.n, this.scratch);
    this.repaired = this.repairDistance > 0;
  }

  /**
   * Validation for a raw matrix that is PSD by construction (a Gram matrix, a positive combination of
   * them, or a convex combination with a PSD target), written symmetric with unit diagonal and entries
   * clamped to [−1, 1]. The full check runs as `psdCheck` says (see `PsdCheck`); otherwise the cheap
   * invariants are checked, O(n²), and a failure falls back to the full check.
   *
   * Why skipping the factorisation changes no result: the full check repairs only a pivot below
   * −1e-10 relative to the diagonal (`CORRELATION_PSD_TOLERANCE`), while the raw matrix differs from an
   * exactly PSD one by rounding, a few ulps per entry (≈ 1e-15; the rolling estimator's add/remove drift is
   * kept below ≈ 1e-12 by its exact recomputation), so the factorisation always passes and the estimate it
   * hands out is the raw matrix, bit for bit. Rank-deficient matrices (identical, negated or constant
   * columns) give zero pivots within rounding, which the semidefinite-safe factorisation accepts too.
   * Tested: every estimate equal to the `"every-step"` one on the property streams and bundled scenarios.
   */
  validateConstructed(ready: boolean): void {
    if (this.psdCheck === 'warmup' && this.verified && this.hasInvariants()) {
      this.repairDistance = 0;
      this.repaired = false;
      return;
    }
    this.validate();
    if (ready && !this.repaired) this.verified = true;
  }

  /**
   * True when every later `validateConstructed` whose matrix keeps the cheap invariants hands out the raw
   * matrix as it is: the policy is `"warmup"`, a ready estimate passed the full check without repair, and the
   * current one was not repaired. (A lane form of the estimator relies on it: see `CorrelationEstimator.lanes`.)
   */
  get rawFromNowOn(): boolean {
    return this.psdCheck === 'warmup' && this.verified && !this.repaired;
  }

  /** Exactly symmetric, exactly unit diagonal, every entry in [−1, 1] (so no NaN). O(n²). */
  private hasInvariants(): boolean {
    const { n, correlation } = this;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      if (correlation[row + i] !== 1) return false;
      for (let j = i + 1; j < n; j++) {
        const value = correlation[row + j];
        if (!(value >= -1 && value <= 1) || value !== correlation[j * n + i]) return false;
      }
    }
    return true;
  }
}

/** Boundary check of an estimator's constructor argument. */
export function requireInteger(value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min) {
    throw new XmarginError('E_INPUT', `${what}: expected an integer ≥ ${min}, got ${value}`);
  }
}

/** Boundary check of one row fed to an estimator: `n` finite numbers. O(n), negligible next to the O(n²) update. */
export function requireReturnsRow(row: ArrayLike<number>, n: number, label: string): void {
  if (row.length !== n) {
    throw new XmarginError('E_INPUT', `${label}: expected a row of ${n} returns, got ${row.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(row[i])) {
      throw new XmarginError('E_INPUT', `${label}: return of asset ${i} is ${row[i]}; expected a finite number`);
    }
  }
}
