import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import { formatJsonPath } from '../core/json-input.js';
import { describeTime } from '../data/time-text.js';
import type { PriceFrame } from '../data/price-frame.js';
import type { MarketSetup } from '../engine/engine-setup.js';
import { MAX_IMPLIED_VOLATILITY, validateVolatilitySmile } from '../market/volatility-smile.js';
import type { Scenario } from './scenario-schema.js';

/** What a scenario's `market` block resolves to for a run. */
export interface ScenarioMarket {
  /** Rate, carry and smile per asset, in the engine's asset order. */
  readonly setup: MarketSetup;
  /**
   * Per engine asset, the implied-volatility path (decimal) over `fullFrame`'s time axis, or null. Sliced and
   * overlaid like the prices by the caller.
   */
  readonly impliedVol: readonly (Float64Array | null)[];
}

/**
 * Resolve `market`: the rate, each asset's carry and smile, and each asset's implied-volatility column (read
 * from the data, times `scale`), checked on every row: positive and at most 500 % (a located error names the
 * column's file and the date). Every asset named must be one of the book's; an option's asset must have a
 * column (`requireVol`).
 */
export function compileMarket(
  scenario: Scenario,
  fullFrame: PriceFrame,
  assets: readonly string[],
  columnFile: ReadonlyMap<string, string>,
  file: string,
  requireVol: ReadonlyMap<string, string>,
): ScenarioMarket {
  const market = scenario.market ?? {};
  const known = (asset: string, path: string) => {
    if (!assets.includes(asset)) {
      throw new XmarginError('E_INPUT_SCENARIO', `asset ${quoteInput(asset, 60)} is not in the book; assets: ${assets.join(', ')}`, { file, path });
    }
  };
  for (const asset of Object.keys(market.carry ?? {})) known(asset, formatJsonPath(['market', 'carry', asset]));
  for (const asset of Object.keys(market.smile ?? {})) known(asset, formatJsonPath(['market', 'smile', asset]));
  for (const asset of Object.keys(market.impliedVol ?? {})) known(asset, formatJsonPath(['market', 'impliedVol', asset]));
  const smiles = assets.map((asset) => {
    const spec = market.smile ? Object.hasOwn(market.smile, asset) ? market.smile[asset] : undefined : undefined;
    try {
      return validateVolatilitySmile(spec, `market.smile.${asset}`);
    } catch (error) {
      if (error instanceof XmarginError) throw new XmarginError(error.code, error.detail, { file, path: error.location.path });
      throw error;
    }
  });
  const carry = assets.map((asset) => (market.carry && Object.hasOwn(market.carry, asset) ? market.carry[asset] : 0));
  const impliedVol = assets.map((asset) => {
    const spec = market.impliedVol && Object.hasOwn(market.impliedVol, asset) ? market.impliedVol[asset] : undefined;
    if (!spec) {
      const position = requireVol.get(asset);
      if (position !== undefined) {
        throw new XmarginError('E_INPUT_SCENARIO', `an option on ${JSON.stringify(asset)} needs its implied volatility: give market.impliedVol.${asset} = { "column": …, "scale": … }`, { file, path: position });
      }
      return null;
    }
    const path = `market.impliedVol.${asset}.column`;
    if (!fullFrame.hasAsset(spec.column)) {
      throw new XmarginError('E_INPUT_SCENARIO', `no column ${JSON.stringify(spec.column)} in the data; columns: ${fullFrame.assets.join(', ')}`, { file, path });
    }
    const source = fullFrame.columns[fullFrame.assets.indexOf(spec.column)];
    const out = new Float64Array(source.length);
    for (let t = 0; t < source.length; t++) {
      const v = source[t] * spec.scale;
      if (!(v > 0 && v <= MAX_IMPLIED_VOLATILITY)) {
        throw new XmarginError(
          'E_INPUT_CSV',
          `column ${JSON.stringify(spec.column)} at ${describeTime(fullFrame.time[t])}: expected an implied volatility in (0, ${MAX_IMPLIED_VOLATILITY * 100} %] after scale ${spec.scale}, got ${v}`,
          { file: columnFile.get(spec.column) ?? file },
        );
      }
      out[t] = v;
    }
    return out;
  });
  return { setup: { rate: market.rate ?? 0, carry, smiles }, impliedVol };
}
