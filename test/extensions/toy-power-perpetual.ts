import * as z from 'zod';
import { instrumentKinds, type Instrument, type Pricer } from '../../src/index.js';

/**
 * A toy instrument kind, defined outside src/: a power perpetual (the payoff of Opyn's Squeeth without its
 * funding), worth `m · S²` per unit. Non-linear in the underlying, so margin methods that revalue must go
 * through its pricer. Per unit: value `m S²`, dollar delta `S · ∂V/∂S = 2 m S²`, dollar gamma
 * `S² · ∂²V/∂S² = 2 m S²`, no vega or theta.
 */
export const POWER_PERPETUAL = 'power-perpetual';

export interface PowerPerpetual extends Instrument {
  readonly kind: typeof POWER_PERPETUAL;
}

const pricer: Pricer<PowerPerpetual> = {
  kind: POWER_PERPETUAL,
  linear: false,
  value(instrument, _terms, market, out, stride, slot) {
    for (let lane = 0; lane < market.lanes; lane++) {
      const S = market.price[lane * market.assets + instrument.underlying];
      out[lane * stride + slot] = instrument.multiplier * S * S;
    }
  },
  mark(instrument, _terms, market, value, delta, stride, slot) {
    for (let lane = 0; lane < market.lanes; lane++) {
      const S = market.price[lane * market.assets + instrument.underlying];
      value[lane * stride + slot] = instrument.multiplier * S * S;
      delta[lane * stride + slot] = 2 * instrument.multiplier * S * S;
    }
  },
  sensitivities(instrument, _terms, market, out, stride, slot) {
    for (let lane = 0; lane < market.lanes; lane++) {
      const S = market.price[lane * market.assets + instrument.underlying];
      const i = lane * stride + slot;
      out.delta[i] = 2 * instrument.multiplier * S * S;
      out.gamma[i] = 2 * instrument.multiplier * S * S;
      out.vega[i] = 0;
      out.theta[i] = 0;
    }
  },
};

export function registerPowerPerpetual(): void {
  instrumentKinds.register({
    kind: POWER_PERPETUAL,
    description: 'power perpetual worth m·S² per unit (toy instrument of the extension test)',
    schema: () =>
      z.object({
        kind: z.literal(POWER_PERPETUAL),
        multiplier: z.number().positive().describe('m in m·S²'),
      }).strict(),
    build: (spec, context): PowerPerpetual => ({
      kind: POWER_PERPETUAL,
      id: `${context.asset}² ×${String(spec.multiplier)}`,
      asset: context.asset,
      underlying: context.underlying,
      multiplier: spec.multiplier as number,
      settlement: 'none',
      termCount: 0,
    }),
    pricer: pricer as unknown as Pricer,
  });
}
