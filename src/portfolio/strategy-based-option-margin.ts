import { XmarginError } from '../core/errors.js';
import type { OptionRight } from '../instruments/option-instrument.js';

/**
 * The rates of the strategy-based ("Reg T") rule for an uncovered short option: the requirement per unit
 * of the underlying is
 *
 *   V + max(underlyingRate · S − OTM, minimumRate · (S for a call, K for a put))
 *
 * with `V` the option's current value, `S` the underlying's value, `K` the strike and `OTM` the
 * out-of-the-money amount (`max(K − S, 0)` for a call, `max(S − K, 0)` for a put).
 */
export interface StrategyMarginRule {
  readonly name: string;
  readonly underlyingRate: number;
  readonly minimumRate: number;
}

/**
 * Broad-based index options (SPX, NDX, RUT, …): 15 %, minimum 10 %. Cboe Exchange Rule 10.3(c)(5)(A)
 * (numbered 12.3 before Cboe's 2019 rulebook consolidation) and FINRA Rule 4210(f)(2)(D), as Cboe's
 * "Strategy-based Margin" page summarises them (cboe.com/us/options/strategy_based_margin, read
 * 2026-12-06); CBOE Margin Manual (April 2000), "Short Put or Short Call", pp. 5–6.
 */
export const BROAD_BASED_INDEX_RULE: StrategyMarginRule = Object.freeze({
  name: 'broad-based-index',
  underlyingRate: 0.15,
  minimumRate: 0.1,
});

/** Equity and narrow-based index options: 20 %, minimum 10 % (same rules). */
export const EQUITY_OPTION_RULE: StrategyMarginRule = Object.freeze({
  name: 'equity',
  underlyingRate: 0.2,
  minimumRate: 0.1,
});

export const STRATEGY_MARGIN_RULES: Readonly<Record<string, StrategyMarginRule>> = Object.freeze({
  'broad-based-index': BROAD_BASED_INDEX_RULE,
  equity: EQUITY_OPTION_RULE,
});

/**
 * The strategy-based maintenance requirement of one option position held alone (no spread, cover or
 * hedge recognised; those are strategies of several positions), in currency:
 *
 * - **short** (`quantity < 0`): `|quantity| · multiplier · (V + max(a·S − OTM, b·(S or K)))`, the uncovered
 *   writer's rule above. The value `V` is part of the requirement because the account's equity already
 *   counts the short option at −V (its mark to market): the requirement asks for the cost of buying it
 *   back plus a cushion for an adverse move.
 * - **long** (`quantity > 0`): `quantity · multiplier · V`. A listed option expiring within 9 months must
 *   be paid in full and has no loan value (Cboe Rule 10.3; Reg T): it can neither be bought on credit nor
 *   support other positions. Mapped onto a maintenance ledger whose equity counts the option at its value,
 *   that is a requirement equal to the value: the long option's value sits in equity and is all required
 *   back, so it adds nothing to the excess equity that carries the rest of the book, and the position
 *   itself, fully paid, can never be liquidated for margin (its equity equals its requirement). (The 75 %
 *   margin rule for options with more than 9 months to expiry is not modelled.)
 * - `quantity = 0`: 0.
 *
 * Inputs: `underlying` S > 0, `strike` K > 0, `optionValue` V ≥ 0 per unit of the underlying (the pricer's
 * value), `multiplier` > 0 units of the underlying per contract (100 for SPX), `quantity` in contracts
 * (signed). Invalid inputs throw. O(1), no allocation.
 */
export function strategyBasedOptionMargin(
  right: OptionRight,
  quantity: number,
  multiplier: number,
  underlying: number,
  strike: number,
  optionValue: number,
  rule: StrategyMarginRule = BROAD_BASED_INDEX_RULE,
): number {
  if (!(underlying > 0 && strike > 0 && optionValue >= 0 && multiplier > 0) || !(quantity * 0 + underlying * 0 + strike * 0 + optionValue * 0 + multiplier * 0 === 0)) {
    throw new XmarginError(
      'E_INPUT',
      `strategy-based option margin: expected finite S > 0, K > 0, value ≥ 0, multiplier > 0 and quantity; got ` +
        `S = ${underlying}, K = ${strike}, value = ${optionValue}, multiplier = ${multiplier}, quantity = ${quantity}`,
    );
  }
  if (quantity > 0) return quantity * multiplier * optionValue;
  if (quantity === 0) return 0;
  return -quantity * multiplier * uncoveredShortRequirement(right, underlying, strike, optionValue, rule);
}

/**
 * Per unit of the underlying, for one short option: `V + max(a·S − OTM, b·(S for a call, K for a put))`.
 * Trusts its inputs. O(1).
 */
export function uncoveredShortRequirement(
  right: OptionRight,
  underlying: number,
  strike: number,
  optionValue: number,
  rule: StrategyMarginRule = BROAD_BASED_INDEX_RULE,
): number {
  let outOfTheMoney: number;
  let minimumBase: number;
  if (right === 'call') {
    outOfTheMoney = strike > underlying ? strike - underlying : 0;
    minimumBase = underlying;
  } else if (right === 'put') {
    outOfTheMoney = underlying > strike ? underlying - strike : 0;
    minimumBase = strike;
  } else {
    throw new XmarginError('E_INPUT', `option right: expected "call" or "put", got ${JSON.stringify(right)}`);
  }
  const standard = rule.underlyingRate * underlying - outOfTheMoney;
  const minimum = rule.minimumRate * minimumBase;
  return optionValue + (standard > minimum ? standard : minimum);
}

/**
 * Checks a rule given by preset name (`"broad-based-index"`, `"equity"`) or as
 * `{ "underlyingRate": 0.15, "minimumRate": 0.1 }`; `undefined` is the broad-based index rule. Throws
 * `XmarginError('E_INPUT_SCENARIO')` naming the JSON path.
 */
export function validateStrategyMarginRule(value: unknown, path = 'rule'): StrategyMarginRule {
  if (value === undefined) return BROAD_BASED_INDEX_RULE;
  if (typeof value === 'string') {
    const preset = STRATEGY_MARGIN_RULES[value];
    if (preset === undefined) {
      fail(path, `expected one of ${Object.keys(STRATEGY_MARGIN_RULES).map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(value)}`);
    }
    return preset;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected a preset name or { underlyingRate, minimumRate }, got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'underlyingRate' && key !== 'minimumRate') fail(`${path}.${key}`, 'unknown field; expected underlyingRate, minimumRate');
  }
  return { name: 'custom', underlyingRate: rate(record.underlyingRate, `${path}.underlyingRate`), minimumRate: rate(record.minimumRate, `${path}.minimumRate`) };
}

function rate(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    fail(path, `expected a rate in (0, 1], got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return value;
}

function fail(path: string, detail: string): never {
  throw new XmarginError('E_INPUT_SCENARIO', detail, { path });
}
