import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { Requirement } from '../margin/margin-method.js';
import { MarketState } from '../market/market-state.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { NotionalBracket } from '../venues/notional-bracket.js';
import { tieredLiquidationPrice } from '../venues/tiered-liquidation-price.js';
import { pricerOf } from '../valuation/instrument-kinds.js';
import type { Pool } from './pool.js';
import { PoolProbe, type ProbedLedger } from './pool-probe.js';

/** Bracket search: first step e^{±0.01}, doubling; beyond e^{±40} (a factor of 2·10^17) there is no root. */
const FIRST_LOG_STEP = 0.01;
const LAST_LOG_STEP = 40;
/** Bisection in log price until the bracket is narrower than this (relative). */
const LOG_TOLERANCE = 1e-13;

/**
 * Liquidation prices: for each open leg of a pool, the price of its underlying at which the pool's equity
 * equals its requirement, every other price held (isolated: the bucket; cross and portfolio: the pool).
 *
 * - **Closed form** where the requirement is `scale × Σ` of bracketed maintenance margins (venue-style
 *   cross, isolated buckets, Binance's uniMMR) and the leg is the pool's only linear leg on its underlying:
 *   `tieredLiquidationPrice` (Binance's formula in pool terms) with the brackets scaled by `scale`.
 * - Otherwise a **bracketed root search** through the risk view: the underlying is moved away from its
 *   price in the direction that loses the leg money (the sign of its dollar delta) by e^{0.01}, e^{0.02},
 *   e^{0.04}, … until the pool's headroom changes sign, then bisected in log price to 1e-13. When the pool
 *   is short already (a liquidation's trigger state) the search goes the other way, to where it recovers.
 *   NaN when the headroom keeps its sign up to a factor e^{40}: no price liquidates (or rescues) the pool.
 *
 * O(brackets) per leg in closed form; about 60 revaluations of the pool per leg otherwise, so per-step
 * series of risk-based modes cost what `series.liquidationPrices` says they cost (off by default).
 */
export class LiquidationPriceSolver {
  private readonly probe: PoolProbe;
  private readonly positions: readonly ResolvedPosition[];
  private readonly ledger: ProbedLedger;
  private readonly lane: number;
  private readonly linear: Uint8Array;
  private readonly moved: MarketState;
  /** Per position: its maintenance brackets times the method's scale (null: no closed form). */
  private readonly scaled: (readonly NotionalBracket[] | null)[];
  private readonly legsOnAsset: Int32Array;

  constructor(ledger: ProbedLedger, positions: readonly ResolvedPosition[], stepView: RiskView, lane = 0) {
    this.ledger = ledger;
    this.positions = positions;
    this.lane = lane;
    this.probe = new PoolProbe(ledger, positions, stepView, lane);
    this.moved = new MarketState(stepView.market.assets, stepView.lanes);
    this.linear = Uint8Array.from(positions, (p) => (pricerOf(p.instrument).linear ? 1 : 0));
    this.legsOnAsset = new Int32Array(stepView.market.assets);
    const sum = ledger.definition.method.maintenanceSum;
    this.scaled = positions.map((position, p) => {
      if (!sum) return null;
      const brackets = (sum.rules ? sum.rules[p] : position.margin).brackets;
      if (!brackets) return null;
      if (sum.scale === 1) return brackets;
      return brackets.map((b) => ({ ...b, maintenanceRate: b.maintenanceRate * sum.scale, maintenanceAmount: b.maintenanceAmount * sum.scale }));
    });
  }

  /**
   * `out[p]` for every open member `p` of `pool` (other members untouched), the pool being as evaluated at
   * `market`: equity `equity`, requirement `requirement` (with its standalone terms), marks `view`.
   */
  solve(pool: Pool, market: MarketState, view: RiskView, equity: number, requirement: Requirement, step: number, estimate: CorrelationEstimate | null, out: Float64Array): void {
    const { positions, legsOnAsset } = this;
    for (const p of pool.members) if (pool.mask[p]) legsOnAsset[positions[p].assetIndex] = 0;
    for (const p of pool.members) if (pool.mask[p]) legsOnAsset[positions[p].assetIndex]++;
    const base = this.lane * view.positions;
    const n = market.assets;
    for (const p of pool.members) {
      if (!pool.mask[p]) continue;
      const a = positions[p].assetIndex;
      const price = market.price[this.lane * n + a];
      const quantity = this.ledger.quantity[p];
      const brackets = this.scaled[p];
      if (brackets && this.linear[p] && legsOnAsset[a] === 1) {
        // Units of the underlying held: q · m (value m·S per unit, so delta / S = m).
        const units = (quantity * view.delta[base + p]) / price;
        out[p] = tieredLiquidationPrice(units, price, equity, requirement.value - requirement.standalone[p], brackets);
        continue;
      }
      const exposure = quantity * view.delta[base + p];
      out[p] = exposure === 0 ? NaN : this.search(pool, market, a, price, exposure > 0 ? -1 : 1, equity - requirement.value, step, estimate);
    }
  }

  /** The root of the pool's headroom in the price of asset `a`, searched from `price` in `direction` (±1). */
  private search(pool: Pool, market: MarketState, a: number, price: number, direction: number, headroom: number, step: number, estimate: CorrelationEstimate | null): number {
    // Short already: look the other way, for where the pool would be whole again.
    const towards = headroom < 0 ? -direction : direction;
    const inside = headroom >= 0;
    const at = (logMove: number) => this.headroomAt(pool, market, a, price * Math.exp(towards * logMove), step, estimate);
    let lo = 0;
    let hi = FIRST_LOG_STEP;
    let found = false;
    for (; hi <= LAST_LOG_STEP; lo = hi, hi *= 2) {
      const h = at(hi);
      if (h === h && (h >= 0) !== inside) {
        found = true;
        break;
      }
    }
    if (!found) return NaN;
    while (hi - lo > LOG_TOLERANCE) {
      const mid = 0.5 * (lo + hi);
      if ((at(mid) >= 0) === inside) lo = mid;
      else hi = mid;
    }
    return price * Math.exp(towards * hi);
  }

  private headroomAt(pool: Pool, market: MarketState, a: number, price: number, step: number, estimate: CorrelationEstimate | null): number {
    const moved = this.moved;
    moved.copyFrom(market);
    moved.price[this.lane * market.assets + a] = price;
    return this.probe.evaluate(pool, moved, step, estimate);
  }
}
