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
 * (issue 15) so that a refactor of the engine shows up here as soon as it changes a number. The digests were
 * recorded again once (issue 14) when result.json stopped naming its inputs by paths relative to the working
 * folder (`scenario.file` is now the file's name, `data.file` the path the scenario writes); events and
 * series did not change.
 *
 * A change is allowed only on purpose: update the line, and say in the commit message which output
 * changed first and why.
 */
const golden: Record<string, { digest: string; events: string; series: string }> = {
  'dow30-long-short': { digest: 'f1f620cafc3394eef401443f215a867b9a0dbb80d9c9dc3f403e50ab49eac260', events: 'ec78d33b39c4889e', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: '4bf789d7331e4484d9d6613ae9b25e4ddb7dfcd4eb9d0c574c2a45cd89bcb8a0', events: '06164f5288ebd658', series: 'cf169bb065037de5' },
  'eu-pair-trade-1998': { digest: '3e9976e849d992cdd970ff120ddb3ad530045acf6310001593f22c1eabf57dbb', events: '74c7eebea48d3199', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: 'b026c2f1b7a9ff5772888832f4cfd8e2b25e8a5f483bbc01c9e0567ccf3acdd8', events: '126dde14f1992b89', series: '7458cd6d533c2c5c' },
  'mc-regime-breakdown-hedge': { digest: '256a418f34d5570a1fd8c86c2655f74b71142bf9632ef293472e6fa3eea7352b', events: 'cb57f5c4f46d99ee', series: 'd881d28a786b37fd' },
  'swx-stock-bond-hedge': { digest: 'f715d94fa6524468d9c1230bac5da22f41afd7279ef45ff18187e7e84394f8f8', events: 'd37f8a1ac6696133', series: '609846470b436c48' },
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

describe('bundled scenario outputs are byte-identical to the recorded ones', () => {
  it.each(Object.keys(golden))('%s', async (name) => {
    const out = mkdtempSync(join(tmpdir(), `xmargin-golden-${name}-`));
    try {
      // Run from the project root, as `xmargin run scenarios/<name>.json` does (the digest does not depend on it: see below).
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

describe('the digest does not depend on how the scenario path was typed', () => {
  it('a run from another folder with an absolute path gives the recorded digest', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xmargin-golden-elsewhere-'));
    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      await runScenarioFile(join(root, 'scenarios', 'eu-pair-trade-1998.json'), { out, threads: 1, progress: false });
      process.chdir(cwd);
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
      expect(result.digest).toBe(golden['eu-pair-trade-1998'].digest);
      expect(result.scenario.file).toBe('eu-pair-trade-1998.json');
      expect(result.data.file).toBe('../data/eustockmarkets.csv');
    } finally {
      process.chdir(cwd);
      rmSync(out, { recursive: true, force: true });
    }
  });
});
