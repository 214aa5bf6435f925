import {
  Requirement,
  RiskView,
  instrumentKinds,
  notionalMarginRule,
  pricerOf,
  type CorrelationEstimate,
  type Instrument,
  type MarginMethod,
  type MarginState,
  type Pricer,
  type ResolvedPosition,
} from '../../src/index.js';

/** One leg of a test book: what is held, how much, and optionally a pricer of its own (a test instrument). */
export interface Leg {
  readonly instrument: Instrument;
  readonly quantity: number;
  readonly pricer?: Pricer;
}

/** The market of the step a method is evaluated at (one lane). */
export interface TestMarket {
  readonly assets: readonly string[];
  readonly time: number;
  readonly price: readonly number[];
  readonly impliedVol?: readonly number[];
  readonly rate?: number;
  readonly carry?: readonly number[];
}

export const option = (asset: string, underlying: number, spec: Record<string, unknown>): Instrument =>
  instrumentKinds.require('option').build({ kind: 'option', multiplier: 1, model: 'black-scholes', ...spec }, { asset, underlying });

export const linear = (asset: string, underlying: number, multiplier = 1): Instrument =>
  instrumentKinds.require('linear').build({ kind: 'linear', style: 'future', multiplier }, { asset, underlying });

/** A risk view holding the legs, marked at `market` (option terms opened at it). */
export function viewOf(legs: readonly Leg[], market: TestMarket): RiskView {
  const view = new RiskView(
    legs.map((l) => ({ instrument: l.instrument, pricer: l.pricer ?? pricerOf(l.instrument), terms: new Float64Array(l.instrument.termCount) })),
    market.assets.length,
  );
  const m = view.market;
  m.time = market.time;
  m.price.set(market.price);
  if (market.impliedVol) m.impliedVol.set(market.impliedVol);
  m.rate = market.rate ?? 0;
  market.carry?.forEach((q, a) => (m.carry[a] = q));
  legs.forEach((l, p) => instrumentKinds.get(l.instrument.kind)?.openTerms?.(l.instrument, m, 0, view.terms(p)));
  view.mark();
  return view;
}

/** Evaluate `method` on the book at the market: the model called directly, as the engine's ledger would. */
export function evaluateBook(method: MarginMethod, legs: readonly Leg[], market: TestMarket, estimate: CorrelationEstimate | null = null): { requirement: Requirement; view: RiskView } {
  const view = viewOf(legs, market);
  const positions: ResolvedPosition[] = legs.map((l) => ({
    asset: l.instrument.asset,
    assetIndex: l.instrument.underlying,
    size: { quantity: l.quantity },
    initialMarginRate: 0.1,
    maintenance: { kind: 'rate', rate: 0.05 },
    instrument: l.instrument,
    margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
  }));
  const quantity = Float64Array.from(legs.map((l) => l.quantity));
  const exposure = quantity.map((q, p) => q * view.delta[p]);
  const state: MarginState = {
    step: 0,
    positions,
    quantity,
    exposure,
    open: new Uint8Array(legs.length).fill(1),
    members: legs.map((_, p) => p),
    estimate,
    view,
    lane: 0,
  };
  const requirement = new Requirement(legs.length);
  method.bind([]);
  method.evaluate(state, requirement);
  return { requirement, view };
}

/** A correlation estimate with the given one-step volatilities and correlation matrix (row-major). */
export function estimateOf(volatility: readonly number[], correlation: readonly number[]): CorrelationEstimate {
  return { n: volatility.length, volatility: Float64Array.from(volatility), correlation: Float64Array.from(correlation), repairDistance: 0, repaired: false };
}

/** The diagnostic `name` of a method after its last evaluation. */
export function diagnostic(method: MarginMethod, name: string): number {
  const k = method.diagnostics!.names.indexOf(name);
  if (k < 0) throw new Error(`no diagnostic ${name}; have ${method.diagnostics!.names.join(', ')}`);
  return method.diagnostics!.values[k];
}
