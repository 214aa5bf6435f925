import type { MarginState } from '../margin/margin-method.js';
import { Requirement } from '../margin/margin-method.js';
import { partialCloseOrder, type LiquidationPolicy } from '../margin/liquidation-policy.js';
import { poolMembers } from '../margin/pooling.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { positionLabels } from '../portfolio/position-labels.js';
import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { RiskView } from '../valuation/risk-view.js';
import { poolingOf, type ModeDefinition } from './mode-definition.js';
import type { LiquidationEvent } from './events.js';
import { hyperliquidCloseOut } from './hyperliquid-close-out.js';
import { IntrabarCheck, type IntrabarFill } from './intrabar-check.js';
import { LiquidationPriceSolver } from './liquidation-prices.js';
import { poolEquity, type Pool, type StepInput } from './pool.js';

export type { ModeDefinition } from './mode-definition.js';
export type { Pool, StepInput } from './pool.js';

/** What a ledger does beyond the close-only check: intrabar checks, liquidation prices. */
export interface LedgerOptions {
  /** Check at each bar's adverse extreme (steps whose input says `intrabar`), filling as said. */
  readonly intrabar?: IntrabarFill;
  /**
   * Compute liquidation prices (`liquidationPrice`, and on every liquidation event): `true` everywhere,
   * `closed-form` per step only where a closed form exists (events still search).
   */
  readonly liquidationPrices?: boolean | 'closed-form';
}

/**
 * The state of one mode along one path: its quantities, entry values, pools and their collateral. Isolated:
 * a pool per position funded with its initial margin, the rest of the capital idle. Cross and portfolio:
 * one pool holding all the capital. The same code runs both: only the grouping and the method differ.
 *
 * Values come from the risk view (per unit); the ledger scales them by its own quantities: the P&L of
 * position `p` is `q_p · (V_p − V_p,entry)`, its delta-equivalent exposure `q_p · delta_p`.
 */
export class ModeLedger {
  readonly definition: ModeDefinition;
  readonly pools: Pool[];
  /** Per position: 1 while open in this mode. */
  readonly open: Uint8Array;
  readonly quantity: Float64Array;
  /** Per-unit value at which each position was opened. */
  readonly entry: Float64Array;
  /** Per-unit value at which each position was closed (NaN while open). */
  readonly exitPrice: Float64Array;
  readonly funding: Float64Array;
  /** Signed delta-equivalent exposure `q · delta` of every position at the current step. */
  readonly exposure: Float64Array;
  /** Step at which the position was closed by liquidation, −1 while open. */
  readonly closedStep: Int32Array;
  /** Step at which the position was settled at expiry, −1 while open. */
  readonly settledStep: Int32Array;
  /**
   * P&L realised and moved into the pool's cash while the position stays open: by trades (rolls, hedge
   * rebalances, settlement) and by closing part of it (Hyperliquid's partial liquidation).
   */
  readonly realised: Float64Array;
  /**
   * Liquidation price of each open position in its pool at the step's close (NaN when closed or when no
   * price liquidates it); filled when the ledger was built with `liquidationPrices`.
   */
  readonly liquidationPrice: Float64Array;
  /** Capital not allocated to any pool (isolated mode only). */
  idleCash = 0;
  liquidatedThisStep = false;
  private readonly positions: readonly ResolvedPosition[];
  private readonly policy: LiquidationPolicy;
  private readonly view: RiskView;
  private readonly lane: number;
  private readonly isolated: boolean;
  private readonly state: { step: number; positions: readonly ResolvedPosition[]; quantity: Float64Array; exposure: Float64Array; open: Uint8Array; members: readonly number[]; estimate: CorrelationEstimate | null; view: RiskView; lane: number };
  private readonly pnl: Float64Array;
  /** How events name each position (`positionLabels`). */
  readonly labels: readonly string[];
  /** The pool each position belongs to. */
  private readonly poolOf: Pool[];
  /** 1 for linear positions (the ones funding is charged on). */
  private readonly linear: Uint8Array;
  private readonly intrabar: IntrabarCheck | null;
  /** The run checks bars (this mode may still check at the close only): events say which check fired. */
  private readonly barsChecked: boolean;
  private readonly prices: LiquidationPriceSolver | null;
  private readonly searchEveryStep: boolean;
  /** Liquidation prices of the legs closed at a trigger, by position (scratch of `liquidate`). */
  private readonly triggerPrice: Float64Array;

  constructor(definition: ModeDefinition, positions: readonly ResolvedPosition[], policy: LiquidationPolicy, view: RiskView, lane = 0, options: LedgerOptions = {}) {
    this.definition = definition;
    this.positions = positions;
    this.policy = policy;
    this.view = view;
    this.lane = lane;
    const count = positions.length;
    const pooling = poolingOf(definition);
    this.isolated = pooling === 'per-position';
    this.labels = positionLabels(positions);
    this.pools = poolMembers(pooling, count).map((members) => ({
      name: this.isolated ? this.labels[members[0]] : 'account',
      members,
      mask: new Uint8Array(count),
      requirement: new Requirement(count),
      collateral: 0,
      fees: 0,
      writeOff: 0,
      open: 0,
      equity: 0,
      liquidatedAt: -1,
    }));
    this.open = new Uint8Array(count);
    this.quantity = new Float64Array(count);
    this.entry = new Float64Array(count);
    this.exitPrice = new Float64Array(count);
    this.funding = new Float64Array(count);
    this.exposure = new Float64Array(count);
    this.closedStep = new Int32Array(count);
    this.settledStep = new Int32Array(count);
    this.realised = new Float64Array(count);
    this.pnl = new Float64Array(count);
    this.poolOf = new Array(count);
    for (const pool of this.pools) for (const p of pool.members) this.poolOf[p] = pool;
    this.linear = Uint8Array.from(positions, (p) => (p.instrument.kind === 'linear' ? 1 : 0));
    this.liquidationPrice = new Float64Array(count).fill(NaN);
    this.triggerPrice = new Float64Array(count);
    this.state = { step: 0, positions, quantity: this.quantity, exposure: this.exposure, open: this.open, members: [], estimate: null, view, lane };
    this.barsChecked = options.intrabar !== undefined;
    this.intrabar = options.intrabar && definition.check !== 'close' ? new IntrabarCheck(this, positions, view, options.intrabar, lane) : null;
    this.prices = options.liquidationPrices ? new LiquidationPriceSolver(this, positions, view, lane) : null;
    this.searchEveryStep = options.liquidationPrices === true;
  }

  /** True for a mode with one pool per position (isolated margin). */
  get perPosition(): boolean {
    return this.isolated;
  }

  /** Open every position at per-unit values `entry`. `initialMargin[p]` funds isolated buckets out of `capital`. */
  start(quantity: Float64Array, entry: Float64Array, capital: number, initialMargin: Float64Array, openFees: Float64Array): void {
    this.quantity.set(quantity);
    this.entry.set(entry);
    this.exitPrice.fill(NaN);
    this.funding.fill(0);
    this.realised.fill(0);
    this.liquidationPrice.fill(NaN);
    this.closedStep.fill(-1);
    this.settledStep.fill(-1);
    this.open.fill(1);
    let allocated = 0;
    for (const pool of this.pools) {
      pool.mask.fill(0);
      for (const p of pool.members) pool.mask[p] = 1;
      pool.open = pool.members.length;
      pool.fees = 0;
      pool.writeOff = 0;
      pool.liquidatedAt = -1;
      if (this.isolated) {
        const p = pool.members[0];
        pool.collateral = initialMargin[p];
        allocated += initialMargin[p];
      } else {
        pool.collateral = capital;
        allocated = capital;
      }
      for (const p of pool.members) pool.fees += openFees[p];
    }
    this.idleCash = capital - allocated;
  }

  /** Mark to market, charge funding, compute requirements, liquidate where equity < requirement. */
  step(input: StepInput, onLiquidation: (event: LiquidationEvent) => void): void {
    this.liquidatedThisStep = false;
    this.markExposure();
    for (const pool of this.pools) {
      if (pool.open === 0) continue;
      if (input.fundingRate > 0) {
        for (const p of pool.members) {
          if (!pool.mask[p] || !this.linear[p]) continue;
          const charge = Math.abs(this.exposure[p]) * input.fundingRate;
          this.funding[p] += charge;
          pool.fees += charge;
        }
      }
      this.evaluate(pool, input);
      if (this.intrabar && input.intrabar) {
        const bar = this.intrabar;
        if (bar.run(pool, pool.equity - pool.requirement.value, input.step, input.estimate)) this.liquidate(pool, input, onLiquidation, bar);
      } else if (pool.equity < pool.requirement.value) this.liquidate(pool, input, onLiquidation, null);
      if (this.prices) this.markLiquidationPrices(pool, input);
    }
  }

  /**
   * Trade open position `p` to `quantity` at per-unit value `value` (a hedge rebalance, or the two legs of a
   * roll): its P&L so far, `q · (value − entry)`, is realised into the pool's cash, its entry becomes `value`,
   * and `fee` is charged to the pool. Equity is unchanged but for the fee.
   */
  trade(p: number, quantity: number, value: number, fee: number): void {
    const pool = this.poolOf[p];
    const realised = this.quantity[p] * (value - this.entry[p]);
    pool.collateral += realised;
    this.realised[p] += realised;
    this.entry[p] = value;
    this.quantity[p] = quantity;
    pool.fees += fee;
  }

  /** Settle open position `p` at expiry at per-unit value `value` (intrinsic): realise its P&L and close it. */
  settle(p: number, value: number, step: number): void {
    this.trade(p, this.quantity[p], value, 0);
    const pool = this.poolOf[p];
    this.exitPrice[p] = value;
    this.settledStep[p] = step;
    pool.mask[p] = 0;
    this.open[p] = 0;
    pool.open--;
  }

  /** Liquidation prices of the pool's open legs at the step's close (NaN for the closed ones). */
  private markLiquidationPrices(pool: Pool, input: StepInput): void {
    for (const p of pool.members) if (!pool.mask[p]) this.liquidationPrice[p] = NaN;
    if (pool.open === 0) return;
    this.prices!.solve(pool, this.view.market, this.view, pool.equity, pool.requirement, input.step, input.estimate, this.liquidationPrice, this.searchEveryStep);
  }

  /** `exposure[p] = q_p · delta_p` at the view's current marks. */
  private markExposure(): void {
    const { quantity, exposure } = this;
    const delta = this.view.delta;
    const base = this.lane * this.view.positions;
    for (let p = 0; p < exposure.length; p++) exposure[p] = quantity[p] * delta[base + p];
  }

  /** Equity and requirement of a pool at the current step's marks. */
  private evaluate(pool: Pool, input: StepInput): void {
    pool.equity = poolEquity(pool, this.quantity, this.entry, this.exitPrice, this.view.value, this.lane * this.view.positions, this.pnl);
    if (pool.open === 0) {
      pool.requirement.value = 0;
      pool.requirement.standaloneSum = 0;
      pool.requirement.diversified = 0;
      pool.requirement.credit = 0;
      return;
    }
    const state = this.state;
    state.step = input.step;
    state.open = pool.mask;
    state.members = pool.members;
    state.estimate = input.estimate;
    this.definition.method.evaluate(state as MarginState, pool.requirement);
  }

  /**
   * Close out a pool whose check fired: at the step's close (`bar` null), or inside the bar (`bar` holds
   * the checked state and the fill marks). Legs close at the fill marks; the policy's stopping rule is
   * judged where the check fired.
   */
  private liquidate(pool: Pool, input: StepInput, onLiquidation: (event: LiquidationEvent) => void, bar: IntrabarCheck | null): void {
    const checked = bar ? bar.check : null;
    const equityAt = () => (checked ? checked.equity : pool.equity);
    const requirementAt = () => (checked ? checked.requirement : pool.requirement);
    const recheck = () => (bar ? bar.recheck(pool, input.step, input.estimate) : this.evaluate(pool, input));
    const fillView = bar ? bar.fill.view : this.view;
    const equityBefore = equityAt();
    const requirementBefore = requirementAt().value;
    if (this.prices) {
      // Each leg's liquidation price in the state the check saw (others at their checked prices).
      const market = checked ? checked.view.market : this.view.market;
      this.prices.solve(pool, market, checked ? checked.view : this.view, equityBefore, requirementAt(), input.step, input.estimate, this.triggerPrice);
    }
    const closed: number[] = [];
    const fractions: number[] = [];
    let notional = 0;
    let fee = 0;
    const base = this.lane * this.view.positions;
    const closeLeg = (p: number) => {
      const unitValue = fillView.value[base + p];
      const legNotional = Math.abs(this.quantity[p] * fillView.delta[base + p]);
      const legFee = legNotional * this.policy.feeRate;
      this.exitPrice[p] = unitValue;
      this.closedStep[p] = input.step;
      pool.mask[p] = 0;
      this.open[p] = 0;
      pool.open--;
      pool.fees += legFee;
      notional += legNotional;
      fee += legFee;
      closed.push(p);
      fractions.push(1);
    };
    /** Close `fraction` of leg p at the fill and keep the rest open: its P&L so far is realised into the pool. */
    const reduceLeg = (p: number, fraction: number) => {
      const unitValue = fillView.value[base + p];
      const part = fraction * this.quantity[p];
      const legNotional = Math.abs(part * fillView.delta[base + p]);
      const legFee = legNotional * this.policy.feeRate;
      const realised = part * (unitValue - this.entry[p]);
      pool.collateral += realised;
      this.realised[p] += realised;
      this.quantity[p] -= part;
      this.exposure[p] = this.quantity[p] * this.view.delta[base + p];
      pool.fees += legFee;
      notional += legNotional;
      fee += legFee;
      closed.push(p);
      fractions.push(fraction);
    };
    const isAccount = !this.isolated;
    let backstop = false;
    if (this.policy.kind === 'hyperliquid') {
      const legs = { equityAt, requirementAt, recheck, closeLeg, reduceLeg };
      backstop = hyperliquidCloseOut(this.policy.venueRule!, pool, this.quantity, fillView.delta, base, checked ? checked.pnl : this.pnl, legs);
    } else if (this.policy.kind === 'full' || pool.members.length === 1) {
      for (const p of pool.members) if (pool.mask[p]) closeLeg(p);
    } else {
      const candidates = pool.members.filter((p) => pool.mask[p]);
      const order = partialCloseOrder(candidates, checked ? checked.pnl : this.pnl, requirementAt().standalone);
      for (const p of order) {
        closeLeg(p);
        recheck();
        if (pool.open === 0 || equityAt() >= requirementAt().value * (1 + this.policy.buffer)) break;
      }
    }
    recheck();
    if (backstop && equityAt() > 0) {
      // Hyperliquid's backstop: the liquidator vault takes the positions and the margin left with them.
      const kept = equityAt();
      pool.fees += kept;
      fee += kept;
      recheck();
    }
    const equityAfter = equityAt();
    let badDebt = 0;
    if (pool.open === 0 && equityAfter < 0) {
      badDebt = -equityAfter;
      pool.writeOff += badDebt;
    }
    if (bar) this.evaluate(pool, input);
    if (pool.open === 0 && equityAfter < 0) pool.equity = 0;
    if (pool.open === 0) pool.liquidatedAt = input.step;
    this.liquidatedThisStep = true;
    const event: LiquidationEvent = {
      kind: 'liquidation',
      step: input.step,
      time: input.time,
      mode: this.definition.name,
      scope: isAccount && pool.open === 0 && new Set(closed).size === pool.members.length ? 'account' : 'position',
      pool: pool.name,
      assets: closed.map((p) => this.labels[p]),
      prices: closed.map((p) => fillView.value[base + p]),
      equity: equityBefore,
      requirement: requirementBefore,
      notionalClosed: notional,
      fee,
      equityAfter,
      badDebt,
    };
    onLiquidation(this.barsChecked || this.prices || this.policy.kind === 'hyperliquid' ? {
      ...event,
      ...(this.barsChecked ? { check: bar && bar.caughtIntrabar ? 'intrabar' : 'close' } as const : {}),
      ...(this.prices ? { liquidationPrices: closed.map((p) => this.triggerPrice[p]) } : {}),
      ...(this.policy.kind === 'hyperliquid' ? { fractions } : {}),
    } : event);
  }

  /** Total account value in this mode: idle cash plus every pool's equity (after write-offs). */
  accountEquity(): number {
    let total = this.idleCash;
    for (const pool of this.pools) total += pool.equity;
    return total;
  }

  /** Σ requirement over pools with open positions. */
  totalRequirement(): number {
    let total = 0;
    for (const pool of this.pools) if (pool.open > 0) total += pool.requirement.value;
    return total;
  }

  /** Σ standalone requirement (sum of the positions' own requirements) over pools with open positions. */
  totalStandalone(): number {
    let total = 0;
    for (const pool of this.pools) if (pool.open > 0) total += pool.requirement.standaloneSum;
    return total;
  }

  /** Σ |exposure| of the positions still open, pool by pool. */
  openGross(): number {
    let gross = 0;
    const exposure = this.exposure;
    for (const pool of this.pools) {
      if (pool.open === 0) continue;
      for (const p of pool.members) if (pool.mask[p]) gross += Math.abs(exposure[p]);
    }
    return gross;
  }

  /** Smallest `equity − requirement` over pools with open positions (NaN when none is open). */
  minHeadroom(): number {
    let min = NaN;
    for (const pool of this.pools) {
      if (pool.open === 0) continue;
      const h = pool.equity - pool.requirement.value;
      if (!(h >= min)) min = h;
    }
    return min;
  }

  openCount(): number {
    let n = 0;
    for (let p = 0; p < this.open.length; p++) n += this.open[p];
    return n;
  }

  /** P&L of position `p` since it was opened: realised by trades plus the open part, as last marked (or at close). */
  positionPnl(p: number): number {
    return this.realised[p] + this.pnl[p];
  }
}
