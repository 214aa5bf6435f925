import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
 * series did not change. Issue 19 recorded them once more: events.csv first (the attribution columns and
 * causes), then result.json (avoided for good, the formal tests, `currency`); historical series unchanged;
 * the Monte Carlo series changed because the representative path is now the median path.
 *
 * A change is allowed only on purpose: update the line, and say in the commit message which output
 * changed first and why.
 *
 * Issue 19 changed every line once: events.csv gained the factor-attribution columns of `underfunded`
 * (standalone_covered, the volatility / correlation / implied-volatility parts, realised requirement,
 * residual, realised steps) and its causes follow the attribution; result.json gained the avoided-for-good
 * split, the formal (non-overlapping) coverage tests and the scenarios' `currency`; the Monte Carlo results
 * describe the median path by the portfolio mode's final equity instead of path 0 (hence their new series)
 * and hold the calibrated expectation, tail quantiles and implied-volatility cause. The historical series
 * did not change: the engine's numbers are the same.
 *
 * Issue 20 (item 2) changed the two Monte Carlo lines once, and nothing else: the path generators draw their
 * normals by the ziggurat (`Rng.nextNormal`, ~2.5× cheaper) instead of the polar method, so every synthetic
 * path is another draw from the same distribution (events.csv and timeseries.arrow of the representative
 * path first, then every number of result.json); and result.json's `monteCarlo` gained `kernel` /
 * `kernelReason` (which engine tallied the paths). The block kernel itself changes no number: the equivalence
 * test (test/montecarlo/block-kernel-equivalence.test.ts) holds it to the general engine bit for bit.
 *
 * The historical re-colouring of the factor attribution became order-free (the symmetric optimal-transport
 * map instead of Cholesky factors in asset order): events.csv of the four scenarios with historical-VaR
 * exceedances changed in their volatility / correlation parts, realised requirement and residual (no cause
 * changed), then their result.json; series unchanged.
 */
const golden: Record<string, { digest: string; events: string; series: string }> = {
  'dow30-long-short': { digest: 'eeed17821fb65dff1930202b29ddaadedb944985f7de92f8ba32aa72f59c3915', events: '0e67e997b436d3aa', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: '62596e9f18cedfe4d371c36f68e4b107d2d15e63ed5f7c509e99a840bc840815', events: 'd035fc41e5547343', series: 'cf169bb065037de5' },
  'eu-pair-trade-1998': { digest: 'c369c1b5577a53a79aab42c59865c8ac16f48194627cde489cd2cba68308c76b', events: '8292d63e18d95155', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: '44d6b41281f420b6a083fafaf8430beeabd33fecefa81b100f4352825ee777cb', events: '7c2a48c940877873', series: 'a89e7b14ca42e0ab' },
  'mc-regime-breakdown-hedge': { digest: 'ac89075986fdb03fac4399a191cf372d8baec44eb8877e0ace5e6a9af41d231b', events: '0cf718cfca1e4e95', series: '0ac75ad955dd912e' },
  'swx-stock-bond-hedge': { digest: '720603acff0649d5caaed3e73bb19578194d4b78ce09ff3f5e2a6cd95a0b9517', events: '85e043f2a0ad4d6b', series: '609846470b436c48' },
  // Added with issue 18 (venue presets in modes, liquidation prices, intrabar checks).
  // result.json (only) recorded again when venue uses gained `afterNewest`: Binance's asOf 2024-03-01 is 27 days
  // after its newest snapshot (2024-02-03), taken as still in force; events and series unchanged.
  'venues-spx-2008': { digest: '4663c691b49df8ff5105a32f1faa7c044938c89b2e1fb766a4a252874d4f92de', events: '652c480fbb702f86', series: '02a4bb38fc3e0e1e' },
  // Added with issue 16 (option books): a short-put book over the 2018 volatility spike.
  'spx-short-vol-2018': { digest: '31bc301ce978c051a3aeb38ca76ce784990b3a7a5f1a69b387165fa18ee58482', events: 'c3041085974b59a9', series: '338305f91f3cdc8a' },
  // Added with issue 22 (add-ons, allocation, reverse stress).
  'eu-pair-trade-addons': { digest: '97056bb88229df7fbea4e59d0629855fa592970deaca988fdbf6921f9d07a72f', events: '37f8f52ad43082b3', series: '3a7c7c6cdc01bb39' },
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

describe('the digest does not depend on where the project lies', () => {
  // The scenarios and their data copied to another folder (as a clone elsewhere would hold them): every
  // historical scenario must give its recorded digest there too — no absolute path may reach result.json.
  it.each(Object.keys(golden).filter((name) => !name.startsWith('mc-')))('%s from a copy of scenarios/ and data/ elsewhere', async (name) => {
    const copy = mkdtempSync(join(tmpdir(), 'xmargin-golden-copy-'));
    try {
      cpSync(join(root, 'scenarios'), join(copy, 'scenarios'), { recursive: true });
      cpSync(join(root, 'data'), join(copy, 'data'), { recursive: true });
      await runScenarioFile(join(copy, 'scenarios', `${name}.json`), { out: join(copy, 'out'), threads: 1, progress: false });
      const text = readFileSync(join(copy, 'out', 'result.json'), 'utf8');
      expect(text).not.toContain(copy);
      expect(text).not.toContain(root);
      expect(JSON.parse(text).digest).toBe(golden[name].digest);
    } finally {
      rmSync(copy, { recursive: true, force: true });
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
