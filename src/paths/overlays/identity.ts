import type { PriceFrame } from '../../data/price-frame.js';
import type { Overlay } from './overlay.js';

/** The identity overlay: the base scenario, unchanged (the frame is immutable, so it is returned as is). */
export function identity(): Overlay {
  return {
    kind: 'identity',
    apply: (frame: PriceFrame) => frame,
    describe: () => 'identity (base prices)',
  };
}
