// Calibration: wall time of the default grid (11 configurations × 21 books = 231 engine runs) on the default
// scenario, each measurement in a fresh process (cold modules and JIT, as a user's `xmargin calibrate` is),
// alternating thread counts; medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { median } from './timing.js';

const SCENARIO = 'scenarios/eu-pair-trade-1998.json';
const entry = new URL('../dist/index.js', import.meta.url).href;
const REPEATS = 3;

/** One calibration in a child process: wall time of runCalibration (outputs written to a temp folder) and CPU. */
function measure(threads) {
  const code = `
    import { mkdtempSync, rmSync } from 'node:fs';
    import { tmpdir } from 'node:os';
    import { join } from 'node:path';
    const { runCalibration } = await import(${JSON.stringify(entry)});
    const out = mkdtempSync(join(tmpdir(), 'xmargin-bench-calibrate-'));
    const cpu = process.cpuUsage();
    const start = performance.now();
    const run = await runCalibration(${JSON.stringify(SCENARIO)}, { threads: ${threads}, out });
    const total = performance.now() - start;
    const used = process.cpuUsage(cpu);
    rmSync(out, { recursive: true, force: true });
    console.log(JSON.stringify({ total, evaluating: run.wallMs, cpu: (used.user + used.system) / 1000, digest: run.result.digest }));`;
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  // A script file, not --eval: worker threads inherit the parent's execArgv.
  const dir = mkdtempSync(join(os.tmpdir(), 'xmargin-bench-'));
  const script = join(dir, 'calibrate.mjs');
  writeFileSync(script, code);
  const child = spawnSync(process.execPath, [script], { cwd, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

export default async function () {
  const cores = os.availableParallelism();
  const counts = [...new Set([1, 2, cores])];
  const runs = new Map(counts.map((t) => [t, []]));
  for (let r = 0; r < REPEATS; r++) for (const t of counts) runs.get(t).push(measure(t));
  const digests = new Set();
  for (const t of counts) {
    const m = runs.get(t);
    m.forEach((x) => digests.add(x.digest));
    const evaluating = median(m.map((x) => x.evaluating));
    console.log(`default grid, eu-pair-trade-1998, 20 books, ${t} thread${t > 1 ? 's' : ' '}`.padEnd(58) +
      ` ${(median(m.map((x) => x.total)) / 1000).toFixed(2)} s total, ${(evaluating / 1000).toFixed(2)} s evaluating` +
      ` (${(231 / (evaluating / 1000)).toFixed(0)} runs/s), ${(median(m.map((x) => x.cpu)) / 1000).toFixed(2)} s CPU  [median of ${REPEATS}, load ${os.loadavg()[0].toFixed(1)}]`);
  }
  console.log(`one digest across thread counts: ${digests.size === 1}`);
}
