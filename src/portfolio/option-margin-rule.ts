import { STRIKE_TERM, type OptionInstrument } from '../instruments/option-instrument.js';
import type { PositionMarginRule } from './position.js';
import { strategyBasedOptionMargin, type StrategyMarginRule } from './strategy-based-option-margin.js';

/**
 * The margin of an option position held alone, for accounts without portfolio margin: the strategy-based
 * rule (`strategyBasedOptionMargin`) at the step's marks — short: value + max(a·S − OTM, b·(S or K)) per unit
 * of the underlying; long: its value (paid in full). Initial margin is the same rule at the opening marks.
 * Per contract `m` units of the underlying; the risk view's values are per contract (`m · V`).
 */
export function optionMarginRule(rule: StrategyMarginRule, initialMultiplier = 1): PositionMarginRule {
  const requirement = (quantity: number, p: number, view: Parameters<PositionMarginRule['maintenance']>[2], lane: number): number => {
    const option = view.instrument(p) as OptionInstrument;
    const m = option.multiplier;
    const S = view.market.price[lane * view.market.assets + option.underlying];
    const K = view.terms(p)[lane * option.termCount + STRIKE_TERM];
    const value = view.value[lane * view.positions + p] / m;
    return strategyBasedOptionMargin(option.right, quantity, m, S, K, value > 0 ? value : 0, rule);
  };
  return {
    label: `strategy-based ${rule.name} (${+(rule.underlyingRate * 100).toFixed(2)} %, min ${+(rule.minimumRate * 100).toFixed(2)} %)` +
      (initialMultiplier !== 1 ? `, initial ×${initialMultiplier} of the cushion` : ''),
    // The rulebook's initial and maintenance requirements are the same formula; a house requirement may ask
    // more at opening: the cushion above the option's value (short options) times `initialMultiplier`.
    initial: (quantity, p, view, lane) => {
      const maintenance = requirement(quantity, p, view, lane);
      if (initialMultiplier === 1 || quantity >= 0) return maintenance;
      const value = -quantity * view.value[lane * view.positions + p];
      return value + initialMultiplier * (maintenance - value);
    },
    maintenance: requirement,
  };
}
