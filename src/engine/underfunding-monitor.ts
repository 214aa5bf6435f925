import { MarketState } from '../market/market-state.js';
import type { GridCoverage } from './events.js';
import type { MarginState } from '../margin/margin-method.js';
import type { ModeLedger } from './mode-ledger.js';
import type { CoverageTally } from './path-outcome.js';
import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';
import { UnderfundingAttribution } from './underfunding-attribution.js';

/** The state a mode's method saw at a step, rebuilt for its re-evaluation (mutable: one per mode). */
type MutableState = { -readonly [K in keyof MarginState]: MarginState[K] };

/**
 * (B) The margin backtest of the shared-pool modes. At each step `t` with `t + h` inside the path and
 * positions open, the book held at `t` (after that step's liquidations; quantities frozen) is revalued at
 * `t + h` through the pricers: `L_t = −Σ q_i (V_i(t+h) − V_i(t))` (for linear positions
 * `−Σ q_i (P_i(t+h) − P_i(t))`). `L_t > R_t` is an exceedance. Its cause comes from the factor attribution
 * (`UnderfundingAttribution`: the mode's own measure re-evaluated with the realised volatility, correlation
 * and implied volatility, split by Shapley); `L_t ≤ S_t` (the standalone sum would have covered it) is kept
 * beside it as its own flag.
 */
export class UnderfundingMonitor implements EventDetector {
  readonly kind = 'underfunded';
  private run!: DetectorRun;
  private cross: ModeLedger[] = [];
  private crossIndex: number[] = [];
  private legLoss: Float64Array = new Float64Array(0);
  private tallies: CoverageTally[] = [];
  private lastHit: Int32Array = new Int32Array(0);
  private hits: Uint8Array[] = [];
  private marketH: MarketState | null = null;
  private valueH: Float64Array = new Float64Array(0);
  private valueStep = -1;
  private attribution: UnderfundingAttribution | null = null;
  /** The step `attribution` last measured realised inputs for, and how many steps it used. */
  private realisedStep = -1;
  private realisedSteps = 0;
  private states: MutableState[] = [];
  private estimatedVolatility = new Float64Array(0);
  private estimatedCorrelation = new Float64Array(0);

  begin(run: DetectorRun): void {
    this.run = run;
    this.crossIndex = run.ledgers.map((_, i) => i).filter((i) => !run.ledgers[i].perPosition);
    this.cross = this.crossIndex.map((i) => run.ledgers[i]);
    const positions = run.positions.length;
    if (this.legLoss.length !== positions) this.legLoss = new Float64Array(positions);
    if (!this.marketH || this.marketH.assets !== run.assets.length) this.marketH = new MarketState(run.assets.length);
    if (this.valueH.length !== positions) this.valueH = new Float64Array(positions);
    this.valueStep = -1;
    const assets = run.assets.length;
    if (!this.attribution || this.attribution.assets !== assets || this.attribution.positions !== positions) {
      this.attribution = new UnderfundingAttribution(assets, positions);
      this.estimatedVolatility = new Float64Array(assets);
      this.estimatedCorrelation = new Float64Array(assets * assets);
    }
    this.realisedStep = -1;
    this.states = this.cross.map((ledger) => ({
      step: 0,
      positions: run.positions,
      quantity: ledger.quantity,
      exposure: ledger.exposure,
      open: ledger.pools[0].mask,
      members: ledger.pools[0].members,
      estimate: null,
      view: run.view,
      lane: 0,
    }));
    this.tallies = this.cross.map((ledger) => ({
      mode: ledger.definition.name,
      observations: 0,
      exceedances: 0,
      correlationBreakdown: 0,
      volatility: 0,
      impliedVolatility: 0,
      standaloneCovered: 0,
      unattributed: 0,
      periods: 0,
      maxShortfall: 0,
      sumShortfall: 0,
      breakdownShortfall: 0,
      volatilityShortfall: 0,
      impliedVolatilityShortfall: 0,
      hits: new Uint8Array(0),
    }));
    this.lastHit = new Int32Array(this.cross.length).fill(-2);
    this.hits = this.cross.map(() => (run.recordHits ? new Uint8Array(run.time.length) : new Uint8Array(0)));
  }

  step(step: DetectorStep): void {
    for (let k = 0; k < this.cross.length; k++) {
      const lossH = this.observe(k, step);
      this.run.series?.loss(this.crossIndex[k], step.step, lossH);
    }
  }

  end(): void {
    this.tallies.forEach((tally, k) => {
      tally.hits = this.run.recordHits ? this.hits[k].slice(0, tally.observations) : new Uint8Array(0);
    });
  }

  /** The coverage tally of each shared-pool mode (after `end`). */
  coverage(): CoverageTally[] {
    return this.tallies;
  }

  /** Per-unit values of every position at step `t + h` (computed once per step). */
  private valuesAtHorizon(t: number): Float64Array {
    if (this.valueStep !== t) {
      this.run.fillMarket(this.marketH!, t + this.run.horizonSteps);
      this.run.view.valueAt(this.marketH!, this.valueH);
      this.valueStep = t;
    }
    return this.valueH;
  }

  /** Observe step `t` for shared-pool mode `k`; returns `L_t` (NaN when not an observation). */
  private observe(k: number, step: DetectorStep): number {
    const t = step.step;
    const run = this.run;
    const h = run.horizonSteps;
    if (t + h > run.lastStep) return NaN;
    const ledger = this.cross[k];
    const pool = ledger.pools[0];
    if (pool.open === 0) return NaN;
    const later = this.valuesAtHorizon(t);
    const now = run.view.value;
    let loss = 0;
    for (let p = 0; p < this.legLoss.length; p++) {
      if (!pool.mask[p]) {
        this.legLoss[p] = 0;
        continue;
      }
      const leg = -ledger.quantity[p] * (later[p] - now[p]);
      this.legLoss[p] = leg;
      loss += leg;
    }
    const tally = this.tallies[k];
    const requirement = pool.requirement.value;
    const observation = tally.observations++;
    if (loss <= requirement) return loss;
    const shortfall = loss - requirement;
    const standaloneSum = pool.requirement.standaloneSum;
    const standaloneCovered = loss <= standaloneSum;
    const state = this.states[k];
    state.step = t;
    state.estimate = step.estimate;
    const attribution = this.attribute(k, state, requirement);
    const cause = attribution.cause;
    tally.exceedances++;
    if (standaloneCovered) tally.standaloneCovered++;
    if (!attribution.attributed) tally.unattributed++;
    if (cause === 'correlation_breakdown') {
      tally.correlationBreakdown++;
      tally.breakdownShortfall += shortfall;
    } else if (cause === 'implied_volatility') {
      tally.impliedVolatility++;
      tally.impliedVolatilityShortfall += shortfall;
    } else {
      tally.volatility++;
      tally.volatilityShortfall += shortfall;
    }
    if (this.lastHit[k] !== t - 1) tally.periods++;
    this.lastHit[k] = t;
    tally.sumShortfall += shortfall;
    if (shortfall > tally.maxShortfall) tally.maxShortfall = shortfall;
    if (run.recordHits) this.hits[k][observation] = 1;
    if (run.collectEvents) {
      const positions = run.positions;
      const legs = this.drivingLegs(pool.mask);
      let estimated: number | null = null;
      let realised: number | null = null;
      if (legs) {
        const a = positions[legs[0]].assetIndex;
        const b = positions[legs[1]].assetIndex;
        const n = run.assets.length;
        if (ledger.definition.method.reevaluation?.estimated(state, this.estimatedVolatility, this.estimatedCorrelation)) {
          estimated = this.estimatedCorrelation[a * n + b];
        }
        realised = this.legCorrelation(a, b);
      }
      const attributed = attribution.attributed;
      run.emit({
        kind: 'underfunded',
        step: t,
        time: run.time[t],
        mode: ledger.definition.name,
        horizonSteps: h,
        loss,
        requirement,
        shortfall,
        standaloneSum,
        cause,
        standaloneCovered,
        volatilityPart: attributed ? attribution.volatilityPart : null,
        correlationPart: attributed ? attribution.correlationPart : null,
        impliedVolatilityPart: attributed ? attribution.impliedVolatilityPart : null,
        realisedRequirement: attributed ? attribution.realisedRequirement : null,
        residual: attributed ? loss - attribution.realisedRequirement : null,
        realisedSteps: attribution.realisedSteps,
        legs: legs ? [ledger.labels[legs[0]], ledger.labels[legs[1]]] : [],
        estimatedCorrelation: estimated,
        realisedCorrelation: realised,
        gridCoverage: this.gridCoverage(ledger, pool.mask),
      });
    }
    return loss;
  }

  /** Attribute mode `k`'s exceedance at `state.step`: realised inputs measured once per step, then the mode's measure re-evaluated. */
  private attribute(k: number, state: MarginState, requirement: number) {
    const run = this.run;
    const t = state.step;
    const attribution = this.attribution!;
    if (this.realisedStep !== t) {
      this.realisedSteps = attribution.realise(run.columns, t, Math.max(run.realisedWindow, run.horizonSteps), run.lastStep);
      this.realisedStep = t;
    }
    return attribution.attribute(this.cross[k].definition.method, state, requirement, this.realisedSteps, run.view, this.valuesMarket(t));
  }

  /** The market at `t + h` (filled by `valuesAtHorizon` for this step). */
  private valuesMarket(t: number): MarketState {
    this.valuesAtHorizon(t);
    return this.marketH!;
  }

  /** Realised correlation of assets `a`, `b` over the attribution's window (null when one did not move or too few steps). */
  private legCorrelation(a: number, b: number): number | null {
    if (a === b) return 1;
    const attribution = this.attribution!;
    if (this.realisedSteps < 2) return null;
    if (!(attribution.realisedVolatility[a] > 0 && attribution.realisedVolatility[b] > 0)) return null;
    return attribution.realisedCorrelation[a * this.run.assets.length + b];
  }

  /**
   * For a mode whose method declares the moves it covered (a scenario grid): whether the realised move from
   * `t` to `t + h` of an underlying the pool holds lay outside the grid's price range, or — for an underlying
   * with options held — outside its at-the-money implied-volatility range. `marketH` holds `t + h` (filled by
   * `valuesAtHorizon`), the view the market at `t`, and the method's ranges are those of its evaluation at `t`.
   */
  private gridCoverage(ledger: ModeLedger, mask: Uint8Array): GridCoverage | null {
    const covered = ledger.definition.method.coveredMoves;
    if (!covered) return null;
    const now = this.run.view.market;
    const later = this.marketH!;
    let price = false;
    let volatility = false;
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      const position = this.run.positions[p];
      const a = position.assetIndex;
      const move = later.price[a] / now.price[a] - 1;
      if (move < covered.priceDown[a] || move > covered.priceUp[a]) price = true;
      if (position.instrument.kind === 'linear') continue;
      const change = later.impliedVol[a] - now.impliedVol[a];
      if (change > covered.volatilityUp[a] || -change > covered.volatilityDown[a]) volatility = true;
    }
    return price && volatility ? 'outside_both' : price ? 'outside_price' : volatility ? 'outside_volatility' : 'inside';
  }

  /**
   * The two open legs with the largest signed loss over the horizon. In a failed hedge one leg loses and
   * the other offsets too little (a smaller gain, or a loss): both are the pair whose correlation failed.
   */
  private drivingLegs(mask: Uint8Array): [number, number] | null {
    let first = -1;
    let second = -1;
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      if (first < 0 || this.legLoss[p] > this.legLoss[first]) {
        second = first;
        first = p;
      } else if (second < 0 || this.legLoss[p] > this.legLoss[second]) {
        second = p;
      }
    }
    return first >= 0 && second >= 0 ? [first, second] : null;
  }
}
