// Venue presets, liquidation prices and intrabar checks (issue 18): the bundled venue comparison in process
// and as a whole process, and what recording liquidation prices costs on the Dow 30 scenario.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { compileScenario, loadScenario, parseScenario, runCompiled } from '../dist/index.js';
import { time } from './timing.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function bench() {
  const file = join(root, 'scenarios/venues-spx-2008.json');
  const compiled = loadScenario(file);
  const engine = time(() => runCompiled(compiled, { write: false }), 7);
  const tmp = join(root, 'reports', '.bench-venues');
  const whole = time(() => execFileSync(process.execPath, [join(root, 'bin/xmargin.js'), 'run', file, '--quiet', '--out', tmp]), 5);
  console.log(`venues-spx-2008: 1 asset × ${compiled.frame.rows} rows, ${compiled.scenario.margin.modes.length} modes, intrabar checks, liquidation prices every step`);
  console.log(`  engine run (events, series)      ${engine.toFixed(1)} ms`);
  console.log(`  whole process incl. reports      ${whole.toFixed(0)} ms`);

  const dowFile = join(root, 'scenarios/dow30-long-short.json');
  const dow = JSON.parse(readFileSync(dowFile, 'utf8'));
  const variant = (series, modes) => compileScenario(parseScenario({ ...dow, series, margin: { ...dow.margin, modes: modes ?? dow.margin.modes } }, dowFile), dowFile);
  const parametric = dow.margin.modes.filter((m) => m.method === 'parametric-var');
  const runs = [variant(undefined), variant({ liquidationPrices: 'closed-form' }), variant({ liquidationPrices: true }, parametric), variant(undefined, parametric)];
  const [off, closed, searched, parametricOff] = runs.map((c, k) => time(() => runCompiled(c, { write: false }), k < 2 ? 5 : 3));
  console.log('dow30-long-short (30 positions × 2,529 rows), engine run in process:');
  console.log(`  liquidation prices off (default)           ${off.toFixed(0)} ms   (4 modes)`);
  console.log(`  "closed-form" (isolated and cross per step) ${closed.toFixed(0)} ms   (4 modes)`);
  console.log(`  true, parametric VaR alone (root searches) ${searched.toFixed(0)} ms   (without: ${parametricOff.toFixed(0)} ms)`);
}
