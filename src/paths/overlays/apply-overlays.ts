import type { PriceFrame } from '../../data/price-frame.js';
import { correlationShock } from './correlation-shock.js';
import { identity } from './identity.js';
import type { Overlay, OverlaySpec } from './overlay.js';
import { priceShock } from './price-shock.js';
import { validateOverlaySpec } from './validate-overlay-spec.js';
import { volatilityScale } from './volatility-scale.js';

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
  }
}

/**
 * Applies overlays in order, each to the previous one's output; the base frame is never changed.
 * Errors name `overlays[i]`. An empty list returns the base frame.
 */
export function applyOverlays(frame: PriceFrame, specs: readonly OverlaySpec[], path = 'overlays'): PriceFrame {
  return specs
    .map((spec, i) => createOverlay(spec, `${path}[${i}]`))
    .reduce((current, overlay) => overlay.apply(current), frame);
}
