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
 * A change of each position's implied volatility on top of a shock, per lane and position
 * (`[ℓ · positions + p]`): the at-the-money volatility of the position's underlying, after the shock, becomes
 * `σ · (1 + relative) + absolute` while that position is valued (its smile then applies as usual). Venues
 * whose volatility shock depends on each option's expiry (Deribit's `(30 / days to expiry)^0.3 × 38 %`)
 * need one per position; a shock per asset is the same number in every position of the asset.
 */
export interface PositionVolatilityMove {
  readonly relative: Float64Array;
  readonly absolute: Float64Array;
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
  /** Scratch state for `valueUnderEach` (one per view) and the volatilities it saves per lane. */
  private readonly each: MarketState;
  private readonly savedVolatility: Float64Array;
  /** The step's market with every asset at its bar's low, and at its high; values there (built on first use). */
  private bar: { low: MarketState; high: MarketState; values: BarValues; fresh: boolean } | null = null;

  constructor(book: readonly PricedInstrument[], assets: number, lanes = 1) {
    this.book = book;
    this.lanes = lanes;
    this.positions = book.length;
    this.market = new MarketState(assets, lanes);
    const size = lanes * book.length;
    this.value = new Float64Array(size);
    this.delta = new Float64Array(size);
    this.greeksOut = { delta: new Float64Array(size), gamma: new Float64Array(size), vega: new Float64Array(size), theta: new Float64Array(size) };
    this.each = new MarketState(assets, lanes);
    this.savedVolatility = new Float64Array(lanes);
  }

  /**
   * A new view over the same book (the same instruments, pricers and contract terms) with its own market
   * and marks: to revalue positions at another market (a bar's extreme, a moved underlying) without
   * touching this one's.
   */
  scratch(): RiskView {
    return new RiskView(this.book, this.market.assets, this.lanes);
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
    if (this.bar) this.bar.fresh = false;
    this.stepStamp++;
  }

  /**
   * Value and delta of the positions listed only (the others keep what they had): for a scratch view that
   * revalues one pool at another market. Drops the cached greeks, shocks and bar values like `mark`.
   */
  markPositions(members: readonly number[]): void {
    const { book, market, value, delta } = this;
    const stride = this.positions;
    for (const p of members) {
      const b = book[p];
      b.pricer.mark(b.instrument, b.terms, market, value, delta, stride, p);
    }
    this.greeksFresh = false;
    if (this.shocked.size > 0) for (const entry of this.shocked.values()) entry.fresh = false;
    if (this.bar) this.bar.fresh = false;
    this.stepStamp++;
  }

  /**
   * Re-mark position `p` alone (after its terms changed: a roll into a new contract) at the current market;
   * the step's cached greeks and shocked values are dropped.
   */
  markPosition(p: number): void {
    const b = this.book[p];
    b.pricer.mark(b.instrument, b.terms, this.market, this.value, this.delta, this.positions, p);
    this.greeksFresh = false;
    if (this.shocked.size > 0) for (const entry of this.shocked.values()) entry.fresh = false;
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
   * Per-unit values under `shock` applied to this step's market, written into `out` (`lanes × positions`),
   * not cached: for methods that rescale their scenarios every step (scan ranges, historical moves). With
   * `volatility`, each position is valued with its own implied-volatility change on top of the shock (see
   * `PositionVolatilityMove`). With `members`, only those positions (the first `count` of them) are valued;
   * the other entries of `out` are left as they were. No allocation.
   */
  valueUnderEach(
    shock: MarketShock,
    out: Float64Array,
    volatility: PositionVolatilityMove | null = null,
    members?: ArrayLike<number>,
    count: number = members ? members.length : this.positions,
  ): void {
    const market = this.each;
    shock.apply(this.market, market);
    const stride = this.positions;
    const n = market.assets;
    const saved = this.savedVolatility;
    for (let k = 0; k < count; k++) {
      const p = members ? members[k] : k;
      const b = this.book[p];
      if (volatility === null || b.pricer.linear) {
        b.pricer.value(b.instrument, b.terms, market, out, stride, p);
        continue;
      }
      const a = b.instrument.underlying;
      for (let lane = 0; lane < this.lanes; lane++) {
        const i = lane * n + a;
        const j = lane * stride + p;
        saved[lane] = market.impliedVol[i];
        market.impliedVol[i] = saved[lane] * (1 + volatility.relative[j]) + volatility.absolute[j];
      }
      b.pricer.value(b.instrument, b.terms, market, out, stride, p);
      for (let lane = 0; lane < this.lanes; lane++) market.impliedVol[lane * n + a] = saved[lane];
    }
  }

  /**
   * Per-unit values of every position with its underlying at the bar's low and at its high (an asset
   * without a bar stays at its price), computed on the first call of the step and kept until the next
   * `mark`. Pricers are monotone in the underlying (linear: `m·S`; a call rises and a put falls with S), so
   * the lower of the two is the value at the position's worst point of the bar for a holder, the higher
   * for a writer. The arrays belong to the view.
   */
  barValues(): BarValues {
    if (!this.bar) {
      const assets = this.market.assets;
      const size = this.value.length;
      this.bar = {
        low: new MarketState(assets, this.lanes),
        high: new MarketState(assets, this.lanes),
        values: { low: new Float64Array(size), high: new Float64Array(size) },
        fresh: false,
      };
    }
    const bar = this.bar;
    if (!bar.fresh) {
      atBarExtreme(this.market, bar.low, this.market.low);
      atBarExtreme(this.market, bar.high, this.market.high);
      this.valueAt(bar.low, bar.values.low);
      this.valueAt(bar.high, bar.values.high);
      bar.fresh = true;
    }
    return bar.values;
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

/** Per-unit values of every position at the bar's low and at its high (`[ℓ · positions + p]`). */
export interface BarValues {
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** `out` = `market` with each price replaced by `extreme` where that is a number. */
function atBarExtreme(market: MarketState, out: MarketState, extreme: Float64Array): void {
  out.copyFrom(market);
  const price = out.price;
  for (let i = 0; i < price.length; i++) {
    const x = extreme[i];
    if (x === x) price[i] = x;
  }
}
