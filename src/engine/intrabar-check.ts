import type { CorrelationEstimate } from '../correlation/estimator.js';
import { MarketState } from '../market/market-state.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { Pool } from './pool.js';
import { PoolProbe, type ProbedLedger } from './pool-probe.js';

/** Where a liquidation found inside a bar closes the legs: where the bar first crossed, or at its extreme. */
export type IntrabarFill = 'trigger' | 'extreme';

/** Bisection steps along the bar's segment (2^-60 of the move: far below a cent). */
const SEGMENT_STEPS = 60;

/**
 * The margin check of one pool at a step's bar (OHLC data), instead of at the close alone.
 *
 * **Check.** Each asset of the pool is put at the end of its bar that is worse for the pool: the low or
 * the high, whichever gives the pool's positions on it the lower P&L (a long at the low, a short at the
 * high; an option at the extreme that lowers its holder's value; long and short legs on one underlying
 * net at one price, as at any single moment). The pool is liquidated when its headroom is negative there
 * (or at the close). Every asset at its own adverse extreme at once is a bound: the bar need not have
 * reached them together, so the check is conservative for a pool over several underlyings. An asset
 * without a bar stays at its close.
 *
 * **Fill.** `extreme`: the legs close at the checked extremes. `trigger`: at the first point where the
 * headroom reaches zero on the straight move of every asset from where its bar started (its open, or the
 * previous close where the data have none) to its adverse extreme, found by bisection; a bar that opens
 * beyond the trigger fills at the open (a gap is not filled at a price it jumped over). For one linear leg
 * that point is its liquidation price.
 *
 * The checked state (equity, requirement, P&L) is `check`'s, the fill marks `fill`'s. Nothing is allocated
 * per step.
 */
export class IntrabarCheck {
  /** The pool at the checked point: the adverse extremes, or the close where only the close breached. */
  readonly check: PoolProbe;
  /** The pool at the fill point (its `view` holds the per-unit values and deltas the legs close at). */
  readonly fill: PoolProbe;
  /** True when the close-only check would not have fired at this step (the close was above the requirement). */
  caughtIntrabar = false;
  private readonly mode: IntrabarFill;
  private readonly positions: readonly ResolvedPosition[];
  private readonly ledger: ProbedLedger;
  private readonly lane: number;
  private readonly stepView: RiskView;
  private readonly adverse: MarketState;
  private readonly start: MarketState;
  private readonly point: MarketState;
  private end: MarketState;
  private readonly lowPnl: Float64Array;
  private readonly highPnl: Float64Array;
  private readonly touched: Uint8Array;

  constructor(ledger: ProbedLedger, positions: readonly ResolvedPosition[], stepView: RiskView, fill: IntrabarFill, lane = 0) {
    this.ledger = ledger;
    this.positions = positions;
    this.stepView = stepView;
    this.mode = fill;
    this.lane = lane;
    this.check = new PoolProbe(ledger, positions, stepView, lane);
    this.fill = new PoolProbe(ledger, positions, stepView, lane);
    const assets = stepView.market.assets;
    this.adverse = new MarketState(assets, stepView.lanes);
    this.start = new MarketState(assets, stepView.lanes);
    this.point = new MarketState(assets, stepView.lanes);
    this.end = this.adverse;
    this.lowPnl = new Float64Array(assets);
    this.highPnl = new Float64Array(assets);
    this.touched = new Uint8Array(assets);
  }

  /**
   * Check `pool` at the step's bar. `closeHeadroom` is its headroom at the close (as the ledger evaluated
   * it). True when it must be liquidated; then `check` and `fill` hold the checked and fill states.
   */
  run(pool: Pool, closeHeadroom: number, step: number, estimate: CorrelationEstimate | null): boolean {
    const market = this.stepView.market;
    this.adverseMarket(pool, market);
    const adverseHeadroom = this.check.evaluate(pool, this.adverse, step, estimate);
    if (adverseHeadroom >= 0 && closeHeadroom >= 0) return false;
    this.caughtIntrabar = closeHeadroom >= 0;
    if (adverseHeadroom >= 0) {
      // Only the close breached (a requirement that is not monotone in the price): check and fill there.
      this.end = market;
      this.check.evaluate(pool, market, step, estimate);
    } else {
      this.end = this.adverse;
    }
    if (this.mode === 'extreme') this.fill.evaluate(pool, this.end, step, estimate);
    else this.trigger(pool, market, step, estimate);
    return true;
  }

  /** Evaluate the pool again at the checked point (after some legs were closed). */
  recheck(pool: Pool, step: number, estimate: CorrelationEstimate | null): void {
    this.check.evaluate(pool, this.end, step, estimate);
  }

  /** `adverse` = the step's market with each asset of the pool at the end of its bar worse for the pool. */
  private adverseMarket(pool: Pool, market: MarketState): void {
    const { positions, lowPnl, highPnl, touched } = this;
    const bar = this.stepView.barValues();
    const stride = this.stepView.positions;
    const base = this.lane * stride;
    const quantity = this.ledger.quantity;
    const value = this.stepView.value;
    for (const p of pool.members) {
      const a = positions[p].assetIndex;
      touched[a] = 0;
      lowPnl[a] = 0;
      highPnl[a] = 0;
    }
    for (const p of pool.members) {
      if (!pool.mask[p]) continue;
      const a = positions[p].assetIndex;
      const v = value[base + p];
      touched[a] = 1;
      lowPnl[a] += quantity[p] * (bar.low[base + p] - v);
      highPnl[a] += quantity[p] * (bar.high[base + p] - v);
    }
    const adverse = this.adverse;
    adverse.copyFrom(market);
    const row = this.lane * market.assets;
    for (const p of pool.members) {
      const a = positions[p].assetIndex;
      if (!touched[a]) continue;
      touched[a] = 0;
      const low = market.low[row + a];
      const high = market.high[row + a];
      if (low === low && high === high) adverse.price[row + a] = lowPnl[a] <= highPnl[a] ? low : high;
    }
  }

  /**
   * The fill at the trigger: along `start + s·(end − start)`, `start` each asset's bar start (its close
   * for an asset without a bar), the smallest `s` found with headroom < 0 (bisection from s = 0 with
   * headroom ≥ 0 to s = 1 below it); s = 0 when the bar started short already.
   */
  private trigger(pool: Pool, market: MarketState, step: number, estimate: CorrelationEstimate | null): void {
    const { start, end } = this;
    start.copyFrom(market);
    const n = market.assets;
    const row = this.lane * n;
    for (let a = 0; a < n; a++) {
      const open = market.open[row + a];
      if (open === open && market.low[row + a] === market.low[row + a]) start.price[row + a] = open;
    }
    if (this.fill.evaluate(pool, start, step, estimate) < 0) return;
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < SEGMENT_STEPS; k++) {
      const mid = 0.5 * (lo + hi);
      if (this.at(pool, mid, step, estimate) >= 0) lo = mid;
      else hi = mid;
    }
    this.at(pool, hi, step, estimate);
  }

  /** Evaluate the fill probe at `start + s·(end − start)`. */
  private at(pool: Pool, s: number, step: number, estimate: CorrelationEstimate | null): number {
    const { start, end, point } = this;
    point.copyFrom(start);
    const price = point.price;
    for (let i = 0; i < price.length; i++) price[i] = start.price[i] + s * (end.price[i] - start.price[i]);
    return this.fill.evaluate(pool, point, step, estimate);
  }
}
