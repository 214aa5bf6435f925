import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runScenario } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const historical = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.json'))
  .filter((f) => !JSON.parse(readFileSync(join(root, 'scenarios', f), 'utf8')).paths);

/**
 * The counts the README's "Bundled scenarios" table quotes; a change here must change the README too.
 * `avoided`: isolated liquidations each cross mode kept alive; `forGood`: of those, never liquidated later,
 * per cross mode in scenario order; `breakdown`: exceedances attributed to correlation; `standaloneCovered`:
 * exceedances with L ≤ S (the former label, now its own flag).
 */
const readme: Record<string, { avoided: number; forGood: number[]; underfunded: number; breakdown: number; standaloneCovered: number }> = {
  'eu-pair-trade-1998': { avoided: 1, forGood: [1, 1, 1], underfunded: 3, breakdown: 0, standaloneCovered: 3 },
  'swx-stock-bond-hedge': { avoided: 2, forGood: [2, 2], underfunded: 24, breakdown: 1, standaloneCovered: 16 },
  'dow30-long-short': { avoided: 18, forGood: [11, 0, 1], underfunded: 22, breakdown: 1, standaloneCovered: 11 },
  'eu-basket-venue-tiers': { avoided: 3, forGood: [1, 1], underfunded: 21, breakdown: 0, standaloneCovered: 1 },
  // One underlying: no diversification credit that could fail; the crash liquidates every cross mode later.
  'venues-spx-2008': { avoided: 3, forGood: [0, 0, 0, 0, 0, 0, 0], underfunded: 182, breakdown: 0, standaloneCovered: 0 },
  // Options: 30 of the 33 exceedances are attributed to implied volatility (checked in test/options).
  'spx-short-vol-2018': { avoided: 2, forGood: [0, 2, 2, 2, 0], underfunded: 33, breakdown: 0, standaloneCovered: 26 },
  'eu-pair-trade-addons': { avoided: 1, forGood: [1, 1, 1, 1, 1], underfunded: 5, breakdown: 0, standaloneCovered: 5 },
};

describe('every bundled scenario', () => {
  it.each(readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')))('%s names the currency of its figures', (name) => {
    expect(JSON.parse(readFileSync(join(root, 'scenarios', name), 'utf8')).currency).toMatch(/^[A-Z]{3}$/);
  });
});

describe('bundled historical scenarios', () => {
  it.each(historical)('%s runs and shows both event families, as the README says', (name) => {
    const run = runScenario(join(root, 'scenarios', name), { write: false });
    const { result } = run;
    expect(result.events.liquidation_avoided).toBeGreaterThan(0);
    expect(result.events.underfunded).toBeGreaterThan(0);
    const quoted = readme[result.scenario.name];
    expect(quoted, `README row for ${result.scenario.name}`).toBeDefined();
    // Avoided events are one per cross mode; the README counts isolated liquidations avoided by (every) cross mode.
    expect(result.avoided.map((a) => a.count)).toContain(quoted.avoided);
    expect(result.avoided.map((a) => a.forGood)).toEqual(quoted.forGood);
    for (const a of result.avoided) expect(a.forGood + a.postponed).toBe(a.count);
    expect(result.events.underfunded).toBe(quoted.underfunded);
    expect(result.events.underfundedByCause.correlation_breakdown).toBe(quoted.breakdown);
    expect(result.coverage.reduce((s, c) => s + c.standaloneCovered, 0)).toBe(quoted.standaloneCovered);
    // The same inputs give the same digest.
    expect(runScenario(join(root, 'scenarios', name), { write: false }).result.digest).toBe(result.digest);
  });
});
