import type { PriceFrame } from '../../data/price-frame.js';
import { describeTime } from '../../data/time-text.js';
import { specError } from '../spec-fields.js';
import { assetIndexes, describeRow, resolveRow, withColumns, type Overlay, type VolShockSpec } from './overlay.js';

/**
 * A shock to implied volatility over a window: at rows `from..to` (inclusive) each named asset's at-the-money
 * implied volatility becomes `σ · factor + add` (`factor` default 1, `add` default 0, in decimal volatility:
 * `add: 0.10` is ten vol points). It applies to the implied-volatility path, never to prices; rows outside
 * the window are unchanged, so the shock is a jump in and out. `factor: 1, add: 0` is the identity. A result
 * that is not positive (or above 500 %) is refused at that row.
 */
export function volShock(spec: Omit<VolShockSpec, 'kind'>, path = 'overlay'): Overlay {
  const factor = spec.factor ?? 1;
  const add = spec.add ?? 0;
  return {
    kind: 'vol-shock',
    target: 'impliedVol',
    apply(frame: PriceFrame): PriceFrame {
      const first = resolveRow(frame, spec.from, `${path}.from`);
      const last = resolveRow(frame, spec.to, `${path}.to`);
      if (last < first) throw specError(`${path}.to`, `the window ends (row ${last}) before it starts (row ${first})`);
      const names = spec.assets ?? frame.assets;
      const indexes = assetIndexes(frame, names, (k) => (spec.assets ? `${path}.assets[${k}]` : `${path}`));
      const replaced = new Map<number, Float64Array>();
      indexes.forEach((i) => {
        const column = Float64Array.from(frame.columns[i]);
        for (let t = first; t <= last; t++) {
          const v = column[t] * factor + add;
          if (!(v > 0 && v <= 5)) {
            throw specError(path, `the shock makes ${frame.assets[i]}'s implied volatility ${v} at ${describeTime(frame.time[t])}; expected (0, 5]`);
          }
          column[t] = v;
        }
        replaced.set(i, column);
      });
      return withColumns(frame, replaced);
    },
    describe: () => {
      const what = [factor !== 1 ? `×${factor}` : '', add !== 0 ? `${add > 0 ? '+' : ''}${+(add * 100).toFixed(4)} vol points` : ''].filter(Boolean).join(' ') || 'unchanged';
      return `implied volatility ${what}${spec.assets ? ` (${spec.assets.join(', ')})` : ' (all assets)'} from ${describeRow(spec.from)} to ${describeRow(spec.to)}`;
    },
  };
}
