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
  'dow30-long-short': { digest: '9735ff6c99695a7a5dcc84642ec1ed09a6b19b714fcbe9ccd369491321b4910e', events: 'e15ff89f4aeaff48', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: '8ca6146944027f36cd84e5b7295ed181b7cf380e022cf6795b9dd9abca8d38a8', events: 'f97e54b4eb7213bb', series: 'cf169bb065037de5' },
  'eu-pair-trade-1998': { digest: '449d226f5f86028e6e3c7d0cf165c2d05411d888e4a75104337d7cdca109607c', events: '148fa005181a44aa', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: 'd8425639213daa44673a0988a09fdb4a62d83be404032fd06d73881d94c162e6', events: '8e4e9df11aa380ba', series: '7458cd6d533c2c5c' },
  'mc-regime-breakdown-hedge': { digest: '492beb2b1e0a8bb8505a91f24e4a442f279613ffb9a572ca224706742aabf35b', events: '014decd8aaf98bc0', series: 'd881d28a786b37fd' },
  'swx-stock-bond-hedge': { digest: 'c3313a95cfec2ff9fbfe424550cadad393904f27a9b175fad3a5865b280307ca', events: '11dce58589ab30a6', series: '609846470b436c48' },
  // Added with issue 18 (venue presets in modes, liquidation prices, intrabar checks).
  'venues-spx-2008': { digest: '5bed3d50e22b86299882bb39baabbed566a6116ed7d03aefc5e6e5583c851660', events: '2af2e0e3956e24df', series: '02a4bb38fc3e0e1e' },
  // Added with issue 16 (option books): a short-put book over the 2018 volatility spike.
  'spx-short-vol-2018': { digest: '19b1224bd0bdf1d337c658b7a0503142221bffb8743101942e294779a170c6b0', events: '1e53a04de3654fc7', series: '338305f91f3cdc8a' },
  // Added with issue 22 (add-ons, allocation, reverse stress).
  'eu-pair-trade-addons': { digest: '9a4d579b300b177bbb1096b6f3f16476f2ef13be292ade1354b39c637ac8c6e8', events: 'dbe827a170ac5f11', series: '3a7c7c6cdc01bb39' },
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
