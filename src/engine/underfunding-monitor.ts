import { MarketState } from '../market/market-state.js';
import type { GridCoverage } from './events.js';
import type { ModeLedger } from './mode-ledger.js';
import type { CoverageTally } from './path-outcome.js';
import type { DetectorRun, DetectorStep, EventDetector } from './event-detector.js';

/**
 * (B) The margin backtest of the shared-pool modes. At each step `t` with `t + h` inside the path and
 * positions open, the book held at `t` (after that step's liquidations; quantities frozen) is revalued at
 * `t + h` through the pricers: `L_t = −Σ q_i (V_i(t+h) − V_i(t))` (for linear positions
 * `−Σ q_i (P_i(t+h) − P_i(t))`). `L_t > R_t` is an exceedance; its cause is `correlation_breakdown` when
 * `L_t ≤ S_t` (the standalone sum would have covered it), else `volatility`.
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

  begin(run: DetectorRun): void {
    this.run = run;
    this.crossIndex = run.ledgers.map((_, i) => i).filter((i) => !run.ledgers[i].perPosition);
    this.cross = this.crossIndex.map((i) => run.ledgers[i]);
    const positions = run.positions.length;
    if (this.legLoss.length !== positions) this.legLoss = new Float64Array(positions);
    if (!this.marketH || this.marketH.assets !== run.assets.length) this.marketH = new MarketState(run.assets.length);
    if (this.valueH.length !== positions) this.valueH = new Float64Array(positions);
    this.valueStep = -1;
    this.tallies = this.cross.map((ledger) => ({
      mode: ledger.definition.name,
      observations: 0,
      exceedances: 0,
      correlationBreakdown: 0,
      volatility: 0,
      periods: 0,
      maxShortfall: 0,
      sumShortfall: 0,
      breakdownShortfall: 0,
      volatilityShortfall: 0,
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
    const cause = loss <= standaloneSum ? 'correlation_breakdown' : 'volatility';
    tally.exceedances++;
    if (cause === 'correlation_breakdown') {
      tally.correlationBreakdown++;
      tally.breakdownShortfall += shortfall;
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
      const estimate = step.estimate;
      const legs = this.drivingLegs(pool.mask);
      let estimated: number | null = null;
      let realised: number | null = null;
      if (legs) {
        const a = positions[legs[0]].assetIndex;
        const b = positions[legs[1]].assetIndex;
        if (estimate && a !== b) estimated = estimate.correlation[a * estimate.n + b];
        else if (a === b) estimated = 1;
        realised = this.realisedCorrelation(a, b, t);
      }
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
        legs: legs ? [ledger.labels[legs[0]], ledger.labels[legs[1]]] : [],
        estimatedCorrelation: estimated,
        realisedCorrelation: realised,
        gridCoverage: this.gridCoverage(ledger, pool.mask),
      });
    }
    return loss;
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

  /** Pearson correlation of the log returns of assets `a`, `b` over steps `t+1 … t+w` (w = realised window). */
  private realisedCorrelation(a: number, b: number, t: number): number | null {
    const ca = this.run.columns[a];
    const cb = this.run.columns[b];
    const end = Math.min(ca.length - 1, t + Math.max(this.run.realisedWindow, this.run.horizonSteps));
    const count = end - t;
    if (count < 2) return null;
    let sa = 0;
    let sb = 0;
    for (let s = t + 1; s <= end; s++) {
      sa += Math.log(ca[s] / ca[s - 1]);
      sb += Math.log(cb[s] / cb[s - 1]);
    }
    const ma = sa / count;
    const mb = sb / count;
    let vab = 0;
    let vaa = 0;
    let vbb = 0;
    for (let s = t + 1; s <= end; s++) {
      const x = Math.log(ca[s] / ca[s - 1]) - ma;
      const y = Math.log(cb[s] / cb[s - 1]) - mb;
      vab += x * y;
      vaa += x * x;
      vbb += y * y;
    }
    if (vaa === 0 || vbb === 0) return null;
    return vab / Math.sqrt(vaa * vbb);
  }
}
