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
 *
 * Issue 19 changed every line once: events.csv gained the factor-attribution columns of `underfunded`
 * (standalone_covered, the volatility / correlation / implied-volatility parts, realised requirement,
 * residual, realised steps) and its causes follow the attribution; result.json gained the avoided-for-good
 * split, the formal (non-overlapping) coverage tests and the scenarios' `currency`; the Monte Carlo results
 * describe the median path by the portfolio mode's final equity instead of path 0 (hence their new series)
 * and hold the calibrated expectation, tail quantiles and implied-volatility cause. The historical series
 * did not change: the engine's numbers are the same.
 */
const golden: Record<string, { digest: string; events: string; series: string }> = {
  'dow30-long-short': { digest: '3d9ebad2213d634f5195746f13f20d9b0fe8d86046b3bfc4a641931b28357914', events: '8d142f6cd87559fe', series: '0aae82d866fc9802' },
  'eu-basket-venue-tiers': { digest: 'efa1217bbd076d05ed90e92fcf5d275967688c141c8be329f00b2fbb17ce8456', events: '3066ef9993d0451e', series: 'cf169bb065037de5' },
  'eu-pair-trade-1998': { digest: '6884e7223a98bd3f64499287990adcc7bb123694e6e50f6f14b6ee31b2ab3d50', events: '1799bf4bdb6c80e4', series: 'eb6c24598b901c6a' },
  'mc-jump-contagion': { digest: '8883cdbf129e934f6d4fed9edb107bb2a54e92eac2ec77b872c75f482618b1c5', events: 'bc1364d508ae190f', series: 'd7650ef1834f7c31' },
  'mc-regime-breakdown-hedge': { digest: '18ad0aa3d09af96de8533555c030d3062d90897841a53c005fb521705f749576', events: 'df77ac1b6e9d0136', series: '700f667dbeefa3d6' },
  'swx-stock-bond-hedge': { digest: 'f0ab1dd24d3c21956bcc15767cdcf4d0a83ce121cb7c02864a619ac525b31571', events: '5c0bc236cc7ec327', series: '609846470b436c48' },
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
