import * as z from 'zod';
import { marginMethods } from './method-registry.js';
import { parametricVar } from './parametric-var.js';
import { historicalSimulation } from './historical-var.js';
import './scenario-grid-method.js';
import { greeksMargin } from './greeks-margin.js';

/** The built-in portfolio methods. A new method: one file calling `marginMethods.register`, imported here. */

marginMethods.register({
  kind: 'parametric-var',
  description:
    'parametric (variance–covariance) VaR of the delta-equivalent exposures over the margin period of risk: z_α · √h · √(xᵀ D ρ D x), ρ and the one-step volatilities D from the correlation estimator, zero mean',
  fields: {},
  create: (spec, context) => parametricVar({ confidence: context.confidence, horizonSteps: context.horizonSteps, assets: context.assets, rules: rulesOf(spec) }),
});

marginMethods.register({
  kind: 'greeks',
  description:
    'greeks (second-order Taylor): delta-normal VaR of the units\' dollar deltas z·√h·√(ΔᵀDρDΔ), plus per unit max(0, −½·Γ·(z·σ·√h)²) for short gamma and |vega|·δσ; its error against full revaluation at the same shocks is reported per step',
  fields: {
    volatilityShock: z.number({ error: (issue) => (issue.input === undefined ? 'expected a volatility shock for method greeks (absolute, e.g. 0.05 for five volatility points)' : undefined) })
      .gt(0, 'expected a volatility shock > 0').max(5, 'expected a volatility shock ≤ 5').describe('greeks: the implied-volatility move charged on |vega| per unit, absolute (0.05 = five points) (required)'),
  },
  create: (spec, context) =>
    greeksMargin({
      confidence: context.confidence,
      horizonSteps: context.horizonSteps,
      assets: context.assets,
      positions: context.positions,
      volatilityShock: spec.volatilityShock as number,
      rules: rulesOf(spec),
    }),
  describe: (spec) => [`volatility shock ±${String(spec.volatilityShock)} on |vega|`],
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
        rules: rulesOf(spec),
      }),
    describe: (spec) => [`lookback ${String(spec.lookback)} scenarios`],
  });
}

function rulesOf(spec: { cap: number; floor: number; addOn: number }) {
  return { cap: spec.cap, floor: spec.floor, addOn: spec.addOn };
}
