import * as z from 'zod';
import { marginMethods } from './method-registry.js';
import { parametricVar } from './parametric-var.js';
import { historicalSimulation } from './historical-var.js';

/** The built-in portfolio methods. A new method: one file calling `marginMethods.register`, imported here. */

marginMethods.register({
  kind: 'parametric-var',
  description:
    'parametric (variance–covariance) VaR of the delta-equivalent exposures over the margin period of risk: z_α · √h · √(xᵀ D ρ D x), ρ and the one-step volatilities D from the correlation estimator, zero mean',
  fields: {},
  create: (spec, context) => parametricVar({ confidence: context.confidence, horizonSteps: context.horizonSteps, assets: context.assets, rules: rulesOf(spec) }),
});

const lookback = (method: string) =>
  z.number({ error: (issue) => (issue.input === undefined ? `expected a lookback (number of scenarios) for method ${method}` : undefined) })
    .int().min(20).describe('Historical methods: number of h-step scenarios (required)');

for (const measure of ['var', 'es'] as const) {
  const kind = `historical-${measure}`;
  marginMethods.register({
    kind,
    description: measure === 'var'
      ? 'historical-simulation VaR: the (k+1)-th largest loss of today\'s book under the last L overlapping h-step price moves, k = ⌊L(1 − α)⌋'
      : 'historical-simulation expected shortfall: the mean of the max(k, 1) largest losses of today\'s book under the last L overlapping h-step price moves, k = ⌊L(1 − α)⌋',
    fields: { lookback: lookback(kind) },
    create: (spec, context) =>
      historicalSimulation({
        measure,
        confidence: context.confidence,
        horizonSteps: context.horizonSteps,
        lookback: spec.lookback as number,
        positions: context.positions,
        assets: context.assets,
        rules: rulesOf(spec),
      }),
    describe: (spec) => [`lookback ${String(spec.lookback)} scenarios`],
  });
}

function rulesOf(spec: { cap: number; floor: number; addOn: number }) {
  return { cap: spec.cap, floor: spec.floor, addOn: spec.addOn };
}
