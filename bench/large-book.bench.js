// A 100-asset book (issue 20): 100 assets × 2,500 daily steps (synthetic: one-factor GBM written by this
// bench), 50 long and 50 short positions, four modes (isolated, cross, parametric VaR, historical VaR L=250),
// EWMA 0.94. The whole process (`xmargin run`, reports included) is timed in fresh processes; the output folder's
// size and the process's peak RSS are measured. Targets: under 1.5 s, under 20 MB, under 300 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/index.js';
import { median } from './timing.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const ASSETS = 100;
const ROWS = 2500;

function writeData(dir) {
  const rng = new Rng(5, 0);
  const names = Array.from({ length: ASSETS }, (_, a) => `S${String(a).padStart(3, '0')}`);
  const price = new Float64Array(ASSETS).fill(100);
  const beta = Float64Array.from(names, (_, a) => 0.5 + (a % 7) / 10);
  const lines = [`date,${names.join(',')}`];
  let t = Date.UTC(2000, 0, 3);
  for (let row = 0; row < ROWS; row++) {
    while ([0, 6].includes(new Date(t).getUTCDay())) t += 86_400_000;
    const market = rng.nextGaussian();
    for (let a = 0; a < ASSETS; a++) price[a] *= Math.exp(0.012 * (beta[a] * market + 0.8 * rng.nextGaussian()) - 0.0001);
    lines.push(`${new Date(t).toISOString().slice(0, 10)},${Array.from(price, (p) => p.toFixed(4)).join(',')}`);
    t += 86_400_000;
  }
  writeFileSync(join(dir, 'large.csv'), `${lines.join('\n')}\n`);
  const positions = names.map((asset, a) => ({ asset, notional: a % 2 === 0 ? 1_000_000 : -1_000_000, leverage: 10, maintenanceRate: 0.05 }));
  const scenario = {
    name: 'large-book-100',
    data: { file: 'large.csv' },
    portfolio: { capital: 30_000_000, positions },
    correlation: { kind: 'ewma', lambda: 0.94 },
    margin: {
      horizonDays: 2,
      modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', name: 'portfolio-var', method: 'parametric-var' }, { kind: 'portfolio', name: 'portfolio-hs', method: 'historical-var', lookback: 250 }],
    },
  };
  writeFileSync(join(dir, 'large.json'), JSON.stringify(scenario));
  return join(dir, 'large.json');
}

function folderBytes(dir) {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** One whole process under /usr/bin/time-like accounting: wall time from here, peak RSS from the child. */
function runOnce(file, out, extra) {
  const start = performance.now();
  const child = spawnSync(process.execPath, [join(root, 'bin/xmargin.js'), 'run', file, '--quiet', '--out', out, ...extra], { encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(child.stderr);
  return seconds;
}

/** Peak RSS (MiB) of one whole run, from GNU time (`/usr/bin/time -f %M`, KiB); null where it is missing. */
function peakRss(file, out) {
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/xmargin.js'), 'run', file, '--quiet', '--out', out], { encoding: 'utf8' });
  if (child.status !== 0) return null;
  return Number(child.stderr.trim().split('\n').pop()) / 1024;
}

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-large-'));
  const file = writeData(dir);
  const out = join(dir, 'out');
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${ASSETS} assets × ${ROWS} steps, 4 modes, EWMA 0.94; whole process, fresh each time`);
  runOnce(file, out, []); // warm the file cache
  const withReports = [];
  const bare = [];
  for (let i = 0; i < 5; i++) {
    withReports.push(runOnce(file, out, []));
    bare.push(runOnce(file, out, ['--no-report']));
  }
  runOnce(file, out, []);
  const bytes = folderBytes(out);
  const rss = peakRss(file, out);
  console.log(`  whole process with reports ${median(withReports).toFixed(2)} s (min ${Math.min(...withReports).toFixed(2)}), --no-report ${median(bare).toFixed(2)} s; target < 1.5 s: ${median(withReports) < 1.5 ? 'met' : 'NOT met'}`);
  console.log(`  output ${(bytes / 1e6).toFixed(1)} MB (${readdirSync(out).join(', ')}); target < 20 MB: ${bytes < 20e6 ? 'met' : 'NOT met'}`);
  console.log(rss === null ? '  peak RSS: skipped (/usr/bin/time is not installed)' : `  peak RSS of the run ${rss.toFixed(0)} MiB; target < 300 MB: ${rss < 300 ? 'met' : 'NOT met'}`);
}
