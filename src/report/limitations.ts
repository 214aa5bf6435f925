import type { RunResult } from '../result/run-result.js';
import { ordinal } from './decision-panel.js';
import { currencyOf } from './text-table.js';

/**
 * What the numbers of a run do not say, in a few plain sentences a committee should read before relying
 * on them; some depend on the run (overlapping windows, Monte Carlo, maintenance-sum modes, currency).
 */
export function limitations(result: RunResult): string[] {
  const h = result.run.horizonSteps;
  const echo = result.scenario.echo as { backtest?: { realisedWindow?: number } } | null;
  const w = Math.max(echo?.backtest?.realisedWindow ?? 20, h);
  const items: string[] = [];
  items.push(result.monteCarlo
    ? `The figures describe ${result.monteCarlo.runs.toLocaleString('en-US')} paths of a generator fitted to the history (${result.monteCarlo.generator.kind}); they are as good as that model of the market, and the step-by-step tables and charts show one path (the median by ${result.monteCarlo.representativeMode}'s final equity) on a synthetic calendar.`
    : 'The figures describe one historical path; another period, or the same period in another order, would give other numbers.');
  items.push(checksBars(result)
    ? 'Liquidations are checked at each bar\'s adverse extreme where the scenario maps highs and lows (a bound when a pool holds several underlyings); everything else is measured at the closes. Slippage and market impact beyond the liquidation fee are not seen, and a close-out always finds a buyer at its fill price.'
    : 'Positions are valued at each step\'s closing prices: moves between closes, slippage and market impact beyond the liquidation fee are not seen, and a close-out always finds a buyer at the step\'s price.');
  if (h > 1) items.push(`The margin period of risk is ${h} steps, so the loss windows of consecutive steps overlap and exceedances cluster: the every-step tests are indicative; the formal tests use every ${ordinal(h)} step only and have less power.`);
  items.push(`An exceedance's cause re-evaluates the mode's own measure with volatility and correlation realised over the ${w} steps after it, exposures held fixed: with ${w} steps a realised correlation is uncertain by about (1 − ρ²)/√${w - 1} ≈ ${(1 / Math.sqrt(w - 1)).toFixed(2)} at ρ = 0, so small parts are noise, and a longer window is steadier but reaches past the close-out horizon.`);
  if (result.modes.some((m) => m.method === 'maintenance-sum' && m.kind !== 'isolated')) {
    items.push(holdsOptions(result)
      ? 'A maintenance-sum mode (venue-style cross) reads no volatility or correlation: an exceedance of it is attributed to implied volatility when the options\' maintenance re-marked at the realised implied volatilities is the larger part, else to volatility (the move outran the maintenance rates).'
      : 'A maintenance-sum mode (venue-style cross) reads no volatility or correlation: every exceedance of it is attributed to volatility (the move outran the maintenance rates).');
  }
  const currency = currencyOf(result);
  items.push(currency
    ? `Amounts are in ${currency}, the currency the scenario names; nothing is converted.`
    : 'The scenario names no currency: amounts are in the units of its capital and notionals.');
  return items;
}

interface EchoForLimitations {
  data?: { columns?: Record<string, { high?: string; low?: string }> };
  margin?: { modes?: { check?: string }[] };
  portfolio?: { positions?: { instrument?: { kind?: string } }[] };
}

/** A historical run whose data maps a bar's high and low, with a mode checking there (the default then): Monte Carlo paths are closes only. */
function checksBars(result: RunResult): boolean {
  if (result.monteCarlo) return false;
  const echo = result.scenario.echo as EchoForLimitations | null;
  const bars = Object.values(echo?.data?.columns ?? {}).some((c) => c.high !== undefined && c.low !== undefined);
  return bars && (echo?.margin?.modes ?? []).some((m) => m.check !== 'close');
}

/** The book holds an instrument that is not linear (an option), whose own maintenance moves with implied volatility. */
function holdsOptions(result: RunResult): boolean {
  const echo = result.scenario.echo as EchoForLimitations | null;
  return (echo?.portfolio?.positions ?? []).some((p) => p.instrument?.kind === 'option');
}
