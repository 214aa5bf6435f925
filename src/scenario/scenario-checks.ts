import { XmarginError } from '../core/errors.js';
import type { PriceFrame } from '../data/price-frame.js';
import type { EngineSetup } from '../engine/engine-setup.js';
import type { OptionInstrument } from '../instruments/option-instrument.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { checkMarginRates } from './check-margin-rates.js';
import { checkVenueLeverage, type VenueUse } from './scenario-venues.js';
import type { Scenario } from './scenario-schema.js';

// The checks `compileScenario` runs once the book is resolved against its data: what must hold at the opening,
// and settings that only make sense with bars or within the path's length. Each refuses at the JSON path.

/**
 * What must hold at the opening step, checked at load time: linear positions' margin rates at the opening
 * prices, option expiries after it, venue leverage limits, and isolated margin's initial margin within the
 * capital.
 */
export function checkOpening(scenario: Scenario, file: string, positions: readonly ResolvedPosition[], frame: PriceFrame, open: number, probe: EngineSetup, venues: readonly VenueUse[]): void {
  const linear = positions.filter((p) => p.instrument.kind === 'linear' && !p.hedge);
  checkMarginRates(linear, linear.map((p) => frame.columns[p.assetIndex][open]), file);
  positions.forEach((p, k) => {
    const expiry = (p.instrument as OptionInstrument).expiry;
    if (p.instrument.kind === 'option' && 'time' in expiry && !(expiry.time > frame.time[open])) {
      throw new XmarginError('E_INPUT_SCENARIO', `expected an expiry after the opening (${new Date(frame.time[open]).toISOString().slice(0, 10)}), got ${new Date(expiry.time).toISOString().slice(0, 10)}`, { file, path: `portfolio.positions[${k}].instrument.expiry` });
    }
  });
  const openNotional = (k: number) => {
    const p = positions[k];
    return 'notional' in p.size ? p.size.notional : p.size.quantity * frame.columns[p.assetIndex][open];
  };
  checkVenueLeverage(positions, openNotional, probe.modes.map((m, k) => ({ name: m.name, method: m.method, use: venues.find((v) => v.mode === m.name) ?? null })), file,
    (k) => `margin.modes[${k}]`, (k) => (scenario.portfolio.positions[k].leverage !== undefined ? 'leverage' : 'initialMarginRate'));
  if (probe.modes.some((m) => m.pooling === 'per-position')) {
    let initial = 0;
    // Options and hedges fund their buckets by their own rules at the opening marks (checked by the engine run).
    linear.forEach((p) => {
      const price = frame.columns[p.assetIndex][open];
      const notional = 'notional' in p.size ? p.size.notional : p.size.quantity * price;
      initial += Math.abs(notional) * p.initialMarginRate;
    });
    if (initial > scenario.portfolio.capital * (1 + 1e-12)) {
      throw new XmarginError('E_INPUT_SCENARIO', `isolated margin needs Σ initial margin ${initial.toFixed(2)} out of the capital, got capital ${scenario.portfolio.capital}`, { file, path: 'portfolio.capital' });
    }
  }
}

/**
 * `liquidation.fill` says where a liquidation found inside a bar is filled: with no bars to check (closes
 * only, or a Monte Carlo run), or every mode checking at the close, it has nothing to act on. It was ignored
 * without a word; refused, saying why.
 */
export function checkFill(scenario: Scenario, file: string, hasBars: boolean, allClose: boolean): void {
  if (scenario.liquidation.fill === undefined) return;
  if (!hasBars) {
    throw new XmarginError('E_INPUT_SCENARIO', scenario.paths
      ? 'applies to intrabar checks, and a Monte Carlo run checks its synthetic closes only; remove liquidation.fill'
      : 'applies to intrabar checks, which need high and low columns: map them in data.columns (e.g. { "SPX": { "close": "close", "high": "high", "low": "low" } }), or remove liquidation.fill',
    { file, path: 'liquidation.fill' });
  }
  if (allClose) {
    throw new XmarginError('E_INPUT_SCENARIO', 'applies to intrabar checks, and every mode checks at the close ("check": "close"); remove liquidation.fill or let a mode check intrabar', { file, path: 'liquidation.fill' });
  }
}

/** `backtest.realisedWindow`'s default (the schema's), accepted whatever the path (this file imports only the schema's types). */
export const DEFAULT_REALISED_WINDOW = 20;

/**
 * Step counts that must fit in the `after` steps that follow the opening (the path's last step is the opening
 * plus `after`; a Monte Carlo path has `paths.steps`):
 *
 * - `backtest.realisedWindow`: the realised window of an underfunded step `t` is `t+1 … t+w`, cut at the end
 *   of the path; the earliest underfunded step is the opening, so no window can be longer than `after`. A
 *   longer one would be cut for every exceedance (1e9 was accepted and meant "the rest of the path"). The
 *   default is accepted on any path (cut like any window; each event records the steps it used): a scenario
 *   that does not set it — or whose echo holds it, as a merge re-reads it — must still run on a short path;
 * - a hedge's or a roll's `everySteps`: beyond `after` the hedge is never rebalanced, the contract never
 *   rolled (1e9 was accepted and did nothing).
 */
export function checkStepCounts(scenario: Scenario, file: string, after: number, openTime: number | null): void {
  const where = scenario.paths
    ? `a Monte Carlo path has ${after} step${after === 1 ? '' : 's'} after the book opens (paths.steps)`
    : `the path has ${after} step${after === 1 ? '' : 's'} after the book opens on ${new Date(openTime!).toISOString().slice(0, 10)}`;
  const got = (x: number) => (x < 1e15 ? String(x) : x.toExponential());
  const w = scenario.backtest.realisedWindow;
  if (w > Math.max(after, DEFAULT_REALISED_WINDOW)) {
    throw new XmarginError(
      'E_INPUT_SCENARIO',
      after >= DEFAULT_REALISED_WINDOW
        ? `expected at most ${after} steps, got ${got(w)}: ${where}, and no underfunded step can have a longer realised window`
        : `expected at most ${DEFAULT_REALISED_WINDOW} steps (the default, cut at the end of the path), got ${got(w)}: ${where}`,
      { file, path: 'backtest.realisedWindow' },
    );
  }
  scenario.portfolio.positions.forEach((p, k) => {
    const every: [string, number | undefined, string][] = [
      ['hedge.everySteps', p.hedge?.everySteps, 'the hedge would never be rebalanced after the opening'],
      ['roll.everySteps', typeof p.roll === 'object' ? p.roll.everySteps : undefined, 'the contract would never roll'],
    ];
    for (const [field, n, never] of every) {
      if (n !== undefined && n > after) {
        throw new XmarginError('E_INPUT_SCENARIO', `expected at most ${after} steps, got ${got(n)}: ${where}, so ${never}`, { file, path: `portfolio.positions[${k}].${field}` });
      }
    }
  });
}
