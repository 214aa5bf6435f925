import { XmarginError } from '../core/errors.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';
import type { CorrelationEstimate, EstimatorCheckpoint } from './estimator.js';
import { ArraysCheckpoint } from './estimator-checkpoint.js';

/**
 * The reusable estimate an estimator hands out (internal). Estimators write the raw correlation and
 * the volatility in place, then `validate()` makes the correlation valid and records the repair.
 */
export class EstimateBuffer implements CorrelationEstimate {
  readonly n: number;
  readonly correlation: Float64Array;
  readonly volatility: Float64Array;
  repairDistance = 0;
  repaired = false;
  private readonly scratch: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.correlation = new Float64Array(n * n);
    this.volatility = new Float64Array(n);
    this.scratch = new Float64Array(n * n);
    this.setIdentity();
  }

  /** Identity correlation, zero volatility: the estimate before any data. */
  setIdentity(): void {
    this.correlation.fill(0);
    for (let i = 0; i < this.n; i++) this.correlation[i * this.n + i] = 1;
    this.volatility.fill(0);
    this.repairDistance = 0;
    this.repaired = false;
  }

  /** This buffer as it is now (matrix, volatility, repair), for an estimator's `checkpoint()`. */
  checkpoint(): EstimatorCheckpoint {
    const arrays = new ArraysCheckpoint([this.correlation, this.volatility, this.scratch]);
    const { repairDistance, repaired } = this;
    return {
      restore: () => {
        arrays.restore();
        this.repairDistance = repairDistance;
        this.repaired = repaired;
      },
    };
  }

  /** Symmetrise, unit diagonal, PSD check, Higham repair only if needed (see `ensureValidCorrelation`). */
  validate(): void {
    this.repairDistance = ensureValidCorrelation(this.correlation, this.n, this.scratch);
    this.repaired = this.repairDistance > 0;
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
