/**
 * Test-only: a margin state built by hand — linear positions with given exposures, a risk view marked at
 * given prices, a correlation estimate — so a method or an add-on can be evaluated without the engine.
 */
import {
  RiskView,
  Requirement,
  linearInstrument,
  linearPricer,
  notionalMarginRule,
  type CorrelationEstimate,
  type MarginState,
  type ResolvedPosition,
} from '../../src/index.js';

export interface HandBook {
  /** The asset of each position (index into `prices`). */
  readonly assetOf: readonly number[];
  /** Signed exposure (notional) of each position at `prices`. */
  readonly exposure: readonly number[];
  readonly prices: readonly number[];
  readonly step?: number;
  /** One-step volatilities and row-major correlation (n × n); omit for methods that need none. */
  readonly volatility?: readonly number[];
  readonly correlation?: readonly number[];
  /** Maintenance rate of every position (default 5 %). */
  readonly maintenanceRate?: number;
}

export interface BookState {
  readonly state: MarginState & { step: number; estimate: CorrelationEstimate | null; open: Uint8Array };
  readonly requirement: Requirement;
  readonly positions: ResolvedPosition[];
}

export function bookState(book: HandBook): BookState {
  const n = book.prices.length;
  const positions: ResolvedPosition[] = book.assetOf.map((a, p) => {
    const rule = notionalMarginRule(0.1, { kind: 'rate', rate: book.maintenanceRate ?? 0.05 });
    return {
      asset: `A${a}`,
      assetIndex: a,
      size: { notional: book.exposure[p] },
      initialMarginRate: 0.1,
      maintenance: { kind: 'rate', rate: book.maintenanceRate ?? 0.05 },
      instrument: linearInstrument(`A${a}`, a),
      margin: rule,
    };
  });
  const view = new RiskView(positions.map((p) => ({ instrument: p.instrument, pricer: linearPricer, terms: new Float64Array(0) })), n);
  book.prices.forEach((price, a) => (view.market.price[a] = price));
  view.mark();
  const quantity = Float64Array.from(book.exposure, (e, p) => e / book.prices[book.assetOf[p]]);
  const exposure = Float64Array.from(quantity, (q, p) => q * view.delta[p]);
  const estimate: CorrelationEstimate | null = book.volatility
    ? { n, volatility: Float64Array.from(book.volatility), correlation: Float64Array.from(book.correlation ?? identity(n)), repairDistance: 0, repaired: false }
    : null;
  const state = {
    step: book.step ?? 0,
    positions,
    quantity,
    exposure,
    open: new Uint8Array(positions.length).fill(1),
    members: positions.map((_, p) => p),
    estimate,
    view,
    lane: 0,
  };
  return { state, requirement: new Requirement(positions.length), positions };
}

export function identity(n: number): number[] {
  return Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
}

/** Σ of the components of the open members. */
export function sumOf(components: Float64Array, state: MarginState): number {
  let s = 0;
  for (const p of state.members) if (state.open[p]) s += components[p];
  return s;
}
