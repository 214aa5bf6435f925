// Margin add-ons, margin per position and reverse stress: what they cost on top of a run.
// Target: a run with every add-on costs at most 3× the same run without them; margin allocation (a snapshot
// with P + 2 evaluations at every new peak of the requirement) at most 3× more; a reverse stress of a 30-asset
// book (three modes × 21 correlation shifts × ~80 evaluations) and a what-if finish well under a second.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, stressReverse, whatIf } from '../dist/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function median(label, repeats, fn) {
  fn(); // warm up
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(66)} ${m.toFixed(1)} ms (median of ${repeats})`);
  return m;
}

/** The Dow 30 book with a portfolio VaR and a historical VaR mode, with or without every add-on. */
function dowScenario(dir, withAddOns, allocation = false) {
  const base = JSON.parse(readFileSync(join(root, 'scenarios/dow30-long-short.json'), 'utf8'));
  base.data.file = resolve(root, 'data/dowjones30.csv');
  delete base.$schema;
  base.name = withAddOns ? (allocation ? 'dow30-allocation' : 'dow30-addons') : 'dow30-plain';
  const addOns = [
    { kind: 'correlation-break', blend: 0.2 },
    { kind: 'concentration', default: { threshold: 300000, halfSpread: 0.0005 } },
    { kind: 'anti-procyclicality', tool: 'buffer' },
    { kind: 'anti-procyclicality', tool: 'floor', history: 'available' },
  ];
  base.margin.modes = [
    { kind: 'cross' },
    { kind: 'portfolio', name: 'pvar', method: 'parametric-var', ...(withAddOns ? { addOns } : {}) },
    { kind: 'portfolio', name: 'hs', method: 'historical-var', lookback: 250, ...(withAddOns ? { addOns: addOns.slice(2) } : {}) },
  ];
  if (allocation) base.detectors = [{ kind: 'margin_allocation' }];
  const file = join(dir, `${base.name}.json`);
  writeFileSync(file, JSON.stringify(base));
  return file;
}

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-bench-tools-'));
  try {
    const pair = join(root, 'scenarios/eu-pair-trade-1998.json');
    const pairAddOns = join(root, 'scenarios/eu-pair-trade-addons.json');
    median('run eu-pair-trade-1998 (2 assets, 4 modes)', 9, () => runScenario(pair, { write: false }));
    median('run eu-pair-trade-addons (+2 modes with add-ons, allocation, reverse stress)', 9, () => runScenario(pairAddOns, { write: false }));
    const plain = dowScenario(dir, false);
    const tools = dowScenario(dir, true);
    const allocated = dowScenario(dir, true, true);
    const a = median('run Dow 30 (30 assets): cross, parametric and historical VaR', 5, () => runScenario(plain, { write: false }));
    const b = median('  … with correlation break (blend), concentration, buffer, floor', 5, () => runScenario(tools, { write: false }));
    const c = median('  … and margin allocation at the worst dates', 5, () => runScenario(allocated, { write: false }));
    console.log(`${'  add-ons / plain (target ≤ 3)'.padEnd(66)} ${(b / a).toFixed(2)}`);
    console.log(`${'  with allocation / add-ons (target ≤ 3)'.padEnd(66)} ${(c / b).toFixed(2)}`);
    median('stress-reverse Dow 30 at 1995-01-03 (3 modes, 21 shifts)', 3, () => stressReverse(plain, { at: '1995-01-03' }));
    median('whatif Dow 30 at 1995-01-03 (add one position)', 3, () => whatIf(plain, { at: '1995-01-03', add: [{ asset: 'IBM', notional: 1000000, leverage: 5, maintenanceRate: 0.08 }] }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
