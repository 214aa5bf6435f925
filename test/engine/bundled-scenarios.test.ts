import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runScenario } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const historical = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.json'))
  .filter((f) => !JSON.parse(readFileSync(join(root, 'scenarios', f), 'utf8')).paths);

/** The counts the README's "Bundled scenarios" table quotes; a change here must change the README too. */
const readme: Record<string, { avoided: number; underfunded: number; breakdown: number }> = {
  'eu-pair-trade-1998': { avoided: 1, underfunded: 3, breakdown: 3 },
  'swx-stock-bond-hedge': { avoided: 2, underfunded: 24, breakdown: 16 },
  'dow30-long-short': { avoided: 18, underfunded: 22, breakdown: 11 },
  'eu-basket-venue-tiers': { avoided: 3, underfunded: 21, breakdown: 1 },
  // One underlying: no diversification credit that could fail, so every exceedance is volatility.
  'venues-spx-2008': { avoided: 3, underfunded: 182, breakdown: 0 },
  'spx-short-vol-2018': { avoided: 2, underfunded: 33, breakdown: 26 },
  'eu-pair-trade-addons': { avoided: 1, underfunded: 5, breakdown: 5 },
};

describe('bundled historical scenarios', () => {
  it.each(historical)('%s runs and shows both event families, as the README says', (name) => {
    const run = runScenario(join(root, 'scenarios', name), { write: false });
    const { result } = run;
    expect(result.events.liquidation_avoided).toBeGreaterThan(0);
    const quoted = readme[result.scenario.name];
    expect(quoted, `README row for ${result.scenario.name}`).toBeDefined();
    // Books of several underlyings show correlation breakdowns; a one-underlying book cannot.
    if (new Set(result.data.assets).size > 1) expect(result.events.underfundedByCause.correlation_breakdown).toBeGreaterThan(0);
    // Avoided events are one per cross mode; the README counts isolated liquidations avoided by (every) cross mode.
    expect(result.avoided.map((a) => a.count)).toContain(quoted.avoided);
    expect(result.events.underfunded).toBe(quoted.underfunded);
    expect(result.events.underfundedByCause.correlation_breakdown).toBe(quoted.breakdown);
    // The same inputs give the same digest.
    expect(runScenario(join(root, 'scenarios', name), { write: false }).result.digest).toBe(result.digest);
  });
});
