import { XmarginError, type ErrorLocation } from '../core/errors.js';
import { describeTime } from './time-text.js';

/** A price step whose log return is not a finite number. */
export interface BadPriceStep {
  readonly asset: number;
  readonly row: number;
  readonly price: number;
  readonly previous: number;
}

/**
 * The first step (asset by asset, then row) whose price is not positive and finite or whose ratio to the
 * previous price is 0 or ∞ — where `ln(P_t / P_{t−1})` is not finite, e.g. 1e-300 after 1e10 (the ratio
 * underflows), or 0 and ∞ from a generator that over- or underflowed. Null when every step is fine.
 * O(rows × assets), no allocation: it runs on every synthetic path.
 */
export function firstBadPriceStep(columns: readonly Float64Array[], from = 0, to = columns[0]?.length ?? 0): BadPriceStep | null {
  for (let a = 0; a < columns.length; a++) {
    const column = columns[a];
    let previous = NaN;
    for (let t = from; t < to; t++) {
      const price = column[t];
      if (!(price > 0 && price < Infinity)) return { asset: a, row: t, price, previous };
      if (t > from) {
        const ratio = price / previous;
        if (!(ratio > 0 && ratio < Infinity)) return { asset: a, row: t, price, previous };
      }
      previous = price;
    }
  }
  return null;
}

/** `firstBadPriceStep` as the "expected …" part of a message. */
export function describeBadStep(step: BadPriceStep): string {
  const { price, previous } = step;
  if (!(price > 0 && price < Infinity)) return `expected a positive finite price, got ${price}`;
  return `the step from ${previous} to ${price} has a ratio of ${price / previous}, so its log return is not finite; expected prices whose step-to-step ratio a double can hold`;
}

/**
 * Refuse a path with a step whose log return is not finite, naming the data file, the asset's column and
 * the date, before the estimators see it (they would stop on the −∞ without saying where it came from).
 */
export function checkPriceSteps(time: Float64Array, columns: readonly Float64Array[], assets: readonly string[], location: ErrorLocation): void {
  const bad = firstBadPriceStep(columns);
  if (!bad) return;
  throw new XmarginError('E_INPUT', `on ${describeTime(time[bad.row])}: ${describeBadStep(bad)}`, { ...location, column: assets[bad.asset] });
}
