import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { MarginState } from '../margin/margin-method.js';
import type { MarketState } from '../market/market-state.js';
import { countAvoided, type AvoidedTally, type CoverageTally } from './path-outcome.js';
import type { LaneBook, LaneLedger } from './lane-ledger.js';
import { UnderfundingAttribution } from './underfunding-attribution.js';

type MutableState = { -readonly [K in keyof MarginState]: MarginState[K] };

/**
 * `LiquidationAvoidedDetector` on every lane of a block (tallies only): an isolated bucket closed out at a
 * step while a shared-pool mode was not liquidated at that step and still held the position; resolved at
 * the end of the path as avoided for good or postponed, with what keeping the leg alive was worth. The
 * same order of additions as the scalar detector (step, bucket, shared mode), so the same sums.
 */
export class LaneAvoided {
  private readonly isolated: readonly LaneLedger[];
  private readonly cross: readonly LaneLedger[];
  private readonly positions: number;
  private readonly capacity: number;
  private readonly pendingCount: Int32Array;
  private readonly pendingCross: Int32Array;
  private readonly pendingPosition: Int32Array;
  private readonly pendingLoss: Float64Array;
  /** Per shared mode k and lane: `[k · lanes + ℓ]`. */
  private readonly count: Int32Array;
  private readonly isolatedLoss: Float64Array;
  private readonly lanes: number;

  constructor(isolated: readonly LaneLedger[], cross: readonly LaneLedger[], lanes: number, positions: number) {
    this.isolated = isolated;
    this.cross = cross;
    this.lanes = lanes;
    this.positions = positions;
    // Each isolated mode closes each bucket at most once; each close-out is pending for at most every shared mode.
    this.capacity = Math.max(1, isolated.length * positions * cross.length);
    this.pendingCount = new Int32Array(lanes);
    this.pendingCross = new Int32Array(lanes * this.capacity);
    this.pendingPosition = new Int32Array(lanes * this.capacity);
    this.pendingLoss = new Float64Array(lanes * this.capacity);
    this.count = new Int32Array(cross.length * lanes);
    this.isolatedLoss = new Float64Array(cross.length * lanes);
  }

  begin(lanes: Int32Array, laneCount: number): void {
    for (let i = 0; i < laneCount; i++) {
      const lane = lanes[i];
      this.pendingCount[lane] = 0;
      for (let k = 0; k < this.cross.length; k++) {
        this.count[k * this.lanes + lane] = 0;
        this.isolatedLoss[k * this.lanes + lane] = 0;
      }
    }
  }

  /** After every mode stepped: the isolated close-outs of this step, against each shared mode. */
  step(lanes: Int32Array, laneCount: number, initialMargin: Float64Array): void {
    const P = this.positions;
    for (const isolated of this.isolated) {
      for (let i = 0; i < laneCount; i++) {
        const lane = lanes[i];
        if (!isolated.liquidated[lane]) continue;
        const closed = isolated.closedCount[lane];
        for (let e = 0; e < closed; e++) {
          const p = isolated.closedPosition[lane * P + e];
          const loss = Math.max(0, initialMargin[lane * P + p] - Math.max(0, isolated.closedEquity[lane * P + e]));
          for (let k = 0; k < this.cross.length; k++) {
            const cross = this.cross[k];
            if (cross.liquidated[lane] || !cross.open[lane * P + p]) continue;
            const j = k * this.lanes + lane;
            this.count[j]++;
            this.isolatedLoss[j] += loss;
            const slot = lane * this.capacity + this.pendingCount[lane]++;
            this.pendingCross[slot] = k;
            this.pendingPosition[slot] = p;
            this.pendingLoss[slot] = loss;
          }
        }
      }
    }
  }

  /** The tallies of one lane at the end of its path, one per shared mode. */
  tallies(lane: number): AvoidedTally[] {
    const P = this.positions;
    const tallies: AvoidedTally[] = this.cross.map((ledger, k) => ({
      mode: ledger.definition.name,
      count: this.count[k * this.lanes + lane],
      capitalSaved: 0,
      isolatedLoss: this.isolatedLoss[k * this.lanes + lane],
      forGood: 0,
      capitalSavedForGood: 0,
      postponed: 0,
      capitalSavedPostponed: 0,
    }));
    for (let i = 0; i < this.pendingCount[lane]; i++) {
      const slot = lane * this.capacity + i;
      const k = this.pendingCross[slot];
      const p = this.pendingPosition[slot];
      const cross = this.cross[k];
      const closedStep = cross.closedStep[lane * P + p];
      // `ModeLedger.positionPnl` (nothing realised on these books) net of the position's funding.
      const crossOutcome = 0 + cross.pnl[lane * P + p] - cross.funding[lane * P + p];
      const capitalSaved = crossOutcome + this.pendingLoss[slot];
      countAvoided(tallies[k], capitalSaved, closedStep >= 0);
    }
    return tallies;
  }
}

/**
 * `UnderfundingMonitor` on every lane of a block (tallies only): at each step with `t + h` inside the path
 * and a shared pool open, the h-step loss of the book held at t against its requirement; an exceedance is
 * attributed by the general `UnderfundingAttribution`, called for that lane alone (exceedances are rare),
 * with a `MarginState` of the lane's own arrays and the block's view at the lane.
 */
export class LaneBacktest {
  private readonly book: LaneBook;
  private readonly cross: readonly LaneLedger[];
  private readonly lanes: number;
  private readonly horizon: number;
  private readonly window: number;
  private readonly attribution: UnderfundingAttribution;
  private readonly state: MutableState;
  /** Per shared mode k and lane (`[k · lanes + ℓ]`): the coverage tally's fields. */
  private readonly observations: Int32Array;
  private readonly exceedances: Int32Array;
  private readonly breakdown: Int32Array;
  private readonly volatility: Int32Array;
  private readonly impliedVolatility: Int32Array;
  private readonly standaloneCovered: Int32Array;
  private readonly unattributed: Int32Array;
  private readonly periods: Int32Array;
  private readonly lastHit: Int32Array;
  private readonly maxShortfall: Float64Array;
  private readonly sumShortfall: Float64Array;
  private readonly breakdownShortfall: Float64Array;
  private readonly volatilityShortfall: Float64Array;
  private readonly impliedVolatilityShortfall: Float64Array;
  /** The lane and step `attribution` last measured realised inputs for, and how many steps it used. */
  private realisedLane = -1;
  private realisedStep = -1;
  private realisedSteps = 0;

  constructor(book: LaneBook, cross: readonly LaneLedger[], assets: number, horizon: number, realisedWindow: number) {
    this.book = book;
    this.cross = cross;
    this.lanes = book.lanes;
    this.horizon = horizon;
    this.window = Math.max(realisedWindow, horizon);
    const positions = book.positions.length;
    this.attribution = new UnderfundingAttribution(assets, positions);
    this.state = {
      step: 0,
      positions: book.positions,
      quantity: book.quantity,
      exposure: book.exposure,
      open: new Uint8Array(0),
      members: [],
      estimate: null,
      view: book.view,
      lane: 0,
    };
    const size = cross.length * book.lanes;
    this.observations = new Int32Array(size);
    this.exceedances = new Int32Array(size);
    this.breakdown = new Int32Array(size);
    this.volatility = new Int32Array(size);
    this.impliedVolatility = new Int32Array(size);
    this.standaloneCovered = new Int32Array(size);
    this.unattributed = new Int32Array(size);
    this.periods = new Int32Array(size);
    this.lastHit = new Int32Array(size);
    this.maxShortfall = new Float64Array(size);
    this.sumShortfall = new Float64Array(size);
    this.breakdownShortfall = new Float64Array(size);
    this.volatilityShortfall = new Float64Array(size);
    this.impliedVolatilityShortfall = new Float64Array(size);
  }

  begin(lanes: Int32Array, laneCount: number): void {
    for (let k = 0; k < this.cross.length; k++) {
      for (let i = 0; i < laneCount; i++) {
        const j = k * this.lanes + lanes[i];
        this.observations[j] = this.exceedances[j] = this.breakdown[j] = this.volatility[j] = this.impliedVolatility[j] = 0;
        this.standaloneCovered[j] = this.unattributed[j] = this.periods[j] = 0;
        this.lastHit[j] = -2;
        this.maxShortfall[j] = this.sumShortfall[j] = this.breakdownShortfall[j] = this.volatilityShortfall[j] = this.impliedVolatilityShortfall[j] = 0;
      }
    }
    this.realisedLane = -1;
    this.realisedStep = -1;
  }

  /**
   * Observe step t on the listed lanes, whose per-unit values at `t + h` are in `later` (every lane with a
   * shared pool open; the caller skips the step when `t + h` is past the path). `columns[ℓ]` is lane ℓ's
   * path, `estimates[ℓ]` its estimate at t (null when it is not fed), `views[ℓ]` its quantity, exposure and
   * open-mask views (per shared mode) for the attribution.
   */
  step(
    t: number,
    lanes: Int32Array,
    laneCount: number,
    later: Float64Array,
    lastStep: number,
    columns: readonly (readonly Float64Array[])[],
    estimates: readonly (CorrelationEstimate | null)[],
    views: LaneViews,
    marketAtHorizon: MarketState,
  ): void {
    const P = this.book.positions.length;
    const { quantity } = this.book;
    const now = this.book.view.value;
    for (let k = 0; k < this.cross.length; k++) {
      const ledger = this.cross[k];
      const value = ledger.requirement.value;
      for (let i = 0; i < laneCount; i++) {
        const lane = lanes[i];
        if (ledger.poolOpen[lane] === 0) continue;
        const base = lane * P;
        let loss = 0;
        for (let p = 0; p < P; p++) {
          if (!ledger.open[base + p]) continue;
          const leg = -quantity[base + p] * (later[base + p] - now[base + p]);
          loss += leg;
        }
        const j = k * this.lanes + lane;
        this.observations[j]++;
        const requirement = value[lane];
        if (loss <= requirement) continue;
        this.exceedance(k, j, lane, t, loss, requirement, lastStep, columns[lane], estimates[lane], views, marketAtHorizon);
      }
    }
  }

  private exceedance(
    k: number,
    j: number,
    lane: number,
    t: number,
    loss: number,
    requirement: number,
    lastStep: number,
    columns: readonly Float64Array[],
    estimate: CorrelationEstimate | null,
    views: LaneViews,
    marketAtHorizon: MarketState,
  ): void {
    const ledger = this.cross[k];
    const shortfall = loss - requirement;
    const standaloneCovered = loss <= ledger.requirement.standaloneSum[lane];
    const state = this.state;
    state.step = t;
    state.lane = lane;
    state.quantity = views.quantity[lane];
    state.exposure = views.exposure[lane];
    state.open = views.open[k][lane];
    state.members = ledger.members;
    state.estimate = estimate;
    if (this.realisedLane !== lane || this.realisedStep !== t) {
      this.realisedSteps = this.attribution.realise(columns, t, this.window, lastStep);
      this.realisedLane = lane;
      this.realisedStep = t;
    }
    const attribution = this.attribution.attribute(ledger.method, state, requirement, this.realisedSteps, this.book.view, marketAtHorizon);
    this.exceedances[j]++;
    if (standaloneCovered) this.standaloneCovered[j]++;
    if (!attribution.attributed) this.unattributed[j]++;
    if (attribution.cause === 'correlation_breakdown') {
      this.breakdown[j]++;
      this.breakdownShortfall[j] += shortfall;
    } else if (attribution.cause === 'implied_volatility') {
      this.impliedVolatility[j]++;
      this.impliedVolatilityShortfall[j] += shortfall;
    } else {
      this.volatility[j]++;
      this.volatilityShortfall[j] += shortfall;
    }
    if (this.lastHit[j] !== t - 1) this.periods[j]++;
    this.lastHit[j] = t;
    this.sumShortfall[j] += shortfall;
    if (shortfall > this.maxShortfall[j]) this.maxShortfall[j] = shortfall;
  }

  /** The coverage tallies of one lane at the end of its path, one per shared mode. */
  tallies(lane: number): CoverageTally[] {
    return this.cross.map((ledger, k) => {
      const j = k * this.lanes + lane;
      return {
        mode: ledger.definition.name,
        observations: this.observations[j],
        exceedances: this.exceedances[j],
        correlationBreakdown: this.breakdown[j],
        volatility: this.volatility[j],
        impliedVolatility: this.impliedVolatility[j],
        standaloneCovered: this.standaloneCovered[j],
        unattributed: this.unattributed[j],
        periods: this.periods[j],
        maxShortfall: this.maxShortfall[j],
        sumShortfall: this.sumShortfall[j],
        breakdownShortfall: this.breakdownShortfall[j],
        volatilityShortfall: this.volatilityShortfall[j],
        impliedVolatilityShortfall: this.impliedVolatilityShortfall[j],
        hits: new Uint8Array(0),
      };
    });
  }
}

/** Per-lane views of the block's arrays, for a lane's `MarginState` (the attribution of an exceedance). */
export interface LaneViews {
  readonly quantity: readonly Float64Array[];
  readonly exposure: readonly Float64Array[];
  /** Per shared mode, per lane: its open mask. */
  readonly open: readonly (readonly Uint8Array[])[];
}
