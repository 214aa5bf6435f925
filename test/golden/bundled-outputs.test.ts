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
  'dow30-long-short': { digest: 'c1a7c3633a50d34e916730fa9a8b875b9cdcbe8fce22e008e9d0ac87ecc87db3', events: 'e15ff89f4aeaff48', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: 'a973f1f84be7230c0abd41a9e3b7ba6f024dbcc8da633f1550581b487fd50075', events: 'f97e54b4eb7213bb', series: 'cf169bb065037de5' },
  'eu-pair-trade-1998': { digest: '9bf8bf1307e966d5b5963f4e159dc14c1c65b1e202113ffea048e16a2eaa602f', events: '148fa005181a44aa', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: '6889a59029334cce3e43e78403e533854dfce0bacbc143f88025220c92e59b5b', events: '8e4e9df11aa380ba', series: '7458cd6d533c2c5c' },
  'mc-regime-breakdown-hedge': { digest: '3c90367700d0f72479d7f5c3d337fe917230c8d0715775ae09c89929c165efb3', events: '014decd8aaf98bc0', series: 'd881d28a786b37fd' },
  'swx-stock-bond-hedge': { digest: '62d9ad2f73308dc7c830b0e66756c9bd6696a2e72be4dc1dcf6760be38b85e98', events: '11dce58589ab30a6', series: '609846470b436c48' },
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
