import * as z from 'zod';
import { XmarginError } from '../../core/errors.js';
import type { MarginState, Requirement } from '../margin-method.js';
import { addOnKinds, type AddOn } from './add-on.js';
import { requireData } from './stress-period.js';

/** Close-out cost parameters of one asset. */
export interface LiquidityTerms {
  /** Net notional (currency) up to which closing out costs no more than the method already charges. */
  readonly threshold: number;
  /** Half the bid–ask spread as a fraction of notional, at sizes up to the threshold. */
  readonly halfSpread: number;
}

/**
 * Concentration / liquidity add-on: the extra cost of closing out a position too large for the market to
 * absorb at the quoted spread. Per asset `a`, with `x_a` the book's net delta-equivalent exposure, the
 * half-spread paid widens as `(|x_a| / T_a)^k` beyond the threshold `T_a`, and the add-on is the cost above
 * the quoted half-spread:
 *
 *   A_a = s_a · |x_a| · ((|x_a| / T_a)^k − 1)   for |x_a| > T_a,   else 0,
 *
 * continuous at the threshold (0 there) and growing like |x_a|^(k+1) beyond it (k = 1: a linear price impact,
 * cost ∝ size²; k = ½: the square-root law). Assets without terms pay nothing. Allocation: `A_a` is split
 * among the positions on asset `a` in proportion to their signed exposures `e_i / x_a` (a function of the net
 * alone has equal marginals within an asset; rescaled to its value, these shares add up to A_a).
 * O(positions) per step.
 */
export function concentration(options: { readonly terms: readonly (LiquidityTerms | null)[]; readonly exponent: number }): AddOn {
  const { terms, exponent } = options;
  const net = new Float64Array(terms.length);
  const charge = new Float64Array(terms.length);
  return {
    kind: 'concentration',
    label: `concentration(k=${exponent})`,
    needs: { estimate: false, historySteps: 0, greeks: false },
    bind() {},
    apply(state: MarginState, requirement: Requirement): number {
      net.fill(0);
      for (const p of state.members) if (state.open[p]) net[state.positions[p].assetIndex] += state.exposure[p];
      let total = 0;
      for (let a = 0; a < terms.length; a++) {
        const t = terms[a];
        const size = Math.abs(net[a]);
        charge[a] = t && size > t.threshold ? t.halfSpread * size * ((size / t.threshold) ** exponent - 1) : 0;
        total += charge[a];
      }
      requirement.value += total;
      return total;
    },
    allocate(state: MarginState, _requirement: Requirement, _before: number, components: Float64Array): void {
      for (const p of state.members) {
        if (!state.open[p]) continue;
        const a = state.positions[p].assetIndex;
        if (charge[a] > 0) components[p] += (charge[a] * state.exposure[p]) / net[a];
      }
    },
  };
}

const termsSchema = () =>
  z.object({
    threshold: z.number().positive().describe('Net notional beyond which the close-out cost grows'),
    halfSpread: z.number().min(0).max(1).describe('Half bid–ask spread as a fraction of notional'),
  }).strict();

addOnKinds.register({
  kind: 'concentration',
  description:
    'concentration/liquidity add-on: per asset, s · |x| · ((|x|/T)^k − 1) beyond the threshold T (x the net delta-equivalent exposure, s the half-spread): the close-out cost above the quoted spread',
  schema: () =>
    z.object({
      kind: z.literal('concentration'),
      exponent: z.number().gt(0).max(4).default(1).describe('k: the half-spread widens as (size / threshold)^k beyond the threshold (1 linear impact, 0.5 square-root law)'),
      assets: z.record(z.string(), termsSchema()).optional().describe('Per asset of the book: { threshold, halfSpread }'),
      default: termsSchema().optional().describe('Terms of every asset the `assets` table does not name'),
    }).strict().superRefine((spec, ctx) => {
      if (!spec.default && (!spec.assets || Object.keys(spec.assets).length === 0)) {
        ctx.addIssue({ code: 'custom', message: 'expected terms for at least one asset (`assets`) or a `default`' });
      }
    }).describe('Concentration/liquidity add-on: a close-out cost growing with the net position beyond a threshold'),
  create(spec, context) {
    const data = requireData(context, context.path, 'the concentration add-on');
    const table = (spec.assets ?? {}) as Record<string, LiquidityTerms>;
    for (const name of Object.keys(table)) {
      if (!data.assets.includes(name)) {
        throw new XmarginError('E_INPUT_SCENARIO', `unknown asset ${JSON.stringify(name)}; the book holds ${data.assets.join(', ')}`, { path: `${context.path}.assets.${name}` });
      }
    }
    const fallback = (spec.default as LiquidityTerms | undefined) ?? null;
    const terms = data.assets.map((name) => (Object.hasOwn(table, name) ? table[name] : fallback));
    return concentration({ terms, exponent: spec.exponent as number });
  },
});
