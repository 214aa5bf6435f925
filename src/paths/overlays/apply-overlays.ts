import type { PriceFrame } from '../../data/price-frame.js';
import { correlationShock } from './correlation-shock.js';
import { identity } from './identity.js';
import type { Overlay, OverlaySpec } from './overlay.js';
import { priceShock } from './price-shock.js';
import { validateOverlaySpec } from './validate-overlay-spec.js';
import { volatilityScale } from './volatility-scale.js';
import { volShock } from './vol-shock.js';
import { specError } from '../spec-fields.js';

/** Validates a spec (errors prefixed with `path`) and builds its overlay. */
export function createOverlay(spec: OverlaySpec, path = 'overlay'): Overlay {
  const valid = validateOverlaySpec(spec, path);
  switch (valid.kind) {
    case 'identity':
      return identity();
    case 'price-shock':
      return priceShock(valid, path);
    case 'volatility-scale':
      return volatilityScale(valid, path);
    case 'correlation-shock':
      return correlationShock(valid, path);
    case 'vol-shock':
      return volShock(valid, path);
  }
}

/**
 * Applies overlays in order to a market path: price overlays to the prices, `vol-shock` to the implied
 * volatilities (a frame of one column per asset that has one). Neither base frame is changed. A vol shock
 * on a path without implied volatility is an error at its JSON path.
 */
export function applyMarketOverlays(
  prices: PriceFrame,
  impliedVol: PriceFrame | null,
  specs: readonly OverlaySpec[],
  path = 'overlays',
): { prices: PriceFrame; impliedVol: PriceFrame | null } {
  let current = { prices, impliedVol };
  specs.forEach((spec, i) => {
    const overlay = createOverlay(spec, `${path}[${i}]`);
    if (overlay.target === 'impliedVol') {
      if (!current.impliedVol) throw specError(`${path}[${i}]`, 'a vol shock needs implied volatility: map a column in market.impliedVol');
      current = { prices: current.prices, impliedVol: overlay.apply(current.impliedVol) };
    } else {
      current = { prices: overlay.apply(current.prices), impliedVol: current.impliedVol };
    }
  });
  return current;
}

/**
 * Applies overlays in order, each to the previous one's output; the base frame is never changed.
 * Errors name `overlays[i]`. An empty list returns the base frame.
 */
export function applyOverlays(frame: PriceFrame, specs: readonly OverlaySpec[], path = 'overlays'): PriceFrame {
  return applyMarketOverlays(frame, null, specs, path).prices;
}
