import type { PriceFrame } from '../../data/price-frame.js';
import { specError } from '../spec-fields.js';
import { assetIndexes, describeRow, resolveWindow, withColumns, type Overlay, type VolatilityScaleSpec } from './overlay.js';

/**
 * Volatility scaling over a window: for the moves ending at rows `from..to` (inclusive), each log return's
 * deviation from the window's mean return is multiplied by k, r'_t = r̄ + k·(r_t − r̄). The window's sample
 * volatility becomes k times the base one while its mean return, and so the price at the end of the window
 * and every price after it, stays the same (after the window the path continues from the base level).
 * `factor` is one k for all assets or a map asset → k (assets not named are unchanged). A one-move
 * window has no deviation to scale.
 */
export function volatilityScale(spec: Omit<VolatilityScaleSpec, 'kind'>, path = 'overlay'): Overlay {
  const factors = typeof spec.factor === 'number' ? undefined : spec.factor;
  const check = (k: number, at: string): void => {
    if (!(k >= 0) || !Number.isFinite(k)) throw specError(at, `expected a scale factor ≥ 0, got ${k}`);
  };
  if (typeof spec.factor === 'number') check(spec.factor, `${path}.factor`);
  else for (const [name, k] of Object.entries(spec.factor)) check(k, `${path}.factor.${name}`);
  return {
    kind: 'volatility-scale',
    apply(frame: PriceFrame): PriceFrame {
      const { first, last } = resolveWindow(frame, spec.from, spec.to, path);
      const names = factors ? Object.keys(factors) : frame.assets;
      const indexes = assetIndexes(frame, names, (k) => `${path}.factor.${names[k]}`);
      const replaced = new Map<number, Float64Array>();
      indexes.forEach((i, k) => {
        const scale = factors ? factors[names[k]] : (spec.factor as number);
        const base = frame.columns[i];
        const column = Float64Array.from(base);
        const meanReturn = Math.log(base[last] / base[first - 1]) / (last - first + 1);
        let logPrice = Math.log(base[first - 1]);
        for (let t = first; t <= last; t++) {
          logPrice += meanReturn + scale * (Math.log(base[t] / base[t - 1]) - meanReturn);
          column[t] = Math.exp(logPrice);
        }
        const continuation = column[last] / base[last];
        for (let t = last + 1; t < column.length; t++) column[t] = base[t] * continuation;
        replaced.set(i, column);
      });
      return withColumns(frame, replaced);
    },
    describe: () => {
      const what =
        typeof spec.factor === 'number'
          ? `×${spec.factor} (all assets)`
          : Object.entries(spec.factor).map(([name, k]) => `${name} ×${k}`).join(', ');
      return `volatility ${what} from ${describeRow(spec.from)} to ${describeRow(spec.to)}`;
    },
  };
}
