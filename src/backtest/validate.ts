/**
 * Boundary checks shared by the backtest statistics. Kernels trust what passes through here.
 * Internal: not exported from the public entry.
 */
import { inputError } from '../core/errors.js';

/** A non-negative integer count (observations, exceedances). */
export function requireCount(value: number, name: string, minimum = 0): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw inputError(`expected an integer ≥ ${minimum}, got ${String(value)}`, { path: name });
  }
}

/** A coverage probability `p = 1 − α` strictly between 0 and 1. */
export function requireProbability(value: number, name: string): void {
  if (!(value > 0 && value < 1)) {
    throw inputError(`expected a probability strictly between 0 and 1, got ${String(value)}`, { path: name });
  }
}

/**
 * Reads a hit sequence (`1`/`0` or `true`/`false`, one per observation step) into bytes.
 * Anything else (NaN, 2, 0.5, undefined) is an error naming its index.
 */
export function readHits(hits: ArrayLike<number | boolean>, name = 'hits'): Uint8Array {
  const out = new Uint8Array(hits.length);
  for (let t = 0; t < hits.length; t++) {
    const h = hits[t];
    if (h === 1 || h === true) out[t] = 1;
    else if (h !== 0 && h !== false) {
      throw inputError(`expected 0, 1, true or false, got ${String(h)}`, { path: `${name}[${t}]` });
    }
  }
  return out;
}

/** Checks that `values` has `length` entries (one per observation step). */
export function requireLength(values: ArrayLike<unknown>, length: number, name: string): void {
  if (values.length !== length) {
    throw inputError(`expected ${length} values (one per step), got ${values.length}`, { path: name });
  }
}
