import type { LaneEstimate } from '../correlation/estimator.js';
import { LaneRequirement, type LaneMarginState, type MarginMethod } from '../margin/margin-method.js';
import { partialCloseOrder, type LiquidationPolicy } from '../margin/liquidation-policy.js';
import { poolMembers } from '../margin/pooling.js';
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
 * kernel takes (`lockstepSupport`): linear positions whose quantities never change on a path, pools per
 * position or shared, full or partial liquidation, funding, no events or series. Each lane follows the
 * scalar ledger's arithmetic in the same order, so its equity, requirements, liquidations and fees are the
 * scalar ledger's bit for bit (`test/montecarlo/lockstep-equivalence.test.ts`). Per lane and position
 * `[ℓ · positions + p]`; per lane and pool `[ℓ · pools + k]`. Nothing is allocated per step; a partial
 * liquidation allocates its close order (`partialCloseOrder`), as the scalar ledger does.
 */
export class LaneLedger {
  readonly definition: ModeDefinition;
  readonly method: MarginMethod;
  readonly perPosition: boolean;
  readonly pools: readonly (readonly number[])[];
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
  /** Per pool; isolated pools share one `standalone` array (each writes only its own member's entries). */
  readonly requirements: readonly LaneRequirement[];
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
  private readonly poolCount: number;
  private readonly linear: Uint8Array;
  private readonly state: { -readonly [K in keyof LaneMarginState]: LaneMarginState[K] };
  private readonly poolLanes: Int32Array;
  private readonly oneLane = new Int32Array(1);
  /** Per lane, views of `pnl` and of the shared pool's standalone terms (a partial close orders legs by them). */
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
    this.pools = poolMembers(poolingOf(definition), count);
    const pools = this.pools.length;
    this.poolCount = pools;
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
    const standalone = new Float64Array(lanes * count);
    this.requirements = this.pools.map(() => new LaneRequirement(lanes, count, standalone));
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
    this.poolLanes = new Int32Array(lanes);
    this.state = {
      step: 0,
      positions,
      members: [],
      quantity: book.quantity,
      exposure: book.exposure,
      open: this.open,
      estimate: null,
      view: book.view,
      lanes: this.poolLanes,
      count: 0,
    };
    const partial = !this.perPosition && policy.kind === 'partial';
    this.pnlViews = partial ? Array.from({ length: lanes }, (_, l) => this.pnl.subarray(l * count, (l + 1) * count)) : [];
    this.standaloneViews = partial ? Array.from({ length: lanes }, (_, l) => standalone.subarray(l * count, (l + 1) * count)) : [];
  }

  /** Open every position on the listed lanes (`ModeLedger.start`): isolated buckets funded with their initial margin. */
  start(lanes: Int32Array, laneCount: number, capital: number, initialMargin: Float64Array, openFees: Float64Array): void {
    const { count, poolCount } = this;
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
      for (let k = 0; k < poolCount; k++) {
        const members = this.pools[k];
        const pk = lane * poolCount + k;
        this.poolOpen[pk] = members.length;
        this.writeOff[pk] = 0;
        if (this.perPosition) {
          const p = members[0];
          this.collateral[pk] = initialMargin[base + p];
          allocated += initialMargin[base + p];
        } else {
          this.collateral[pk] = capital;
          allocated = capital;
        }
        let fees = 0;
        for (const p of members) fees += openFees[base + p];
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
    const { poolCount, poolLanes, count } = this;
    const exposure = this.book.exposure;
    for (let i = 0; i < laneCount; i++) {
      this.liquidated[lanes[i]] = 0;
      this.closedCount[lanes[i]] = 0;
    }
    this.state.step = step;
    this.state.estimate = estimate;
    for (let k = 0; k < poolCount; k++) {
      let c = 0;
      for (let i = 0; i < laneCount; i++) if (this.poolOpen[lanes[i] * poolCount + k] > 0) poolLanes[c++] = lanes[i];
      if (c === 0) continue;
      const members = this.pools[k];
      if (fundingRate > 0) {
        for (let i = 0; i < c; i++) {
          const lane = poolLanes[i];
          const base = lane * count;
          for (const p of members) {
            if (!this.open[base + p] || !this.linear[p]) continue;
            const charge = Math.abs(exposure[base + p]) * fundingRate;
            this.funding[base + p] += charge;
            this.fees[lane * poolCount + k] += charge;
          }
        }
      }
      this.evaluate(k, poolLanes, c);
      const value = this.requirements[k].value;
      for (let i = 0; i < c; i++) {
        const lane = poolLanes[i];
        if (this.equity[lane * poolCount + k] < value[lane]) this.liquidate(k, lane, step);
      }
    }
    for (let i = 0; i < laneCount; i++) this.addStep(lanes[i]);
  }

  /** The mode's per-step sums on one lane (`MarginEngine.stepMode`): only while a position is open. */
  private addStep(lane: number): void {
    if (this.modeOpen[lane] === 0) return;
    const { poolCount, count } = this;
    const exposure = this.book.exposure;
    this.stepsOpen[lane]++;
    let requirement = 0;
    let standalone = 0;
    let gross = 0;
    let headroom = NaN;
    for (let k = 0; k < poolCount; k++) {
      const pk = lane * poolCount + k;
      if (this.poolOpen[pk] === 0) continue;
      const r = this.requirements[k];
      requirement += r.value[lane];
      standalone += r.standaloneSum[lane];
      const h = this.equity[pk] - r.value[lane];
      if (!(h >= headroom)) headroom = h;
    }
    for (let k = 0; k < poolCount; k++) {
      if (this.poolOpen[lane * poolCount + k] === 0) continue;
      for (const p of this.pools[k]) if (this.open[lane * count + p]) gross += Math.abs(exposure[lane * count + p]);
    }
    this.sumRequirement[lane] += requirement;
    this.sumStandalone[lane] += standalone;
    this.sumGross[lane] += gross;
    if (headroom < this.minHeadroom[lane]) this.minHeadroom[lane] = headroom;
  }

  /** Pool k's equity (collateral − fees + write-offs + Σ q·(V − V_entry)) and requirement on the listed lanes. */
  private evaluate(k: number, lanes: Int32Array, laneCount: number): void {
    const { poolCount, count } = this;
    const { quantity, entry, view } = this.book;
    const value = view.value;
    const members = this.pools[k];
    let evaluated = 0;
    for (let i = 0; i < laneCount; i++) {
      const lane = lanes[i];
      const base = lane * count;
      const pk = lane * poolCount + k;
      let equity = this.collateral[pk] - this.fees[pk] + this.writeOff[pk];
      for (const p of members) {
        const v = this.open[base + p] ? value[base + p] : this.exitPrice[base + p];
        const legPnl = quantity[base + p] * (v - entry[base + p]);
        this.pnl[base + p] = legPnl;
        equity += legPnl;
      }
      this.equity[pk] = equity;
      if (this.poolOpen[pk] > 0) evaluated++;
    }
    const out = this.requirements[k];
    if (evaluated < laneCount) {
      // Only a re-check after closing a pool's last leg gets here (one lane): the requirement of nothing.
      for (let i = 0; i < laneCount; i++) {
        const lane = lanes[i];
        if (this.poolOpen[lane * poolCount + k] > 0) continue;
        out.value[lane] = 0;
        out.standaloneSum[lane] = 0;
        out.diversified[lane] = 0;
        out.credit[lane] = 0;
      }
      if (evaluated === 0) return;
    }
    const state = this.state;
    state.members = members;
    state.lanes = lanes;
    state.count = laneCount;
    this.method.evaluateLanes!(state, out);
  }

  /** Re-evaluate pool k on one lane (after a leg was closed). */
  private recheck(k: number, lane: number): void {
    this.oneLane[0] = lane;
    this.evaluate(k, this.oneLane, 1);
  }

  /** Close out pool k on `lane` (`ModeLedger.liquidate` at the close): full, or partial losers first. */
  private liquidate(k: number, lane: number, step: number): void {
    const { count, poolCount } = this;
    const { quantity, view } = this.book;
    const base = lane * count;
    const pk = lane * poolCount + k;
    const members = this.pools[k];
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
    if (this.policy.kind === 'full' || members.length === 1) {
      for (const p of members) if (this.open[base + p]) closeLeg(p);
    } else {
      const candidates = members.filter((p) => this.open[base + p]);
      const order = partialCloseOrder(candidates, this.pnlViews[lane], this.standaloneViews[lane]);
      const requirement = this.requirements[k].value;
      for (const p of order) {
        closeLeg(p);
        this.recheck(k, lane);
        if (this.poolOpen[pk] === 0 || this.equity[pk] >= requirement[lane] * (1 + this.policy.buffer)) break;
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
    if (this.perPosition && this.poolOpen[pk] === 0) {
      const e = lane * count + this.closedCount[lane]++;
      this.closedPosition[e] = members[0];
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
    for (let k = 0; k < this.poolCount; k++) total += this.equity[lane * this.poolCount + k];
    return total;
  }

  /** Σ funding charged on a lane, position order (`funding.reduce`). */
  fundingFees(lane: number): number {
    let total = 0;
    for (let p = 0; p < this.count; p++) total += this.funding[lane * this.count + p];
    return total;
  }
}
