import type { CorrelationEstimate } from '../correlation/estimator.js';
import { Requirement, type MarginMethod, type MarginState } from '../margin/margin-method.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { ModeLedger, Pool } from './mode-ledger.js';

/**
 * Evaluates a mode's method on one pool's book at the current step — as the ledger holds it, or changed
 * (a position removed, added or resized) — without touching the ledger: the tool behind margin allocation,
 * what-if and reverse stress. It works on copies of the ledger's quantities, exposures and open mask and on
 * its own `Requirement`, so the pool's requirement and the run are unchanged; a method whose add-ons keep
 * state per step (a margin buffer) is put back by `restore`, which evaluates the book as held once more.
 * Buffers are allocated once, in the constructor. (`PoolProbe` is its counterpart: the book as held, at
 * another market — intrabar extremes and liquidation prices.)
 */
export class BookProbe {
  readonly quantity: Float64Array;
  readonly exposure: Float64Array;
  readonly open: Uint8Array;
  readonly requirement: Requirement;
  readonly components: Float64Array;
  private readonly state: {
    step: number;
    positions: readonly ResolvedPosition[];
    quantity: Float64Array;
    exposure: Float64Array;
    open: Uint8Array;
    members: readonly number[];
    estimate: CorrelationEstimate | null;
    view: RiskView;
    lane: number;
  };
  private ledger: ModeLedger | null = null;
  private pool: Pool | null = null;
  private loadedEstimate: CorrelationEstimate | null = null;

  constructor(positions: readonly ResolvedPosition[], view: RiskView, lane = 0) {
    const count = positions.length;
    this.quantity = new Float64Array(count);
    this.exposure = new Float64Array(count);
    this.open = new Uint8Array(count);
    this.requirement = new Requirement(count);
    this.components = new Float64Array(count);
    this.state = { step: 0, positions, quantity: this.quantity, exposure: this.exposure, open: this.open, members: [], estimate: null, view, lane };
  }

  /** The method of the mode being probed. */
  get method(): MarginMethod {
    return this.ledger!.definition.method;
  }

  /** The members of the pool being probed. */
  get members(): readonly number[] {
    return this.state.members;
  }

  /** Load `pool` of `ledger` as held at this step (its quantities, exposures and open mask). */
  load(ledger: ModeLedger, pool: Pool, step: number, estimate: CorrelationEstimate | null): this {
    this.ledger = ledger;
    this.pool = pool;
    this.quantity.set(ledger.quantity);
    this.exposure.set(ledger.exposure);
    this.open.set(pool.mask);
    this.state.step = step;
    this.state.members = pool.members;
    this.state.estimate = estimate;
    this.loadedEstimate = estimate;
    return this;
  }

  /** Replace the estimate the method reads (a stressed correlation, say). */
  withEstimate(estimate: CorrelationEstimate | null): this {
    this.state.estimate = estimate;
    return this;
  }

  /** Set position `p`'s quantity (its exposure follows at the view's delta) and open it in the probe. */
  setQuantity(p: number, quantity: number): void {
    const view = this.state.view;
    this.quantity[p] = quantity;
    this.exposure[p] = quantity * view.delta[this.state.lane * view.positions + p];
    this.open[p] = 1;
  }

  /** Close position `p` in the probe. */
  close(p: number): void {
    this.open[p] = 0;
  }

  /** Recompute every exposure from the quantities at the view's current deltas (after the view was re-marked). */
  remark(): void {
    const view = this.state.view;
    const base = this.state.lane * view.positions;
    for (let p = 0; p < this.quantity.length; p++) this.exposure[p] = this.quantity[p] * view.delta[base + p];
  }

  /** True when some member is open in the probe. */
  anyOpen(): boolean {
    for (const p of this.state.members) if (this.open[p]) return true;
    return false;
  }

  /** The method's requirement on the probe's book (0 when nothing is open, as the ledger has it). */
  evaluate(): number {
    if (!this.anyOpen()) {
      this.requirement.value = 0;
      this.requirement.standaloneSum = 0;
      this.requirement.diversified = 0;
      this.requirement.credit = 0;
      for (const p of this.state.members) this.requirement.standalone[p] = 0;
      return 0;
    }
    this.method.evaluate(this.state as MarginState, this.requirement);
    return this.requirement.value;
  }

  /**
   * Each open member's incremental requirement, `R(book) − R(book without it)`, into `out` (0 for closed
   * members); the probe's book is left as it was (its requirement re-evaluated). One evaluation per member.
   */
  incremental(out: Float64Array): void {
    const total = this.evaluate();
    for (const p of this.state.members) {
      if (!this.open[p]) {
        out[p] = 0;
        continue;
      }
      this.open[p] = 0;
      out[p] = total - this.evaluate();
      this.open[p] = 1;
    }
    this.evaluate();
  }

  /** Euler components of the last `evaluate` into `components` (false when the method cannot allocate). */
  allocate(): boolean {
    this.components.fill(0);
    if (!this.anyOpen()) return true;
    const allocate = this.method.allocate;
    if (!allocate) return false;
    allocate.call(this.method, this.state as MarginState, this.requirement, this.components);
    return true;
  }

  /** Evaluate the pool as the ledger holds it again: a method with per-step state is left as the run left it. */
  restore(): void {
    if (!this.ledger || !this.pool) return;
    this.load(this.ledger, this.pool, this.state.step, this.loadedEstimate);
    if (this.pool.open > 0) this.evaluate();
  }
}
