import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The outputs of every bundled scenario, byte for byte: the `digest` of `result.json` and the sha256 of
 * `events.csv` and `timeseries.arrow` (first 16 hex digits). Recorded before the valuation-layer redesign
 * (issue 15) so that a refactor of the engine shows up here as soon as it changes a number.
 *
 * A change is allowed only on purpose: update the line, and say in the commit message which output
 * changed first and why.
 */
const golden: Record<string, { digest: string; events: string; series: string }> = {
  'dow30-long-short': { digest: 'daef924a945345932bc09e75f558af172a5d747c6acfa55c74bd35a821ecb01f', events: 'ec78d33b39c4889e', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: '27281f0672f35cf7d5ce709a4b9fe00f049638ffedc730eb7fe410f08b4bf04f', events: '06164f5288ebd658', series: 'cf169bb065037de5' },
  'eu-pair-trade-addons': { digest: '160575b8a9926430d71896d63e6effc897736a3ebd2465249db485222699e888', events: 'b78a584b1a2f751b', series: '3a7c7c6cdc01bb39' },
  'eu-pair-trade-1998': { digest: '6e0109bebbf39b88268be08a1b7dba5e3502c5e78a020fc8b703da68ee1bfb32', events: '74c7eebea48d3199', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: 'ce78dc9aa8dadeca18fc7c15919d375d2230faeebf3ba59625d91e78653e86c5', events: '126dde14f1992b89', series: '7458cd6d533c2c5c' },
  'mc-regime-breakdown-hedge': { digest: '4929d04bf6725fe2335b8eeea0cabeea395abc2fa8fd8b4271badbe3ad6d74a5', events: 'cb57f5c4f46d99ee', series: 'd881d28a786b37fd' },
  'swx-stock-bond-hedge': { digest: '0d75b9d31f887ca856b4c6561363343fad570b413df784a3433b08a9c9f771b3', events: 'd37f8a1ac6696133', series: '609846470b436c48' },
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

describe('bundled scenario outputs are byte-identical to the recorded ones', () => {
  it.each(Object.keys(golden))('%s', async (name) => {
    const out = mkdtempSync(join(tmpdir(), `xmargin-golden-${name}-`));
    try {
      // Run from the project root, as `xmargin run scenarios/<name>.json` does (paths in result.json are relative to it).
      const cwd = process.cwd();
      process.chdir(root);
      try {
        await runScenarioFile(`scenarios/${name}.json`, { out, threads: 2, progress: false });
      } finally {
        process.chdir(cwd);
      }
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
      expect({ digest: result.digest, events: sha(join(out, 'events.csv')), series: sha(join(out, 'timeseries.arrow')) }).toEqual(golden[name]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
