import { linearInstrument } from '../instruments/linear-instrument.js';
import { notionalMarginRule } from './notional-margin-rule.js';
import type { Position, ResolvedPosition } from './position.js';

/**
 * Fill in what a position written without instruments leaves out: a linear instrument (perpetual,
 * multiplier 1) on its asset, and the notional margin rule of its initial margin rate and maintenance
 * schedule.
 */
export function resolvePosition(position: Position): ResolvedPosition {
  if (position.instrument && position.margin) return position as ResolvedPosition;
  return {
    ...position,
    instrument: position.instrument ?? linearInstrument(position.asset, position.assetIndex),
    margin: position.margin ?? notionalMarginRule(position.initialMarginRate, position.maintenance),
  };
}

export function resolvePositions(positions: readonly Position[]): ResolvedPosition[] {
  return positions.map(resolvePosition);
}
