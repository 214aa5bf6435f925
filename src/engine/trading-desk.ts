import { EXPIRY_TERM, STRIKE_TERM } from '../instruments/option-instrument.js';
import type { MarketState } from '../market/market-state.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { RiskView } from '../valuation/risk-view.js';
import type { TradeEvent } from './events.js';
import type { ModeLedger } from './mode-ledger.js';

/** Fees on trades: linear positions pay a rate on notional traded; options per contract and on premium. */
export interface TradeFees {
  /** Fraction of the notional `|Δq · delta|` of a linear trade (the scenario's `fees.open`). */
  readonly notionalRate: number;
  /** Currency per option contract traded. */
  readonly perContract: number;
  /** Fraction of the premium `|Δq · V|` of an option trade. */
  readonly premiumRate: number;
}

/** Per position, what its kind needs to open a new contract (an option's `openTerms`), or null. */
export type OpenTerms = (instrument: ResolvedPosition['instrument'], market: MarketState, lane: number, terms: Float64Array) => void;

/**
 * The trades a book's own rules make along a path, in every mode, before that step's margin check:
 * options settle at expiry (intrinsic value) or roll (close at model value, open a new contract with the same
 * relative strike and tenor: new terms from the step's market), and linear hedges rebalance to their target
 * net dollar delta. A mode trades a position only while it is open there: a liquidated position stops rolling
 * and hedging in that mode. Contract terms are shared by the modes (the same contracts trade everywhere).
 */
export class TradingDesk {
  private readonly options: number[];
  private readonly hedges: { position: number; members: number[] }[];
  private openStep = 0;

  constructor(
    private readonly positions: readonly ResolvedPosition[],
    private readonly view: RiskView,
    private readonly openTerms: readonly (OpenTerms | null)[],
    private readonly fees: TradeFees,
  ) {
    this.options = positions.map((_, p) => p).filter((p) => positions[p].instrument.kind === 'option');
    this.hedges = positions.flatMap((pos, p) =>
      pos.hedge ? [{ position: p, members: positions.map((_, i) => i).filter((i) => i !== p && positions[i].group === pos.hedge!.group) }] : [],
    );
  }

  /** True when the book has anything to trade (options that may expire or roll, or hedges). */
  get active(): boolean {
    return this.options.length > 0 || this.hedges.length > 0;
  }

  /** The fee of trading `quantity` units of position `p` at its current marks. */
  fee(p: number, quantity: number): number {
    const { view } = this;
    if (this.positions[p].instrument.kind === 'linear') return Math.abs(quantity * view.delta[p]) * this.fees.notionalRate;
    return Math.abs(quantity) * this.fees.perContract + Math.abs(quantity * view.value[p]) * this.fees.premiumRate;
  }

  /**
   * Quantity of each hedge at the opening, from the opening quantities of its group (written into
   * `quantity`): `(target − Σ q_i · delta_i) / delta_hedge`.
   */
  openHedges(quantity: Float64Array, openStep: number): void {
    this.openStep = openStep;
    for (const h of this.hedges) quantity[h.position] = this.hedgeQuantity(h, quantity, null);
  }

  private hedgeQuantity(h: { position: number; members: number[] }, quantity: Float64Array, open: Uint8Array | null): number {
    const delta = this.view.delta;
    let net = 0;
    for (const i of h.members) if (!open || open[i]) net += quantity[i] * delta[i];
    const target = this.positions[h.position].hedge!.targetDelta;
    return (target - net) / delta[h.position];
  }

  /** Step `t`'s trades in every ledger (rolls and settlements first, then hedges); events through `emit`. */
  step(t: number, time: number, ledgers: readonly ModeLedger[], emit: ((event: TradeEvent) => void) | null): void {
    const { view, positions } = this;
    for (const p of this.options) {
      const terms = view.terms(p);
      const expired = time >= terms[EXPIRY_TERM];
      const roll = positions[p].roll;
      const rollNow = roll !== undefined && ('atExpiry' in roll ? expired : t > this.openStep && (t - this.openStep) % roll.everySteps === 0);
      if (rollNow) this.roll(p, t, time, ledgers, emit, expired ? 'expiry' : 'roll');
      else if (expired) this.settle(p, t, time, ledgers, emit);
    }
    for (const h of this.hedges) {
      const every = positions[h.position].hedge!.everySteps;
      if (t === this.openStep || (t - this.openStep) % every !== 0) continue;
      for (const ledger of ledgers) {
        if (!ledger.open[h.position]) continue;
        const target = this.hedgeQuantity(h, ledger.quantity, ledger.open);
        const traded = target - ledger.quantity[h.position];
        if (traded === 0) continue;
        const fee = this.fee(h.position, traded);
        ledger.trade(h.position, target, view.value[h.position], fee);
        emit?.(this.event(ledger, h.position, t, time, 'rebalance', 'hedge', traded, fee));
      }
    }
  }

  private settle(p: number, t: number, time: number, ledgers: readonly ModeLedger[], emit: ((event: TradeEvent) => void) | null): void {
    const value = this.view.value[p];
    for (const ledger of ledgers) {
      if (!ledger.open[p]) continue;
      const quantity = ledger.quantity[p];
      ledger.settle(p, value, t);
      emit?.(this.event(ledger, p, t, time, 'settle', 'expiry', -quantity, 0));
    }
  }

  /** Close the contract at its value, write the new contract's terms, open it at its value, in every mode holding it. */
  private roll(p: number, t: number, time: number, ledgers: readonly ModeLedger[], emit: ((event: TradeEvent) => void) | null, reason: 'roll' | 'expiry'): void {
    const { view } = this;
    const held = ledgers.filter((l) => l.open[p]);
    const closeValue = view.value[p];
    const closing = held.map((ledger) => {
      const quantity = ledger.quantity[p];
      const fee = reason === 'expiry' ? 0 : this.fee(p, quantity);
      const event = emit ? this.event(ledger, p, t, time, reason === 'expiry' ? 'settle' : 'close', reason, -quantity, fee) : null;
      return { ledger, quantity, fee, event };
    });
    this.openTerms[p]?.(this.positions[p].instrument, view.market, 0, view.terms(p));
    view.markPosition(p);
    const openValue = view.value[p];
    for (const { ledger, quantity, fee, event } of closing) {
      ledger.trade(p, quantity, closeValue, fee);
      if (event) emit!(event);
      const openFee = this.fee(p, quantity);
      ledger.trade(p, quantity, openValue, openFee);
      emit?.(this.event(ledger, p, t, time, 'open', 'roll', quantity, openFee));
    }
  }

  private event(ledger: ModeLedger, p: number, t: number, time: number, action: TradeEvent['action'], reason: TradeEvent['reason'], quantity: number, fee: number): TradeEvent {
    const { view, positions } = this;
    const option = positions[p].instrument.kind === 'option';
    const terms = view.terms(p);
    return {
      kind: 'trade',
      step: t,
      time,
      mode: ledger.definition.name,
      asset: ledger.labels[p],
      instrument: positions[p].instrument.id,
      action,
      reason,
      quantity,
      price: view.value[p],
      fee,
      strike: option ? terms[STRIKE_TERM] : null,
      expiry: option ? terms[EXPIRY_TERM] : null,
    };
  }
}
