import type { MarginMethod, MarginState } from '../margin/margin-method.js';
import { Requirement } from '../margin/margin-method.js';
import { partialCloseOrder, type LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { Position } from '../portfolio/position.js';
import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { LiquidationEvent } from './events.js';

/** A margin mode: a grouping of positions into collateral pools plus one requirement method. */
export interface ModeDefinition {
  readonly name: string;
  readonly kind: 'isolated' | 'cross' | 'portfolio';
  readonly method: MarginMethod;
}

/** One collateral pool: its member positions, collateral, fees, and the requirement last computed. */
export interface Pool {
  readonly name: string;
  readonly members: readonly number[];
  /** 1 for members still open in this pool. */
  readonly mask: Uint8Array;
  readonly requirement: Requirement;
  collateral: number;
  fees: number;
  /** Bad debt written off so the pool's equity does not go below zero after a close-out. */
  writeOff: number;
  open: number;
  equity: number;
  liquidatedAt: number;
}

/** The path data a ledger reads at each step. */
export interface StepInput {
  readonly step: number;
  readonly time: number;
  readonly prices: Float64Array;
  readonly exposure: Float64Array;
  readonly estimate: CorrelationEstimate | null;
  /** Funding charged this step per unit of absolute notional. */
  readonly fundingRate: number;
}

/**
 * The state of one mode along one path. Isolated: a pool per position funded with its initial margin,
 * the rest of the capital idle. Cross and portfolio: one pool holding all the capital.
 * The same code runs both: only the grouping and the method differ.
 */
export class ModeLedger {
  readonly definition: ModeDefinition;
  readonly pools: Pool[];
  /** Per position: 1 while open in this mode. */
  readonly open: Uint8Array;
  readonly quantity: Float64Array;
  readonly entry: Float64Array;
  readonly exitPrice: Float64Array;
  readonly funding: Float64Array;
  /** Step at which the position was closed by liquidation, −1 while open. */
  readonly closedStep: Int32Array;
  /** Capital not allocated to any pool (isolated mode only). */
  idleCash = 0;
  liquidatedThisStep = false;
  private readonly positions: readonly Position[];
  private readonly policy: LiquidationPolicy;
  private readonly state: { step: number; positions: readonly Position[]; exposure: Float64Array; open: Uint8Array; members: readonly number[]; estimate: CorrelationEstimate | null };
  private readonly pnl: Float64Array;

  constructor(definition: ModeDefinition, positions: readonly Position[], policy: LiquidationPolicy) {
    this.definition = definition;
    this.positions = positions;
    this.policy = policy;
    const count = positions.length;
    const groups = definition.kind === 'isolated' ? positions.map((_, p) => [p]) : [positions.map((_, p) => p)];
    this.pools = groups.map((members) => ({
      name: definition.kind === 'isolated' ? positions[members[0]].asset : 'account',
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
    this.closedStep = new Int32Array(count);
    this.pnl = new Float64Array(count);
    this.state = { step: 0, positions, exposure: new Float64Array(count), open: this.open, members: [], estimate: null };
  }

  /** Open every position at `entry` prices. `initialMargin[p]` funds isolated buckets out of `capital`. */
  start(quantity: Float64Array, entry: Float64Array, capital: number, initialMargin: Float64Array, openFees: Float64Array): void {
    this.quantity.set(quantity);
    this.entry.set(entry);
    this.exitPrice.fill(NaN);
    this.funding.fill(0);
    this.closedStep.fill(-1);
    this.open.fill(1);
    let allocated = 0;
    for (const pool of this.pools) {
      pool.mask.fill(0);
      for (const p of pool.members) pool.mask[p] = 1;
      pool.open = pool.members.length;
      pool.fees = 0;
      pool.writeOff = 0;
      pool.liquidatedAt = -1;
      if (this.definition.kind === 'isolated') {
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
    for (const pool of this.pools) {
      if (pool.open === 0) continue;
      if (input.fundingRate > 0) {
        for (const p of pool.members) {
          if (!pool.mask[p]) continue;
          const charge = Math.abs(input.exposure[p]) * input.fundingRate;
          this.funding[p] += charge;
          pool.fees += charge;
        }
      }
      this.evaluate(pool, input);
      if (pool.equity < pool.requirement.value) this.liquidate(pool, input, onLiquidation);
    }
  }

  /** Equity and requirement of a pool at the current step's prices. */
  private evaluate(pool: Pool, input: StepInput): void {
    let equity = pool.collateral - pool.fees + pool.writeOff;
    for (const p of pool.members) {
      const price = pool.mask[p] ? input.prices[this.positions[p].assetIndex] : this.exitPrice[p];
      const pnl = this.quantity[p] * (price - this.entry[p]);
      this.pnl[p] = pnl;
      equity += pnl;
    }
    pool.equity = equity;
    if (pool.open === 0) {
      pool.requirement.value = 0;
      pool.requirement.standaloneSum = 0;
      pool.requirement.diversified = 0;
      pool.requirement.credit = 0;
      return;
    }
    const state = this.state;
    state.step = input.step;
    state.exposure = input.exposure;
    state.open = pool.mask;
    state.members = pool.members;
    state.estimate = input.estimate;
    this.definition.method.evaluate(state as MarginState, pool.requirement);
  }

  private liquidate(pool: Pool, input: StepInput, onLiquidation: (event: LiquidationEvent) => void): void {
    const equityBefore = pool.equity;
    const requirementBefore = pool.requirement.value;
    const closed: number[] = [];
    let notional = 0;
    let fee = 0;
    const closeLeg = (p: number) => {
      const price = input.prices[this.positions[p].assetIndex];
      const legNotional = Math.abs(this.quantity[p] * price);
      const legFee = legNotional * this.policy.feeRate;
      this.exitPrice[p] = price;
      this.closedStep[p] = input.step;
      pool.mask[p] = 0;
      this.open[p] = 0;
      pool.open--;
      pool.fees += legFee;
      notional += legNotional;
      fee += legFee;
      closed.push(p);
    };
    const isAccount = this.definition.kind !== 'isolated';
    if (this.policy.kind === 'full' || pool.members.length === 1) {
      for (const p of pool.members) if (pool.mask[p]) closeLeg(p);
    } else {
      const candidates = pool.members.filter((p) => pool.mask[p]);
      const order = partialCloseOrder(candidates, this.pnl, pool.requirement.standalone);
      for (const p of order) {
        closeLeg(p);
        this.evaluate(pool, input);
        if (pool.open === 0 || pool.equity >= pool.requirement.value * (1 + this.policy.buffer)) break;
      }
    }
    this.evaluate(pool, input);
    const equityAfter = pool.equity;
    let badDebt = 0;
    if (pool.open === 0 && equityAfter < 0) {
      badDebt = -equityAfter;
      pool.writeOff += badDebt;
      pool.equity = 0;
    }
    if (pool.open === 0) pool.liquidatedAt = input.step;
    this.liquidatedThisStep = true;
    onLiquidation({
      kind: 'liquidation',
      step: input.step,
      time: input.time,
      mode: this.definition.name,
      scope: isAccount && pool.open === 0 && closed.length === pool.members.length ? 'account' : 'position',
      pool: pool.name,
      assets: closed.map((p) => this.positions[p].asset),
      prices: closed.map((p) => this.exitPrice[p]),
      equity: equityBefore,
      requirement: requirementBefore,
      notionalClosed: notional,
      fee,
      equityAfter,
      badDebt,
    });
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
  openGross(exposure: Float64Array): number {
    let gross = 0;
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

  /** Current (or at-close) P&L of position `p`, as last marked. */
  positionPnl(p: number): number {
    return this.pnl[p];
  }
}
