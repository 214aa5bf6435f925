import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { marginMethods, type MethodContext } from './method-registry.js';
import { parametricVar } from './parametric-var.js';
import { historicalSimulation } from './historical-var.js';
import './scenario-grid-method.js';
import { greeksMargin } from './greeks-margin.js';
import { binanceUniMmrMethod } from './binance-uni-mmr-method.js';
import { okxPmMethod } from './okx-pm-method.js';
import { venueAsOfSchema, venueSymbolsSchema } from './venue-mode-fields.js';
import type { ResolvedVenuePreset } from '../venues/load-venue-preset.js';

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
      ...(context.assetNames ? { assetNames: context.assetNames } : {}),
      ...(context.path ? { path: context.path } : {}),
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
        assets: context.assets,
        rules: rulesOf(spec),
      }),
    describe: (spec) => [`lookback ${String(spec.lookback)} scenarios`],
  });
}

// Venue portfolio-margin methods: the venue's own rule read from a dated preset (`asOf`), no model credit.
// The mode's JSON path is not known here: errors carry the field's path and the scenario layer prefixes it.

marginMethods.register({
  kind: 'binance-unimmr',
  venue: 'binance-usdm',
  description:
    'Binance portfolio margin (unified account): liquidation when uniMMR = equity / Σ MM falls to the preset\'s threshold (1.05), i.e. R = threshold × Σ MM_i with each position\'s USDⓈ-M brackets',
  fields: { asOf: venueAsOfSchema('binance-unimmr'), symbols: venueSymbolsSchema() },
  create: (spec, context) => binanceUniMmrMethod(preset(context, 'binance-usdm', spec.asOf as string), book(context), symbolsOf(spec), ''),
  describe: (spec) => venueDescription('binance-usdm', spec),
});

marginMethods.register({
  kind: 'okx-pm',
  venue: 'okx-pm',
  description:
    'OKX portfolio margin on a linear book: per underlying, max(MR1 spot-shock grid, MR6 extreme move) of the net delta, summed (MR2, MR3, MR5 need options; MR4 is 0 for perpetuals; MR7\'s raw charge is not published)',
  fields: { asOf: venueAsOfSchema('okx-pm'), symbols: venueSymbolsSchema() },
  create: (spec, context) => okxPmMethod(preset(context, 'okx-pm', spec.asOf as string), book(context), symbolsOf(spec), context.assets, ''),
  describe: (spec) => venueDescription('okx-pm', spec),
});

function preset(context: MethodContext, venue: string, asOf: string): ResolvedVenuePreset {
  if (!context.venuePreset) throw new XmarginError('E_INPUT_SCENARIO', `venue presets cannot be read here (no preset reader given); ${venue} needs one`, { path: 'asOf' });
  try {
    return context.venuePreset(venue, asOf);
  } catch (error) {
    if (error instanceof XmarginError && error.location.path === undefined) throw new XmarginError(error.code, error.detail, { ...error.location, path: 'asOf' });
    throw error;
  }
}

function book(context: MethodContext) {
  if (!context.book) throw new XmarginError('E_INTERNAL', 'a venue method needs the positions (MethodContext.book)');
  return context.book;
}

function symbolsOf(spec: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> {
  return (spec.symbols as Record<string, string> | undefined) ?? {};
}

function venueDescription(venue: string, spec: Readonly<Record<string, unknown>>): string[] {
  const symbols = Object.entries(symbolsOf(spec));
  return [`venue ${venue} as of ${String(spec.asOf)}`, ...(symbols.length ? [`symbols ${symbols.map(([a, s]) => `${a} → ${s}`).join(', ')}`] : [])];
}

function rulesOf(spec: { cap: number; floor: number; addOn: number }) {
  return { cap: spec.cap, floor: spec.floor, addOn: spec.addOn };
}
