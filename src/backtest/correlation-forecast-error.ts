/**
 * How far an estimated correlation matrix was from the one realised over the following close-out window:
 * the Frobenius distance of the off-diagonal parts,
 *
 *   ‖E − R‖_off = √( Σ_(i ≠ j) (E_ij − R_ij)² ).
 *
 * The diagonal is not counted: it is 1 in both matrices, so including it would change nothing for valid
 * correlation matrices, and leaving it out keeps the figure honest if a caller passes an unrepaired
 * estimate. Both triangles are counted (each pair twice), so for valid correlation matrices this is the
 * plain Frobenius norm ‖E − R‖_F; one pair off by d gives d·√2. Matrices are row-major n × n. O(n²).
 */
import { requireCount } from './validate.js';
import { inputError } from '../core/errors.js';

export function correlationForecastError(estimate: ArrayLike<number>, realised: ArrayLike<number>, n: number): number {
  requireCount(n, 'n', 1);
  for (const [name, matrix] of [['estimate', estimate], ['realised', realised]] as const) {
    if (matrix.length !== n * n) {
      throw inputError(`expected an ${n} × ${n} matrix (${n * n} values, row-major), got ${matrix.length} values`, {
        path: name,
      });
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const k = i * n + j;
      const difference = estimate[k] - realised[k];
      if (!Number.isFinite(difference)) {
        const which = Number.isFinite(estimate[k]) ? 'realised' : 'estimate';
        throw inputError(`expected a finite correlation, got ${String(which === 'realised' ? realised[k] : estimate[k])}`, {
          path: `${which}[${k}]`,
        });
      }
      sum += difference * difference;
    }
  }
  return Math.sqrt(sum);
}
