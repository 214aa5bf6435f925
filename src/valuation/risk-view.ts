import type { Instrument } from '../instruments/instrument.js';
import { MarketState } from '../market/market-state.js';
import type { MarketShock } from '../market/market-shock.js';
import type { Pricer, Sensitivities } from './pricer.js';

/** One held instrument as the risk view values it: the instrument, its pricer and its per-lane terms. */
export interface PricedInstrument {
  readonly instrument: Instrument;
  readonly pricer: Pricer;
  /** Per-lane contract terms (`lanes × instrument.termCount`), owned by the book; empty for linear. */
  readonly terms: Float64Array;
}

/**
 * What margin methods, ledgers, liquidation and the event detectors read at a step: per unit of each
 * position, its value and dollar delta (every step), its greeks (on demand, once per step) and its value
 * under a shocked market (on demand, cached per shock for the step). Values are per unit: a mode scales
 * them by its own quantities (P&L `q · (V − V_entry)`, exposure `q · delta`), since quantities differ
 * between modes once positions are liquidated or re-hedged.
 *
 * Lane-major like the market state: position p of lane ℓ at `[ℓ · positions + p]`. Nothing is allocated
 * after construction, except one scratch market and output per distinct shock asked for.
 */
export class RiskView {
  readonly lanes: number;
  readonly positions: number;
  /** The step's market; the engine writes into it, then calls `mark`. */
  readonly market: MarketState;
  /** Per-unit value `V` of each position. */
  readonly value: Float64Array;
  /** Per-unit dollar delta `S · ∂V/∂S` (for linear instruments, the value). */
  readonly delta: Float64Array;
  private readonly book: readonly PricedInstrument[];
  private readonly greeksOut: Sensitivities;
  private greeksFresh = false;
  private readonly shocked = new Map<MarketShock, { market: MarketState; value: Float64Array; fresh: boolean }>();
  private stepStamp = 0;

  constructor(book: readonly PricedInstrument[], assets: number, lanes = 1) {
    this.book = book;
    this.lanes = lanes;
    this.positions = book.length;
    this.market = new MarketState(assets, lanes);
    const size = lanes * book.length;
    this.value = new Float64Array(size);
    this.delta = new Float64Array(size);
    this.greeksOut = { delta: new Float64Array(size), gamma: new Float64Array(size), vega: new Float64Array(size), theta: new Float64Array(size) };
  }

  /** The instrument of position `p`. */
  instrument(p: number): Instrument {
    return this.book[p].instrument;
  }

  /** Position `p`'s per-lane contract terms (written when it is opened or rolled). */
  terms(p: number): Float64Array {
    return this.book[p].terms;
  }

  /** True when every position's value is linear in its underlying's price. */
  get linear(): boolean {
    return this.book.every((b) => b.pricer.linear);
  }

  /** Value and delta of every position at the market as it now stands; drops the step's cached greeks and shocks. */
  mark(): void {
    const { book, market, value, delta } = this;
    const stride = this.positions;
    for (let p = 0; p < stride; p++) {
      const b = book[p];
      b.pricer.mark(b.instrument, b.terms, market, value, delta, stride, p);
    }
    this.greeksFresh = false;
    if (this.shocked.size > 0) for (const entry of this.shocked.values()) entry.fresh = false;
    this.stepStamp++;
  }

  /** Counts `mark` calls: a consumer caching per step compares it. */
  get step(): number {
    return this.stepStamp;
  }

  /** Per-unit greeks of every position at this step's market (computed on the first call of the step). */
  greeks(): Sensitivities {
    if (!this.greeksFresh) {
      const stride = this.positions;
      for (let p = 0; p < stride; p++) {
        const b = this.book[p];
        b.pricer.sensitivities(b.instrument, b.terms, this.market, this.greeksOut, stride, p);
      }
      this.greeksFresh = true;
    }
    return this.greeksOut;
  }

  /**
   * Per-unit values of every position under `shock` applied to this step's market (`[ℓ · positions + p]`),
   * computed on the first call of the step for that shock and kept until the next `mark`. The array
   * belongs to the view: read it, do not keep it across steps.
   */
  valueUnder(shock: MarketShock): Float64Array {
    let entry = this.shocked.get(shock);
    if (!entry) {
      entry = { market: new MarketState(this.market.assets, this.lanes), value: new Float64Array(this.value.length), fresh: false };
      this.shocked.set(shock, entry);
    }
    if (!entry.fresh) {
      shock.apply(this.market, entry.market);
      const stride = this.positions;
      for (let p = 0; p < stride; p++) {
        const b = this.book[p];
        b.pricer.value(b.instrument, b.terms, entry.market, entry.value, stride, p);
      }
      entry.fresh = true;
    }
    return entry.value;
  }

  /**
   * Per-unit values and dollar deltas at another market state (e.g. this step's market with other implied
   * volatilities), into `value` and `delta` (`lanes × positions`); the view's own marks are untouched.
   */
  markAt(market: MarketState, value: Float64Array, delta: Float64Array): void {
    const stride = this.positions;
    for (let p = 0; p < stride; p++) {
      const b = this.book[p];
      b.pricer.mark(b.instrument, b.terms, market, value, delta, stride, p);
    }
  }

  /** Per-unit values at another market state (e.g. the market `h` steps later), into `out` (`lanes × positions`). */
  valueAt(market: MarketState, out: Float64Array): void {
    const stride = this.positions;
    for (let p = 0; p < stride; p++) {
      const b = this.book[p];
      b.pricer.value(b.instrument, b.terms, market, out, stride, p);
    }
  }
}
