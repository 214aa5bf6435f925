import type { LaneEstimate } from '../correlation/estimator.js';
import { LaneRequirement, type LaneMarginState, type MarginMethod } from '../margin/margin-method.js';
import { partialCloseOrder, type LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import { poolingOf, type ModeDefinition } from './mode-definition.js';

/** What every mode of a block shares, lane-major (`[ℓ · positions + p]`): the book's quantities, entry values and exposures. */
export interface LaneBook {
  readonly lanes: number;
  readonly positions: readonly ResolvedPosition[];
  readonly quantity: Float64Array;
  readonly entry: Float64Array;
  readonly exposure: Float64Array;
  readonly view: RiskView;
}

/**
 * `ModeLedger` on every lane of a block of paths at once (the Monte Carlo lockstep kernel), for the books the
 * kernel takes (`lockstepSupport`): linear positions whose quantities never change on a path, one pool per
 * position (`separate`: isolated buckets) or one shared pool, full or partial liquidation, funding, no events
 * or series. Each lane follows the scalar ledger's arithmetic in the same order, so its equity, requirements,
 * liquidations and fees are the scalar ledger's bit for bit (`test/montecarlo/block-kernel-equivalence.test.ts`).
 * Per lane and position `[ℓ · positions + p]`; per lane and pool `[ℓ · pools + k]` (pool k = position k when
 * separate, pool 0 when shared). The separate pools of a step are evaluated in one call of the method's lane
 * form. Nothing is allocated per step; a partial liquidation allocates its close order, as the scalar does.
 */
export class LaneLedger {
  readonly definition: ModeDefinition;
  readonly method: MarginMethod;
  /** One pool per position (isolated), else one shared pool. */
  readonly perPosition: boolean;
  /** The shared pool's members, or every position (each its own pool). */
  readonly members: readonly number[];
  /** 1 while position p is open in this mode on lane ℓ (its pool's mask). */
  readonly open: Uint8Array;
  readonly exitPrice: Float64Array;
  readonly funding: Float64Array;
  /** Each leg's P&L as its pool was last evaluated (the scalar ledger's `pnl`). */
  readonly pnl: Float64Array;
  readonly closedStep: Int32Array;
  readonly collateral: Float64Array;
  readonly fees: Float64Array;
  readonly writeOff: Float64Array;
  readonly equity: Float64Array;
  readonly poolOpen: Int32Array;
  /** Every pool's requirement (`[ℓ · pools + k]`), the standalone terms at `[ℓ · positions + p]`. */
  readonly requirement: LaneRequirement;
  readonly idleCash: Float64Array;
  /** Open positions of the mode per lane. */
  readonly modeOpen: Int32Array;
  /** 1 when the mode liquidated something on lane ℓ at this step. */
  readonly liquidated: Uint8Array;
  /** This step's close-outs of whole isolated buckets per lane: the bucket's position and its equity after. */
  readonly closedCount: Int32Array;
  readonly closedPosition: Int32Array;
  readonly closedEquity: Float64Array;
  // What `ModeOutcome` reports, per lane.
  readonly liquidations: Int32Array;
  readonly positionsLiquidated: Int32Array;
  readonly firstLiquidationStep: Int32Array;
  readonly badDebt: Float64Array;
  readonly liquidationFees: Float64Array;
  readonly stepsOpen: Int32Array;
  readonly sumRequirement: Float64Array;
  readonly sumStandalone: Float64Array;
  readonly sumGross: Float64Array;
  readonly minHeadroom: Float64Array;
  private readonly book: LaneBook;
  private readonly policy: LiquidationPolicy;
  private readonly count: number;
  private readonly pools: number;
  private readonly linear: Uint8Array;
  private readonly state: { -readonly [K in keyof LaneMarginState]: LaneMarginState[K] };
  private readonly stepLanes: Int32Array;
  private readonly oneLane = new Int32Array(1);
  /** Per lane, views of `pnl` and of the standalone terms (a partial close orders legs by them). */
  private readonly pnlViews: Float64Array[];
  private readonly standaloneViews: Float64Array[];

  constructor(definition: ModeDefinition, book: LaneBook, policy: LiquidationPolicy) {
    const { lanes, positions } = book;
    const count = positions.length;
    this.definition = definition;
    this.method = definition.method;
    this.book = book;
    this.policy = policy;
    this.count = count;
    this.perPosition = poolingOf(definition) === 'per-position';
    this.members = Array.from({ length: count }, (_, p) => p);
    const pools = this.perPosition ? count : 1;
    this.pools = pools;
    this.open = new Uint8Array(lanes * count);
    this.exitPrice = new Float64Array(lanes * count);
    this.funding = new Float64Array(lanes * count);
    this.pnl = new Float64Array(lanes * count);
    this.closedStep = new Int32Array(lanes * count);
    this.collateral = new Float64Array(lanes * pools);
    this.fees = new Float64Array(lanes * pools);
    this.writeOff = new Float64Array(lanes * pools);
    this.equity = new Float64Array(lanes * pools);
    this.poolOpen = new Int32Array(lanes * pools);
    this.requirement = new LaneRequirement(lanes, count, this.perPosition);
    this.idleCash = new Float64Array(lanes);
    this.modeOpen = new Int32Array(lanes);
    this.liquidated = new Uint8Array(lanes);
    this.closedCount = new Int32Array(lanes);
    this.closedPosition = new Int32Array(lanes * count);
    this.closedEquity = new Float64Array(lanes * count);
    this.liquidations = new Int32Array(lanes);
    this.positionsLiquidated = new Int32Array(lanes);
    this.firstLiquidationStep = new Int32Array(lanes);
    this.badDebt = new Float64Array(lanes);
    this.liquidationFees = new Float64Array(lanes);
    this.stepsOpen = new Int32Array(lanes);
    this.sumRequirement = new Float64Array(lanes);
    this.sumStandalone = new Float64Array(lanes);
    this.sumGross = new Float64Array(lanes);
    this.minHeadroom = new Float64Array(lanes);
    this.linear = Uint8Array.from(positions, (p) => (p.instrument.kind === 'linear' ? 1 : 0));
    this.stepLanes = new Int32Array(lanes);
    this.state = {
      step: 0,
      positions,
      members: this.members,
      separate: this.perPosition,
      quantity: book.quantity,
      exposure: book.exposure,
      open: this.open,
      estimate: null,
      view: book.view,
      lanes: this.stepLanes,
      count: 0,
    };
    const partial = !this.perPosition && policy.kind === 'partial';
    this.pnlViews = partial ? Array.from({ length: lanes }, (_, l) => this.pnl.subarray(l * count, (l + 1) * count)) : [];
    this.standaloneViews = partial ? Array.from({ length: lanes }, (_, l) => this.requirement.standalone.subarray(l * count, (l + 1) * count)) : [];
  }

  /** Open every position on the listed lanes (`ModeLedger.start`): isolated buckets funded with their initial margin. */
  start(lanes: Int32Array, laneCount: number, capital: number, initialMargin: Float64Array, openFees: Float64Array): void {
    const { count, pools } = this;
    for (let i = 0; i < laneCount; i++) {
      const lane = lanes[i];
      const base = lane * count;
      for (let p = 0; p < count; p++) {
        this.open[base + p] = 1;
        this.exitPrice[base + p] = NaN;
        this.funding[base + p] = 0;
        this.closedStep[base + p] = -1;
      }
      let allocated = 0;
      for (let k = 0; k < pools; k++) {
        const pk = lane * pools + k;
        this.poolOpen[pk] = this.perPosition ? 1 : count;
        this.writeOff[pk] = 0;
        let fees = 0;
        if (this.perPosition) {
          this.collateral[pk] = initialMargin[base + k];
          allocated += initialMargin[base + k];
          fees += openFees[base + k];
        } else {
          this.collateral[pk] = capital;
          allocated = capital;
          for (let p = 0; p < count; p++) fees += openFees[base + p];
        }
        this.fees[pk] = fees;
      }
      this.idleCash[lane] = capital - allocated;
      this.modeOpen[lane] = count;
      this.liquidations[lane] = 0;
      this.positionsLiquidated[lane] = 0;
      this.firstLiquidationStep[lane] = -1;
      this.badDebt[lane] = 0;
      this.liquidationFees[lane] = 0;
      this.stepsOpen[lane] = 0;
      this.sumRequirement[lane] = 0;
      this.sumStandalone[lane] = 0;
      this.sumGross[lane] = 0;
      this.minHeadroom[lane] = Infinity;
    }
  }

  /**
   * One step on the listed lanes (`ModeLedger.step`, then the engine's per-mode sums): funding, each open
   * pool's equity and requirement, liquidation where equity < requirement.
   */
  step(step: number, lanes: Int32Array, laneCount: number, fundingRate: number, estimate: LaneEstimate | null): void {
    const { count, pools, stepLanes } = this;
    let c = 0;
    for (let i = 0; i < laneCount; i++) {
      const lane = lanes[i];
      this.liquidated[lane] = 0;
      this.closedCount[lane] = 0;
      if (this.modeOpen[lane] > 0) stepLanes[c++] = lane;
    }
    if (fundingRate > 0) this.chargeFunding(stepLanes, c, fundingRate);
    for (let i = 0; i < c; i++) {
      const lane = stepLanes[i];
      for (let k = 0; k < pools; k++) if (this.poolOpen[lane * pools + k] > 0) this.equity[lane * pools + k] = this.poolEquity(k, lane);
    }
    const state = this.state;
    state.step = step;
    state.estimate = estimate;
    state.lanes = stepLanes;
    state.count = c;
    this.method.evaluateLanes!(state, this.requirement);
    const value = this.requirement.value;
    for (let i = 0; i < c; i++) {
      const lane = stepLanes[i];
      for (let k = 0; k < pools; k++) {
        const pk = lane * pools + k;
        if (this.poolOpen[pk] > 0 && this.equity[pk] < value[pk]) this.liquidate(k, lane, step);
      }
    }
    for (let i = 0; i < laneCount; i++) this.addStep(lanes[i]);
  }

  /** Funding on every open linear leg (`ModeLedger.step`): `|exposure| × rate`, into the leg's funding and its pool's fees. */
  private chargeFunding(lanes: Int32Array, laneCount: number, fundingRate: number): void {
    const { count, pools } = this;
    const exposure = this.book.exposure;
    for (let i = 0; i < laneCount; i++) {
      const lane = lanes[i];
      const base = lane * count;
      for (let p = 0; p < count; p++) {
        if (!this.open[base + p] || !this.linear[p]) continue;
        const charge = Math.abs(exposure[base + p]) * fundingRate;
        this.funding[base + p] += charge;
        this.fees[lane * pools + (this.perPosition ? p : 0)] += charge;
      }
    }
  }

  /** Equity of pool k on a lane: collateral − fees + write-offs + Σ q·(V − V_entry), legs closed at their exit values (`poolEquity`). */
  private poolEquity(k: number, lane: number): number {
    const { count, pools } = this;
    const { quantity, entry, view } = this.book;
    const value = view.value;
    const base = lane * count;
    const pk = lane * pools + k;
    let equity = this.collateral[pk] - this.fees[pk] + this.writeOff[pk];
    const from = this.perPosition ? k : 0;
    const to = this.perPosition ? k + 1 : count;
    for (let p = from; p < to; p++) {
      const v = this.open[base + p] ? value[base + p] : this.exitPrice[base + p];
      const legPnl = quantity[base + p] * (v - entry[base + p]);
      this.pnl[base + p] = legPnl;
      equity += legPnl;
    }
    return equity;
  }

  /** The mode's per-step sums on one lane (`MarginEngine.stepMode`): only while a position is open. */
  private addStep(lane: number): void {
    if (this.modeOpen[lane] === 0) return;
    const { pools, count } = this;
    const { value, standaloneSum } = this.requirement;
    const exposure = this.book.exposure;
    this.stepsOpen[lane]++;
    let requirement = 0;
    let standalone = 0;
    let gross = 0;
    let headroom = NaN;
    for (let k = 0; k < pools; k++) {
      const pk = lane * pools + k;
      if (this.poolOpen[pk] === 0) continue;
      requirement += value[pk];
      standalone += standaloneSum[pk];
      const h = this.equity[pk] - value[pk];
      if (!(h >= headroom)) headroom = h;
    }
    const base = lane * count;
    for (let p = 0; p < count; p++) if (this.open[base + p]) gross += Math.abs(exposure[base + p]);
    this.sumRequirement[lane] += requirement;
    this.sumStandalone[lane] += standalone;
    this.sumGross[lane] += gross;
    if (headroom < this.minHeadroom[lane]) this.minHeadroom[lane] = headroom;
  }

  /** Re-evaluate pool k on one lane after a leg was closed (`ModeLedger.evaluate`). */
  private recheck(k: number, lane: number): void {
    const pk = lane * this.pools + k;
    this.equity[pk] = this.poolEquity(k, lane);
    const out = this.requirement;
    if (this.poolOpen[pk] === 0) {
      out.value[pk] = 0;
      out.standaloneSum[pk] = 0;
      out.diversified[pk] = 0;
      out.credit[pk] = 0;
      return;
    }
    // Only a shared pool keeps legs open after a close (a bucket has one leg).
    const state = this.state;
    this.oneLane[0] = lane;
    state.lanes = this.oneLane;
    state.count = 1;
    this.method.evaluateLanes!(state, out);
  }

  /** Close out pool k on `lane` (`ModeLedger.liquidate` at the close): full, or partial losers first. */
  private liquidate(k: number, lane: number, step: number): void {
    const { count, pools } = this;
    const { quantity, view } = this.book;
    const base = lane * count;
    const pk = lane * pools + k;
    const feeRate = this.policy.feeRate;
    let fee = 0;
    let closed = 0;
    const closeLeg = (p: number) => {
      const legFee = Math.abs(quantity[base + p] * view.delta[base + p]) * feeRate;
      this.exitPrice[base + p] = view.value[base + p];
      this.closedStep[base + p] = step;
      this.open[base + p] = 0;
      this.poolOpen[pk]--;
      this.modeOpen[lane]--;
      this.fees[pk] += legFee;
      fee += legFee;
      closed++;
    };
    if (this.perPosition) {
      closeLeg(k);
    } else if (this.policy.kind === 'full') {
      for (let p = 0; p < count; p++) if (this.open[base + p]) closeLeg(p);
    } else {
      const candidates = this.members.filter((p) => this.open[base + p]);
      const order = partialCloseOrder(candidates, this.pnlViews[lane], this.standaloneViews[lane]);
      const requirement = this.requirement.value;
      for (const p of order) {
        closeLeg(p);
        this.recheck(k, lane);
        if (this.poolOpen[pk] === 0 || this.equity[pk] >= requirement[pk] * (1 + this.policy.buffer)) break;
      }
    }
    this.recheck(k, lane);
    const equityAfter = this.equity[pk];
    let badDebt = 0;
    if (this.poolOpen[pk] === 0 && equityAfter < 0) {
      badDebt = -equityAfter;
      this.writeOff[pk] += badDebt;
      this.equity[pk] = 0;
    }
    this.liquidated[lane] = 1;
    if (this.perPosition) {
      const e = base + this.closedCount[lane]++;
      this.closedPosition[e] = k;
      this.closedEquity[e] = equityAfter;
    }
    this.liquidations[lane]++;
    this.positionsLiquidated[lane] += closed;
    this.badDebt[lane] += badDebt;
    this.liquidationFees[lane] += fee;
    if (this.firstLiquidationStep[lane] < 0) this.firstLiquidationStep[lane] = step;
  }

  /** The account's equity on a lane: idle cash plus every pool's equity (`ModeLedger.accountEquity`). */
  accountEquity(lane: number): number {
    let total = this.idleCash[lane];
    for (let k = 0; k < this.pools; k++) total += this.equity[lane * this.pools + k];
    return total;
  }

  /** Σ funding charged on a lane, position order (`funding.reduce`). */
  fundingFees(lane: number): number {
    let total = 0;
    for (let p = 0; p < this.count; p++) total += this.funding[lane * this.count + p];
    return total;
  }
}
