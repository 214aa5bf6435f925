// Engine benchmarks (issue #4): the Dow 30 scenario in-process and as a whole process, and rolling
// correlation of 30 assets over 2,500 days. Figures are medians of repeated runs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadScenario, runCompiled } from '../dist/index.js';
import { time } from './timing.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function bench() {
  const file = join(root, 'scenarios/dow30-long-short.json');
  const load = time(() => loadScenario(file), 5);
  const compiled = loadScenario(file);
  const steps = compiled.frame.rows;
  const engineOnly = time(() => runCompiled(compiled, { write: false }), 7);
  const tmp = join(root, 'reports', '.bench-dow30');
  const cli = (...extra) => () => execFileSync(process.execPath, [join(root, 'bin/xmargin.js'), 'run', file, '--quiet', '--out', tmp, ...extra]);
  const bare = time(cli('--no-report'), 7);
  const whole = time(cli(), 7);
  const startup = time(() => execFileSync(process.execPath, [join(root, 'bin/xmargin.js'), '--help']), 5);
  // Node's own start-up on this machine, for scale: the whole-process figures include it.
  const node = time(() => execFileSync(process.execPath, ['-e', '0']), 5);
  console.log(`dow30-long-short: ${compiled.frame.width} assets × ${steps} rows, 4 modes (isolated, cross, parametric VaR, historical VaR L=250)`);
  console.log(`  load + validate + read data      ${load.toFixed(1)} ms`);
  console.log(`  engine run (events, series)      ${engineOnly.toFixed(1)} ms   (${((steps * compiled.frame.width * 4) / engineOnly / 1000).toFixed(2)} M asset-mode-steps/s)`);
  console.log(`  node -e 0 (Node's own start-up)  ${node.toFixed(0)} ms`);
  console.log(`  xmargin --help (start-up)        ${startup.toFixed(0)} ms`);
  console.log(`  whole process, --no-report       ${bare.toFixed(0)} ms   (result.json, events.csv, timeseries.arrow)`);
  console.log(`  whole process incl. reports      ${whole.toFixed(0)} ms   (target < 1000 ms; + report.html with 11 SVG charts, report.md)`);
}
