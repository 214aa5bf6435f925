import type { CorrelationEstimate, CorrelationEstimator, LaneEstimator } from '../correlation/estimator.js';
import { MarketState } from '../market/market-state.js';
import { RiskView } from '../valuation/risk-view.js';
import { pricerOf } from '../valuation/instrument-kinds.js';
import { LaneBacktest, LaneAvoided, type LaneViews } from './lane-detectors.js';
import { LaneLedger, type LaneBook } from './lane-ledger.js';
import type { MarginEngine } from './margin-engine.js';
import type { PathOutcome } from './path-outcome.js';
import { lockstepSupport } from './lockstep-support.js';

/**
 * The Monte Carlo kernel: a block of paths advanced step by step in lockstep, one lane per path, every
 * array struct-of-arrays and lane-major (`[ℓ · positions + p]`, `[ℓ · assets + a]`). Per step: each lane's
 * log returns into the lane estimator (`CorrelationEstimator.lanes`), the block's market marked through the
 * pricers in one call per position, every mode's `LaneLedger` (methods' `evaluateLanes`), the liquidations
 * avoided and the margin backtest on every lane. It produces, for the books `lockstepSupport` accepts, each
 * path's tally-only `PathOutcome` exactly as `MarginEngine.run` does (same arithmetic, same order), and a
 * path's outcome depends on its own columns alone, so not on the block size or on which other paths share
 * its block. Nothing is allocated per step.
 *
 * A lane whose rows up to the opening differ from the first path's (whose warm-up the lane estimator starts
 * from) is not run: `run` returns null for it, and the caller runs it on the general engine.
 */
export class LockstepEngine {
  readonly lanes: number;
  private readonly engine: MarginEngine;
  private readonly assets: number;
  private readonly count: number;
  private readonly openStep: number;
  private readonly view: RiskView;
  private readonly marketH: MarketState;
  private readonly valueH: Float64Array;
  private readonly book: LaneBook;
  private readonly ledgers: LaneLedger[];
  private readonly readsEstimate: boolean[];
  private readonly cross: LaneLedger[];
  private readonly avoided: LaneAvoided;
  private readonly backtest: LaneBacktest;
  private readonly estimator: LaneEstimator | null;
  /** Rows 0 … openStep of the path the estimator was warmed up on. */
  private readonly warmRows: readonly Float64Array[];
  private readonly initialMargin: Float64Array;
  private readonly openFees: Float64Array;
  private readonly returns: Float64Array;
  private readonly live: Int32Array;
  private readonly feeding: Int32Array;
  private readonly horizonLanes: Int32Array;
  private readonly anyOpen: Uint8Array;
  private readonly readerOpen: Uint8Array;
  private readonly fed: Uint8Array;
  private readonly laneEstimates: (CorrelationEstimate | null)[];
  private readonly stepEstimates: (CorrelationEstimate | null)[];
  private readonly views: LaneViews;
  /** The block's prices step-major, `[(t · lanes + ℓ) · assets + a]`: a step's prices of every lane are one slice. */
  private prices: Float64Array = new Float64Array(0);

  private constructor(engine: MarginEngine, lanes: number, estimator: LaneEstimator | null, warmRows: readonly Float64Array[]) {
    const { setup, positions } = engine;
    this.engine = engine;
    this.lanes = lanes;
    this.assets = setup.assets.length;
    this.count = positions.length;
    this.openStep = engine.readyStep;
    this.estimator = estimator;
    this.warmRows = warmRows;
    const n = this.assets;
    const P = this.count;
    this.view = new RiskView(
      positions.map((p) => ({ instrument: p.instrument, pricer: pricerOf(p.instrument), terms: new Float64Array(lanes * p.instrument.termCount) })),
      n,
      lanes,
    );
    const market = this.view.market;
    market.rate = setup.market?.rate ?? 0;
    setup.market?.carry?.forEach((q, a) => (market.carry[a] = q));
    setup.market?.smiles?.forEach((smile, a) => (market.smiles[a] = smile));
    this.marketH = new MarketState(n, lanes);
    this.marketH.copyFrom(market);
    this.valueH = new Float64Array(lanes * P);
    this.book = { lanes, positions, quantity: new Float64Array(lanes * P), entry: new Float64Array(lanes * P), exposure: new Float64Array(lanes * P), view: this.view };
    this.ledgers = setup.modes.map((m) => new LaneLedger(m, this.book, m.liquidation ?? setup.liquidation));
    this.readsEstimate = setup.modes.map((m) => m.method.needs.estimate);
    this.cross = this.ledgers.filter((l) => !l.perPosition);
    this.avoided = new LaneAvoided(this.ledgers.filter((l) => l.perPosition), this.cross, lanes, P);
    this.backtest = new LaneBacktest(this.book, this.cross, n, setup.horizonSteps, setup.realisedWindow);
    this.initialMargin = new Float64Array(lanes * P);
    this.openFees = new Float64Array(lanes * P);
    this.returns = new Float64Array(lanes * n);
    this.live = new Int32Array(lanes);
    this.feeding = new Int32Array(lanes);
    this.horizonLanes = new Int32Array(lanes);
    this.anyOpen = new Uint8Array(lanes);
    this.readerOpen = new Uint8Array(lanes);
    this.fed = new Uint8Array(lanes);
    this.laneEstimates = Array.from({ length: lanes }, (_, l) =>
      estimator ? { n, correlation: estimator.correlation.subarray(l * n * n, (l + 1) * n * n), volatility: estimator.volatility.subarray(l * n, (l + 1) * n), repairDistance: 0, repaired: false } : null,
    );
    this.stepEstimates = new Array(lanes).fill(null);
    const laneViews = <T extends Float64Array | Uint8Array>(array: T): T[] => Array.from({ length: lanes }, (_, l) => array.subarray(l * P, (l + 1) * P) as T);
    this.views = { quantity: laneViews(this.book.quantity), exposure: laneViews(this.book.exposure), open: this.cross.map((l) => laneViews(l.open)) };
  }

  /**
   * The kernel for `engine`'s scenario with `lanes` lanes, or why the scenario runs on the general engine
   * (`lockstepSupport`, or an estimator whose warm-up on `columns` leaves estimates the lanes cannot promise
   * to reproduce). `columns` is a path of the run (its rows up to the opening are every path's warm-up).
   * Uses `engine`'s estimator to warm up; the general engine restores or replays its own warm-up anyway.
   */
  static create(engine: MarginEngine, lanes: number, columns: readonly Float64Array[]): LockstepEngine | { reason: string } {
    const reason = lockstepSupport(engine.setup, engine.positions);
    if (reason !== null) return { reason };
    const t0 = engine.readyStep;
    const estimator = engine.setup.modes.some((m) => m.method.needs.estimate) ? engine.setup.estimator : null;
    let lanesEstimator: LaneEstimator | null = null;
    if (estimator) {
      warmUp(estimator, columns, t0);
      lanesEstimator = estimator.lanes?.(lanes) ?? null;
      if (!lanesEstimator) return { reason: `the ${estimator.label} estimate after the warm-up needs a full PSD check at every step` };
    }
    return new LockstepEngine(engine, lanes, lanesEstimator, columns.map((c) => c.slice(0, t0 + 1)));
  }

  /**
   * Run paths `columns[0 … count − 1]` (each the asset columns of one path on the time axis `time`) in
   * lockstep and return each one's tally-only outcome, or null for a lane left to the general engine.
   */
  run(time: Float64Array, columns: readonly (readonly Float64Array[])[], count: number): (PathOutcome | null)[] {
    if (count > this.lanes) throw new RangeError(`LockstepEngine: ${count} paths for ${this.lanes} lanes`);
    const { assets: n, count: P, openStep: t0, live, view } = this;
    const lastStep = time.length - 1;
    const outcomes: (PathOutcome | null)[] = new Array(count).fill(null);
    let liveCount = 0;
    for (let lane = 0; lane < count; lane++) if (sameRows(columns[lane], this.warmRows, t0)) live[liveCount++] = lane;
    const prices = this.stepMajor(columns, live, liveCount, time.length);
    const block = this.lanes * n;
    const started = live.slice(0, liveCount);
    this.estimator?.restart();
    this.open(time, columns, live, liveCount);
    for (let i = 0; i < liveCount; i++) {
      const lane = live[i];
      this.anyOpen[lane] = 1;
      this.readerOpen[lane] = 1;
      this.fed[lane] = this.estimator ? 1 : 0;
      this.stepEstimates[lane] = this.laneEstimates[lane];
    }
    this.avoided.begin(live, liveCount);
    this.backtest.begin(live, liveCount);
    const h = this.engine.setup.horizonSteps;
    const market = view.market;
    for (let t = t0; t <= lastStep; t++) {
      // Lanes whose every mode is closed are done; a lane stops feeding its estimator once no reader is open.
      let kept = 0;
      let feedCount = 0;
      for (let i = 0; i < liveCount; i++) {
        const lane = live[i];
        if (!this.anyOpen[lane]) continue;
        live[kept++] = lane;
        if (this.fed[lane] && !this.readerOpen[lane]) {
          this.fed[lane] = 0;
          this.stepEstimates[lane] = null;
        }
        if (this.fed[lane]) this.feeding[feedCount++] = lane;
      }
      liveCount = kept;
      if (liveCount === 0) break;
      if (this.estimator && t > t0 && feedCount > 0) {
        const r = this.returns;
        const now = t * block;
        const before = now - block;
        for (let i = 0; i < feedCount; i++) {
          const at = this.feeding[i] * n;
          for (let a = at; a < at + n; a++) r[a] = Math.log(prices[now + a] / prices[before + a]);
        }
        this.estimator.update(r, this.feeding, feedCount);
        this.estimator.estimate(this.feeding, feedCount);
      }
      market.time = time[t];
      market.price.set(prices.subarray(t * block, (t + 1) * block));
      view.mark();
      const { quantity, exposure } = this.book;
      const delta = view.delta;
      for (let i = 0; i < liveCount; i++) {
        const base = live[i] * P;
        for (let p = 0; p < P; p++) exposure[base + p] = quantity[base + p] * delta[base + p];
      }
      const fundingRate = t > t0 ? this.engine.setup.fundingPerStep : 0;
      for (let i = 0; i < liveCount; i++) {
        this.anyOpen[live[i]] = 0;
        this.readerOpen[live[i]] = 0;
      }
      for (let m = 0; m < this.ledgers.length; m++) {
        const ledger = this.ledgers[m];
        ledger.step(t, live, liveCount, fundingRate, this.estimator);
        const reads = this.readsEstimate[m];
        for (let i = 0; i < liveCount; i++) {
          const lane = live[i];
          if (ledger.modeOpen[lane] > 0) {
            this.anyOpen[lane] = 1;
            if (reads) this.readerOpen[lane] = 1;
          }
        }
      }
      this.avoided.step(live, liveCount, this.initialMargin);
      if (t + h <= lastStep && this.cross.length > 0) this.observe(t, time, columns, prices, liveCount, lastStep);
    }
    for (const lane of started) outcomes[lane] = this.outcome(lane, t0, lastStep);
    return outcomes;
  }

  /** The margin backtest at step t: values at t + h for the lanes with a shared pool open, then each lane's loss. */
  private observe(t: number, time: Float64Array, columns: readonly (readonly Float64Array[])[], prices: Float64Array, liveCount: number, lastStep: number): void {
    const { live, horizonLanes } = this;
    const h = this.engine.setup.horizonSteps;
    let c = 0;
    for (let i = 0; i < liveCount; i++) {
      const lane = live[i];
      let open = false;
      for (const ledger of this.cross) if (ledger.poolOpen[lane] > 0) open = true;
      if (open) horizonLanes[c++] = lane;
    }
    if (c === 0) return;
    const market = this.marketH;
    const block = this.lanes * this.assets;
    market.time = time[t + h];
    market.price.set(prices.subarray((t + h) * block, (t + h + 1) * block));
    this.view.valueAt(market, this.valueH);
    this.backtest.step(t, horizonLanes, c, this.valueH, lastStep, columns, this.stepEstimates, this.views, market);
  }

  /**
   * The listed lanes' prices, step-major (`[(t · lanes + ℓ) · assets + a]`), for the hot loops: a step's
   * market is one slice. Other lanes' entries are whatever an earlier block left (they are never read).
   */
  private stepMajor(columns: readonly (readonly Float64Array[])[], live: Int32Array, liveCount: number, rows: number): Float64Array {
    const { lanes, assets: n } = this;
    if (this.prices.length !== rows * lanes * n) this.prices = new Float64Array(rows * lanes * n);
    const prices = this.prices;
    const stride = lanes * n;
    for (let i = 0; i < liveCount; i++) {
      const lane = live[i];
      for (let a = 0; a < n; a++) {
        const column = columns[lane][a];
        let at = lane * n + a;
        for (let t = 0; t < rows; t++, at += stride) prices[at] = column[t];
      }
    }
    return prices;
  }

  /** Open the book on the listed lanes (`MarginEngine.open` + `ModeLedger.start`). */
  private open(time: Float64Array, columns: readonly (readonly Float64Array[])[], live: Int32Array, liveCount: number): void {
    const { view, assets: n, count: P, openStep: t0 } = this;
    const { positions, setup } = this.engine;
    const { quantity, entry } = this.book;
    const market = view.market;
    market.time = time[t0];
    for (let i = 0; i < liveCount; i++) {
      const lane = live[i];
      for (let a = 0; a < n; a++) market.price[lane * n + a] = columns[lane][a][t0];
    }
    view.mark();
    for (let i = 0; i < liveCount; i++) {
      const lane = live[i];
      const base = lane * P;
      for (let p = 0; p < P; p++) {
        const pos = positions[p];
        quantity[base + p] = 'notional' in pos.size ? pos.size.notional / view.delta[base + p] : pos.size.quantity;
        entry[base + p] = view.value[base + p];
      }
      for (let p = 0; p < P; p++) {
        const q = quantity[base + p];
        this.initialMargin[base + p] = positions[p].margin.initial(q, p, view, lane);
        this.openFees[base + p] = Math.abs(q * view.delta[base + p]) * setup.openFeeRate;
      }
    }
    for (const ledger of this.ledgers) ledger.start(live, liveCount, setup.capital, this.initialMargin, this.openFees);
  }

  /** Lane ℓ's outcome as `MarginEngine.finish` summarises a path. */
  private outcome(lane: number, openStep: number, lastStep: number): PathOutcome {
    const modes = this.ledgers.map((ledger) => {
      const steps = ledger.stepsOpen[lane] || 1;
      const minHeadroom = ledger.minHeadroom[lane];
      return {
        name: ledger.definition.name,
        kind: ledger.definition.kind,
        method: ledger.method.label,
        liquidations: ledger.liquidations[lane],
        positionsLiquidated: ledger.positionsLiquidated[lane],
        wipedOut: ledger.modeOpen[lane] === 0 && ledger.liquidations[lane] > 0,
        firstLiquidationStep: ledger.firstLiquidationStep[lane],
        badDebt: ledger.badDebt[lane],
        liquidationFees: ledger.liquidationFees[lane],
        fundingFees: ledger.fundingFees(lane),
        finalEquity: ledger.accountEquity(lane),
        minHeadroom: minHeadroom === Infinity ? NaN : minHeadroom,
        meanRequirement: ledger.sumRequirement[lane] / steps,
        meanStandaloneSum: ledger.sumStandalone[lane] / steps,
        meanGross: ledger.sumGross[lane] / steps,
        stepsOpen: ledger.stepsOpen[lane],
      };
    });
    return { openStep, lastStep, modes, coverage: this.backtest.tallies(lane), avoided: this.avoided.tallies(lane), events: [], series: new Map() };
  }
}

/** Reset `estimator` and feed it the log returns of steps 1 … t0 of `columns` (`MarginEngine.warmUp` without a checkpoint). */
function warmUp(estimator: CorrelationEstimator, columns: readonly Float64Array[], t0: number): void {
  const r = new Float64Array(columns.length);
  estimator.reset();
  for (let t = 1; t <= t0; t++) {
    for (let a = 0; a < r.length; a++) r[a] = Math.log(columns[a][t] / columns[a][t - 1]);
    estimator.update(r);
  }
}

/** Rows 0 … t0 of `columns` are `rows`, bit for bit (0 and −0 differ; NaN matches nothing). */
function sameRows(columns: readonly Float64Array[], rows: readonly Float64Array[], t0: number): boolean {
  if (columns.length !== rows.length) return false;
  for (let a = 0; a < rows.length; a++) {
    const column = columns[a];
    const saved = rows[a];
    for (let t = 0; t <= t0; t++) {
      const x = column[t];
      const y = saved[t];
      if (!(x === y && (x !== 0 || 1 / x === 1 / y))) return false;
    }
  }
  return true;
}
