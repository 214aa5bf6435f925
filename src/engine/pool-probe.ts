import type { CorrelationEstimate } from '../correlation/estimator.js';
import { Requirement, type MarginMethod, type MarginState } from '../margin/margin-method.js';
import type { MarketState } from '../market/market-state.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import { poolEquity, type Pool } from './pool.js';

/** What a probe reads of a mode's ledger: its quantities, entry and exit values, and its method. */
export interface ProbedLedger {
  readonly quantity: Float64Array;
  readonly entry: Float64Array;
  readonly exitPrice: Float64Array;
  readonly definition: { readonly method: MarginMethod };
}

/**
 * One pool of a mode revalued at a market other than the step's: its equity (`poolEquity`) and its
 * requirement (the mode's own method) with every open leg marked at that market and closed legs at their
 * exit values. Intrabar checks probe the bar's adverse extreme and the trigger point; liquidation prices
 * probe the underlying moved. A scratch view prices only the pool's members; nothing is allocated per call.
 */
export class PoolProbe {
  /** The probed marks (read `value` and `delta` after `evaluate`; its `market` is the probed market). */
  readonly view: RiskView;
  readonly requirement: Requirement;
  /** Each member's P&L at the probed market (closed legs at exit). */
  readonly pnl: Float64Array;
  /** The pool's equity at the probed market. */
  equity = 0;
  private readonly exposure: Float64Array;
  private readonly state: { step: number; positions: readonly ResolvedPosition[]; quantity: Float64Array; exposure: Float64Array; open: Uint8Array; members: readonly number[]; estimate: CorrelationEstimate | null; view: RiskView; lane: number };
  private readonly ledger: ProbedLedger;
  private readonly lane: number;
  private readonly positions: readonly ResolvedPosition[];
  /** Scratch: the members on the asset being moved. */
  private readonly moved: number[] = [];

  constructor(ledger: ProbedLedger, positions: readonly ResolvedPosition[], stepView: RiskView, lane = 0) {
    this.ledger = ledger;
    this.lane = lane;
    this.positions = positions;
    this.view = stepView.scratch();
    const count = positions.length;
    this.requirement = new Requirement(count);
    this.pnl = new Float64Array(count);
    this.exposure = new Float64Array(count);
    this.state = { step: 0, positions, quantity: ledger.quantity, exposure: this.exposure, open: new Uint8Array(count), members: [], estimate: null, view: this.view, lane };
  }

  /**
   * Headroom `equity − requirement` of `pool` with its members marked at `market` (copied into the probe's
   * view; `market` itself is not changed). `step` and `estimate` are the step's, as the method reads them.
   */
  evaluate(pool: Pool, market: MarketState, step: number, estimate: CorrelationEstimate | null): number {
    const view = this.view;
    view.market.copyFrom(market);
    view.markPositions(pool.members);
    return this.settle(pool, pool.members, step, estimate);
  }

  /**
   * Headroom with asset `asset` moved to `price` and everything else as at the last `evaluate` of this
   * pool: only the members on that asset are revalued (a liquidation-price search moves one underlying).
   */
  move(pool: Pool, asset: number, price: number, step: number, estimate: CorrelationEstimate | null): number {
    const view = this.view;
    view.market.price[this.lane * view.market.assets + asset] = price;
    const moved = this.moved;
    moved.length = 0;
    for (const p of pool.members) if (this.positions[p].assetIndex === asset) moved.push(p);
    view.markPositions(moved);
    return this.settle(pool, moved, step, estimate);
  }

  /** Exposures of `marked`, then the pool's equity and requirement at the view's marks. */
  private settle(pool: Pool, marked: readonly number[], step: number, estimate: CorrelationEstimate | null): number {
    const view = this.view;
    const base = this.lane * view.positions;
    const { quantity, entry, exitPrice } = this.ledger;
    for (const p of marked) this.exposure[p] = quantity[p] * view.delta[base + p];
    this.equity = poolEquity(pool, quantity, entry, exitPrice, view.value, base, this.pnl);
    const out = this.requirement;
    if (pool.open === 0) {
      out.value = 0;
      out.standaloneSum = 0;
      out.diversified = 0;
      out.credit = 0;
    } else {
      const state = this.state;
      state.step = step;
      state.open = pool.mask;
      state.members = pool.members;
      state.estimate = estimate;
      this.ledger.definition.method.evaluate(state as MarginState, out);
    }
    return this.equity - out.value;
  }
}
