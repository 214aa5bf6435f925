import { XmarginError } from '../core/errors.js';
import { bracketMarginRule } from '../portfolio/bracket-margin-rule.js';
import type { PositionMarginRule, ResolvedPosition } from '../portfolio/position.js';
import type { ResolvedVenuePreset } from '../venues/load-venue-preset.js';
import type { NotionalBracket } from '../venues/notional-bracket.js';
import { hyperliquidBrackets } from '../venues/hyperliquid-brackets.js';
import { dydxBrackets } from '../venues/dydx-margin-fraction.js';

/** `path.field`, or `field` when the path is empty (the scenario layer prefixes the mode's path). */
export function at(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

/** Venues whose presets hold per-symbol position brackets (what isolated and cross venue modes read). */
export const BRACKET_VENUES = ['binance-usdm', 'hyperliquid', 'dydx-v4'] as const;

/**
 * The symbols of a preset version that carry position brackets: Binance's bracket tables, Hyperliquid's
 * margin tables, dYdX's markets. Empty for presets without position brackets (OKX portfolio margin,
 * Deribit's inverse contracts).
 */
export function venueSymbols(preset: ResolvedVenuePreset): string[] {
  switch (preset.venue) {
    case 'binance-usdm':
      return Object.keys(preset.version.brackets);
    case 'hyperliquid':
      return Object.keys(preset.version.marginTables);
    case 'dydx-v4':
      return Object.keys(preset.version.markets);
    default:
      return [];
  }
}

/** `binance-usdm as of 2025-01-15 (version of 2024-02-03)`. */
export function presetLabel(preset: ResolvedVenuePreset): string {
  return `${preset.venue} as of ${preset.asOf} (version of ${preset.version.effective})`;
}

/**
 * The maintenance brackets of `symbol` in a preset version: Binance's table as published; Hyperliquid's
 * tiers with their deductions (`hyperliquidBrackets`); a dYdX market's liquidity tier as one bracket
 * (`dydxBrackets`). An unknown symbol, or a preset without position brackets, is an input error at `path`
 * naming what exists.
 */
export function venueBrackets(preset: ResolvedVenuePreset, symbol: string, path: string): NotionalBracket[] {
  const known = venueSymbols(preset);
  if (preset.venue !== 'binance-usdm' && preset.venue !== 'hyperliquid' && preset.venue !== 'dydx-v4') {
    const why = preset.venue === 'okx-pm'
      ? 'okx-pm holds portfolio-margin parameters only: use it in a portfolio mode ("method": "okx-pm")'
      : 'deribit\'s standard margin is for inverse (coin-margined) futures and options, which linear positions are not; its portfolio margin belongs to the risk-surface methods';
    throw new XmarginError('E_INPUT_SCENARIO', `venue ${preset.venue} has no position brackets for isolated or cross modes: ${why}; venues with brackets: ${BRACKET_VENUES.join(', ')}`, { path });
  }
  if (!known.includes(symbol)) {
    throw new XmarginError(
      'E_INPUT_SCENARIO',
      `${presetLabel(preset)} has no brackets for ${JSON.stringify(symbol)}; symbols: ${known.join(', ')} (map an asset to one with "symbols": { "<asset>": "<symbol>" })`,
      { path },
    );
  }
  switch (preset.venue) {
    case 'binance-usdm':
      return preset.version.brackets[symbol];
    case 'hyperliquid':
      return hyperliquidBrackets(preset.version.marginTables[symbol]);
    case 'dydx-v4':
      return dydxBrackets(preset.version.liquidityTiers[preset.version.markets[symbol]]);
  }
}

/**
 * One margin rule per position from a venue preset: the maintenance brackets of the position's venue
 * symbol (`symbols[asset]`, default the asset name) with the position's own initial margin. Venue brackets
 * price linear contracts (perpetuals, futures) on their notional: an option position is refused.
 * `path` is the mode's JSON path (errors point at its `symbols` or `venue`).
 */
export function venuePositionRules(
  preset: ResolvedVenuePreset,
  positions: readonly ResolvedPosition[],
  symbols: Readonly<Record<string, string>>,
  path: string,
): PositionMarginRule[] {
  if (!(BRACKET_VENUES as readonly string[]).includes(preset.venue)) venueBrackets(preset, '', at(path, 'venue'));
  for (const asset of Object.keys(symbols)) {
    if (!positions.some((p) => p.asset === asset)) {
      throw new XmarginError('E_INPUT_SCENARIO', `no position on asset ${JSON.stringify(asset)}; positions: ${[...new Set(positions.map((p) => p.asset))].join(', ')}`, { path: at(path, `symbols.${asset}`) });
    }
  }
  return positions.map((position, k) => {
    if (position.instrument.kind !== 'linear') {
      throw new XmarginError('E_INPUT_SCENARIO', `venue brackets apply to linear contracts; portfolio.positions[${k}] is ${position.instrument.kind} (${position.instrument.id})`, { path: at(path, 'venue') });
    }
    const mapped = Object.hasOwn(symbols, position.asset);
    const symbol = mapped ? symbols[position.asset] : position.asset;
    const brackets = venueBrackets(preset, symbol, mapped ? at(path, `symbols.${position.asset}`) : at(path, 'symbols'));
    return bracketMarginRule(position.initialMarginRate, brackets, `IM ${+(position.initialMarginRate * 100).toFixed(4)} %, MM ${preset.venue} ${symbol} brackets`);
  });
}
