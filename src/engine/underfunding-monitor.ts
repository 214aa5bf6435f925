import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { MarginEvent } from './events.js';
import type { ModeLedger } from './mode-ledger.js';
import type { CoverageTally } from './path-outcome.js';
import type { EngineSetup } from './margin-engine.js';

/**
 * The margin backtest of the cross modes. At each step `t` with `t + h` inside the path and positions
 * open, the loss of the positions held at `t` (quantities frozen) over the next `h` steps,
 * `L_t = −Σ q_i (P_i(t+h) − P_i(t))`, is compared with the requirement `R_t` held at `t`.
 * `L_t > R_t` is an exceedance; its cause is `correlation_breakdown` when `L_t ≤ S_t` (the standalone
 * sum would have covered it), else `volatility`.
 */
export class UnderfundingMonitor {
  private readonly setup: EngineSetup;
  private readonly legLoss: Float64Array;
  private columns: readonly Float64Array[] = [];
  private time: Float64Array = new Float64Array(0);
  private tallies: CoverageTally[] = [];
  private lastHit: Int32Array = new Int32Array(0);
  private hits: Uint8Array[] = [];
  private recordHits = false;

  constructor(setup: EngineSetup) {
    this.setup = setup;
    this.legLoss = new Float64Array(setup.positions.length);
  }

  begin(columns: readonly Float64Array[], time: Float64Array, modes: string[], recordHits: boolean): void {
    this.columns = columns;
    this.time = time;
    this.recordHits = recordHits;
    this.tallies = modes.map((mode) => ({
      mode,
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
    this.lastHit = new Int32Array(modes.length).fill(-2);
    this.hits = modes.map(() => (recordHits ? new Uint8Array(time.length) : new Uint8Array(0)));
  }

  /** Observe step `t` for cross mode `k`; returns `L_t` (NaN when not an observation). */
  observe(k: number, ledger: ModeLedger, t: number, estimate: CorrelationEstimate | null, events: MarginEvent[] | null): number {
    const h = this.setup.horizonSteps;
    const columns = this.columns;
    if (t + h > columns[0].length - 1) return NaN;
    const pool = ledger.pools[0];
    if (pool.open === 0) return NaN;
    const positions = this.setup.positions;
    let loss = 0;
    for (let p = 0; p < positions.length; p++) {
      if (!pool.mask[p]) {
        this.legLoss[p] = 0;
        continue;
      }
      const price = columns[positions[p].assetIndex];
      const leg = -ledger.quantity[p] * (price[t + h] - price[t]);
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
    if (this.recordHits) this.hits[k][observation] = 1;
    if (events) {
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
      events.push({
        kind: 'underfunded',
        step: t,
        time: this.time[t],
        mode: ledger.definition.name,
        horizonSteps: h,
        loss,
        requirement,
        shortfall,
        standaloneSum,
        cause,
        legs: legs ? [positions[legs[0]].asset, positions[legs[1]].asset] : [],
        estimatedCorrelation: estimated,
        realisedCorrelation: realised,
      });
    }
    return loss;
  }

  finish(): CoverageTally[] {
    this.tallies.forEach((tally, k) => {
      tally.hits = this.recordHits ? this.hits[k].slice(0, tally.observations) : new Uint8Array(0);
    });
    return this.tallies;
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
    const ca = this.columns[a];
    const cb = this.columns[b];
    const end = Math.min(ca.length - 1, t + Math.max(this.setup.realisedWindow, this.setup.horizonSteps));
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
