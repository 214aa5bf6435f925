import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { Requirement } from '../margin/margin-method.js';
import type { MarketState } from '../market/market-state.js';
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
/** The root is refined in log price until the bracket is narrower than this (relative). */
const LOG_TOLERANCE = 1e-13;
/** Refinement steps at most (Illinois converges in ~10 on these piecewise-smooth headrooms). */
const MAX_REFINE = 200;

/**
 * Liquidation prices: for each open leg of a pool, the price of its underlying at which the pool's equity
 * equals its requirement, every other price held (isolated: the bucket; cross and portfolio: the pool).
 *
 * - **Closed form** where the requirement is `scale × Σ` of bracketed maintenance margins (venue-style
 *   cross, isolated buckets, Binance's uniMMR) and the leg is the pool's only linear leg on its underlying:
 *   `tieredLiquidationPrice` (Binance's formula in pool terms) with the brackets scaled by `scale`.
 * - Otherwise a **bracketed root search** through the risk view: the underlying is moved away from its
 *   price in the direction that loses the leg money (the sign of its dollar delta) by e^{0.01}, e^{0.02},
 *   e^{0.04}, … until the pool's headroom changes sign, then refined in log price to 1e-13 by regula falsi
 *   with the Illinois modification (Dowell & Jarratt 1971: the retained end's value is halved when it is
 *   kept twice, which keeps the convergence superlinear; a step outside the bracket falls back to
 *   bisection). When the pool is short already (a liquidation's trigger state) the search goes the other
 *   way, to where it recovers. NaN when the headroom keeps its sign up to a factor e^{40}: no price
 *   liquidates (or rescues) the pool. Only the legs on the moved underlying are revalued.
 *
 * O(brackets) per leg in closed form; some 15 evaluations of the pool's method per leg otherwise, so
 * per-step series of risk-based modes cost what the README's performance table says (off by default).
 */
export class LiquidationPriceSolver {
  private readonly probe: PoolProbe;
  private readonly positions: readonly ResolvedPosition[];
  private readonly ledger: ProbedLedger;
  private readonly lane: number;
  private readonly linear: Uint8Array;
  /** Per position: its maintenance brackets times the method's scale (null: no closed form). */
  private readonly scaled: (readonly NotionalBracket[] | null)[];
  private readonly legsOnAsset: Int32Array;

  constructor(ledger: ProbedLedger, positions: readonly ResolvedPosition[], stepView: RiskView, lane = 0) {
    this.ledger = ledger;
    this.positions = positions;
    this.lane = lane;
    this.probe = new PoolProbe(ledger, positions, stepView, lane);
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
   * `search` false: closed forms only (NaN where a root search would be needed).
   */
  solve(pool: Pool, market: MarketState, view: RiskView, equity: number, requirement: Requirement, step: number, estimate: CorrelationEstimate | null, out: Float64Array, search = true): void {
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
      out[p] = exposure === 0 || !search ? NaN : this.search(pool, market, a, price, exposure > 0 ? -1 : 1, equity - requirement.value, step, estimate);
    }
  }

  /** The root of the pool's headroom in the price of asset `a`, searched from `price` in `direction` (±1). */
  private search(pool: Pool, market: MarketState, a: number, price: number, direction: number, headroom: number, step: number, estimate: CorrelationEstimate | null): number {
    // Short already: look the other way, for where the pool would be whole again.
    const towards = headroom < 0 ? -direction : direction;
    const inside = headroom >= 0;
    const probe = this.probe;
    probe.evaluate(pool, market, step, estimate);
    const at = (logMove: number) => probe.move(pool, a, price * Math.exp(towards * logMove), step, estimate);
    // Bracket: lo keeps the starting side's sign, hi the other.
    let lo = 0;
    let atLo = headroom;
    let hi = FIRST_LOG_STEP;
    let atHi = NaN;
    let found = false;
    for (; hi <= LAST_LOG_STEP; hi *= 2) {
      atHi = at(hi);
      if (atHi === atHi && (atHi >= 0) !== inside) {
        found = true;
        break;
      }
      lo = hi;
      atLo = atHi;
    }
    if (!found) return NaN;
    // Illinois: regula falsi, halving the value of an end kept twice in a row.
    let kept = 0;
    for (let k = 0; k < MAX_REFINE && hi - lo > LOG_TOLERANCE; k++) {
      let x = (lo * atHi - hi * atLo) / (atHi - atLo);
      if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
      const h = at(x);
      if (h === 0) return price * Math.exp(towards * x);
      if ((h >= 0) === inside) {
        lo = x;
        atLo = h;
        if (kept === -1) atHi *= 0.5;
        kept = -1;
      } else {
        hi = x;
        atHi = h;
        if (kept === 1) atLo *= 0.5;
        kept = 1;
      }
    }
    return price * Math.exp(towards * hi);
  }
}
