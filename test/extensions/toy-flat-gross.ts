import * as z from 'zod';
import { NEEDS_NOTHING, marginMethods, type MarginMethod } from '../../src/index.js';

/**
 * A toy portfolio margin method, defined outside src/: the requirement is a flat `rate` of the gross
 * delta-equivalent notional, each position's standalone term `rate × |e_i|`, no diversification credit.
 */
export const FLAT_GROSS = 'flat-gross';

export function registerFlatGross(): void {
  marginMethods.register({
    kind: FLAT_GROSS,
    description: 'a flat rate of gross notional (toy method of the extension test)',
    fields: { rate: z.number().gt(0).max(1).describe('Share of gross notional') },
    describe: (spec) => [`rate ${String(spec.rate)} of gross`],
    create(spec): MarginMethod {
      const rate = spec.rate as number;
      return {
        label: `flat-gross(${rate})`,
        needs: NEEDS_NOTHING,
        bind() {},
        evaluate(state, out) {
          let gross = 0;
          for (const p of state.members) {
            const s = state.open[p] ? rate * Math.abs(state.exposure[p]) : 0;
            out.standalone[p] = s;
            if (state.open[p]) gross += Math.abs(state.exposure[p]);
          }
          out.value = rate * gross;
          out.standaloneSum = rate * gross;
          out.diversified = rate * gross;
          out.credit = 0;
        },
      };
    },
  });
}
