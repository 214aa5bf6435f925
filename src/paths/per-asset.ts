import type { PerAsset } from './generator-spec.js';
import { specError } from './spec-fields.js';

/**
 * Expands a `PerAsset` value to one number per asset. A number applies to all; an array must have one
 * value per asset, in order; an object maps names to values and may leave assets out only when a
 * `fallback` supplies them (a fitted value or a default). Unknown names are errors.
 */
export function resolvePerAsset(
  value: PerAsset | undefined,
  assets: readonly string[],
  path: string,
  fallback?: number | Float64Array,
): Float64Array {
  const n = assets.length;
  const out = new Float64Array(n);
  const fill = (i: number): void => {
    if (fallback === undefined) {
      throw specError(path, `missing a value for asset ${JSON.stringify(assets[i])}`);
    }
    out[i] = typeof fallback === 'number' ? fallback : fallback[i];
  };
  if (value === undefined) {
    for (let i = 0; i < n; i++) fill(i);
  } else if (typeof value === 'number') {
    out.fill(value);
  } else if (Array.isArray(value)) {
    if (value.length !== n) {
      throw specError(path, `expected ${n} values (one per asset: ${assets.join(', ')}), got ${value.length}`);
    }
    for (let i = 0; i < n; i++) out[i] = value[i];
  } else {
    const map = value as Readonly<Record<string, number>>;
    for (const key of Object.keys(map)) {
      if (!assets.includes(key)) {
        throw specError(`${path}.${key}`, `unknown asset; expected one of ${assets.join(', ')}`);
      }
    }
    for (let i = 0; i < n; i++) {
      if (Object.prototype.hasOwnProperty.call(map, assets[i])) out[i] = map[assets[i]];
      else fill(i);
    }
  }
  return out;
}
