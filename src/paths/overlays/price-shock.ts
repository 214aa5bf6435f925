import type { PriceFrame } from '../../data/price-frame.js';
import { specError } from '../spec-fields.js';
import { assetIndexes, describePercent, describeRow, resolveRow, withColumns, type Overlay, type PriceShockSpec } from './overlay.js';

/**
 * Price shock: at row `at`, asset i moves by the relative amount s_i (−0.2 = −20 %) on top of its own move,
 * i.e. the log return into that row gains ln(1 + s_i), and every later price continues from the shocked
 * level: P'_t = P_t·(1 + s_i) for t ≥ at. Row 0 shifts the whole path. Assets not named are unchanged.
 */
export function priceShock(spec: Omit<PriceShockSpec, 'kind'>, path = 'overlay'): Overlay {
  const names = Object.keys(spec.shocks);
  names.forEach((name) => {
    if (!(spec.shocks[name] > -1) || !Number.isFinite(spec.shocks[name])) {
      throw specError(`${path}.shocks.${name}`, `expected a relative move > -1 (e.g. -0.2 for -20%), got ${spec.shocks[name]}`);
    }
  });
  return {
    kind: 'price-shock',
    apply(frame: PriceFrame): PriceFrame {
      const row = resolveRow(frame, spec.at, `${path}.at`);
      const indexes = assetIndexes(frame, names, (k) => `${path}.shocks.${names[k]}`);
      const replaced = new Map<number, Float64Array>();
      indexes.forEach((i, k) => {
        const factor = 1 + spec.shocks[names[k]];
        const column = Float64Array.from(frame.columns[i]);
        for (let t = row; t < column.length; t++) column[t] *= factor;
        replaced.set(i, column);
      });
      return withColumns(frame, replaced);
    },
    describe: () =>
      `price shock at ${describeRow(spec.at)}: ${names.map((name) => `${name} ${describePercent(spec.shocks[name])}`).join(', ') || 'nothing'}`,
  };
}
