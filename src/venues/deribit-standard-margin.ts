import type { DeribitVersion } from './venue-preset-schema.js';

export type DeribitFutureSpec = DeribitVersion['futures'][string];
export type DeribitShortOptionSpec = DeribitVersion['options'][string]['shortCall'];

/**
 * Deribit standard margin for futures ("Futures", Deribit docs): the initial and maintenance fractions
 * start at their bases and rise linearly with the position size in the underlying,
 * `fraction = base + increment × |size| / incrementPerSize` (BTC: IM 2 % + 0.5 % per 100 BTC, MM 1.5 % +
 * 0.5 % per 100 BTC; 25 BTC → IM 2.125 % = 0.53125 BTC). Margin = fraction × |size|, in the underlying.
 */
export function deribitFutureInitialFraction(spec: DeribitFutureSpec, size: number): number {
  return spec.initialBase + (spec.increment * Math.abs(size)) / spec.incrementPerSize;
}

export function deribitFutureMaintenanceFraction(spec: DeribitFutureSpec, size: number): number {
  return spec.maintenanceBase + (spec.increment * Math.abs(size)) / spec.incrementPerSize;
}

/**
 * Deribit standard margin of one short option, per contract of 1 underlying unit, in the underlying
 * (as Deribit quotes its BTC options), `optionMark` the option's mark price in the underlying:
 *
 *     call: IM = max(0.15 − OTM/U, 0.1) + mark,                MM = 0.075 + mark,          OTM = max(K − U, 0)
 *     put:  IM = max(max(0.15 − OTM/U, 0.1) + mark, MM),       MM = max(0.075, 0.075 × mark) + mark,  OTM = max(U − K, 0)
 *
 * (constants from the preset). Long options are paid in full and carry no margin here.
 */
export function deribitShortCallMargin(spec: DeribitShortOptionSpec, underlying: number, strike: number, optionMark: number): { initial: number; maintenance: number } {
  const outOfTheMoney = Math.max(strike - underlying, 0);
  return {
    initial: Math.max(spec.initialBase - outOfTheMoney / underlying, spec.initialFloor) + optionMark,
    maintenance: spec.maintenanceBase + optionMark,
  };
}

export function deribitShortPutMargin(spec: DeribitShortOptionSpec, underlying: number, strike: number, optionMark: number): { initial: number; maintenance: number } {
  const outOfTheMoney = Math.max(underlying - strike, 0);
  const maintenance = Math.max(spec.maintenanceBase, (spec.maintenanceOfMark ?? 0) * optionMark) + optionMark;
  return {
    initial: Math.max(Math.max(spec.initialBase - outOfTheMoney / underlying, spec.initialFloor) + optionMark, maintenance),
    maintenance,
  };
}
