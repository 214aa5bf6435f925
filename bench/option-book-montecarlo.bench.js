// Monte Carlo of an option book (issue 16; the span-16 variant: issue 17): 10 options on 2 underlyings (short and long puts and calls at
// several strikes, rolled at expiry) plus a delta hedge per underlying, isolated + cross + parametric-VaR
// portfolio margin, 10,000 paths × 252 steps, implied volatility generated with the prices (log-OU fitted to
// the history). The history is synthetic (written by this bench: two GBM assets with log-OU implied vols), so
// the bench needs no data it does not make. Each figure is a fresh process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, normalCdf, parseScenario, runMonteCarlo, Rng } from '../dist/index.js';
import { median } from './timing.js';

const STEPS = 252;

/** 600 business days of two assets and their implied volatilities (points), GBM and log-OU. */
function writeHistory(dir) {
  const rng = new Rng(11, 0);
  const lines = ['date,A,B,A_IV,B_IV'];
  let t = Date.UTC(2015, 0, 2);
  const price = [3000, 1500];
  const logVol = [Math.log(0.18), Math.log(0.25)];
  for (let i = 0; i < 600; i++) {
    while ([0, 6].includes(new Date(t).getUTCDay())) t += 86_400_000;
    for (let a = 0; a < 2; a++) {
      const z = rng.nextGaussian();
      const vol = Math.exp(logVol[a]);
      price[a] *= Math.exp(-0.5 * (vol * vol) / 252 + (vol / Math.sqrt(252)) * z);
      logVol[a] += 6 / 252 * (Math.log(a === 0 ? 0.18 : 0.25) - logVol[a]) + (1.1 / Math.sqrt(252)) * (-0.7 * z + Math.sqrt(1 - 0.49) * rng.nextGaussian());
    }
    lines.push(`${new Date(t).toISOString().slice(0, 10)},${price[0].toFixed(4)},${price[1].toFixed(4)},${(100 * Math.exp(logVol[0])).toFixed(4)},${(100 * Math.exp(logVol[1])).toFixed(4)}`);
    t += 86_400_000;
  }
  const file = join(dir, 'history.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The margin modes of the two variants: issue 16's (parametric VaR), issue 17's (the span-16 scenario grid). */
const MODES = {
  'parametric-var': [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'parametric-var' }],
  'span-16': [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', name: 'span-16', method: 'scenario-grid', preset: 'span-16', priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05 }, cap: 1 }],
};

/** The book: per underlying five options rolled at expiry and one delta hedge of them. */
export function optionBenchScenario(dir, runs, variant = 'parametric-var') {
  const data = writeHistory(dir);
  const legs = [
    { right: 'put', strikePct: 0.95, tenorDays: 30, quantity: -20 },
    { right: 'put', strikePct: 0.9, tenorDays: 60, quantity: -10 },
    { right: 'call', strikePct: 1.05, tenorDays: 30, quantity: -15 },
    { right: 'put', strikePct: 0.85, tenorDays: 30, quantity: 10 },
    { right: 'call', strikePct: 1.1, tenorDays: 45, quantity: 10 },
  ];
  const positions = ['A', 'B'].flatMap((asset) => [
    ...legs.map((l) => ({ asset, instrument: { kind: 'option', right: l.right, strikePct: l.strikePct, tenorDays: l.tenorDays, multiplier: 100 }, quantity: l.quantity, roll: 'expiry', group: `book-${asset}` })),
    { asset, hedge: { group: `book-${asset}` }, leverage: 10, maintenanceRate: 0.05 },
  ]);
  return parseScenario(
    {
      name: `bench-option-book-${variant}-${runs}`,
      data: { file: data },
      market: { rate: 0.02, impliedVol: { A: { column: 'A_IV', scale: 0.01 }, B: { column: 'B_IV', scale: 0.01 } } },
      portfolio: { capital: 5_000_000, positions },
      correlation: { kind: 'ewma', lambda: 0.94 },
      margin: { horizonDays: 2, modes: MODES[variant] },
      paths: { generator: { kind: 'gbm', fit: 'data' }, runs, seed: 3, steps: STEPS },
    },
    join(dir, 'scenario.json'),
  );
}

async function measureHere(runs, threads, variant) {
  // One folder for every run: result.json names the data file, so a new folder per run gave each run another digest.
  const dir = join(tmpdir(), 'xmargin-option-bench');
  mkdirSync(dir, { recursive: true });
  const compiled = compileScenario(optionBenchScenario(dir, runs, variant), join(dir, 'scenario.json'));
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const run = await runMonteCarlo(compiled, { threads, write: false, progress: false });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const mc = run.result.monteCarlo;
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    digest: run.result.digest,
    kernel: mc.kernel === 'block' ? 'block' : `general (${mc.kernelReason})`,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    liquidation: mc.modes.map((m) => `${m.name} ${(m.liquidationProbability * 100).toFixed(1)} %`).join(', '),
  };
}

function measure(runs, threads, variant = 'parametric-var') {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(runs), String(threads), variant], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

/**
 * A floor under any exact span-16 run of this book: ns per call of the barest Black–Scholes put value (one log,
 * two Φ with their exponentials, the discount factors taken as known), in a tight loop.
 */
function bareBlackScholesNs() {
  const N = 4_000_000;
  let acc = 0;
  const dq = Math.exp(-0.018 * 0.1);
  const dr = Math.exp(-0.015 * 0.1);
  const times = [];
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) {
      const S = 2700 * (1 + ((i & 15) - 8) * 0.01);
      const v = (0.2 + (i & 3) * 0.05) * Math.sqrt(0.1);
      const d1 = (Math.log(S / 2600) + 0.003 * 0.1) / v + 0.5 * v;
      acc += 2600 * dr * normalCdf(v - d1) - S * dq * normalCdf(-d1);
    }
    times.push(((performance.now() - t) / N) * 1e6);
  }
  if (!(acc > 0)) throw new Error('bare Black–Scholes loop');
  return Math.min(...times);
}

export default async function () {
  console.log(`${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; 10 options on 2 underlyings + 2 delta hedges, rolled at expiry, implied vol generated (log-OU), isolated + cross + parametric VaR; fresh processes`);
  const cpu = {};
  for (const variant of ['parametric-var', 'span-16']) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(measure(10_000, 2, variant));
    runs.forEach((m, i) =>
      console.log(`${variant}: 10,000 paths × 252 steps × 12 positions, 2 threads (${i + 1}) ${m.seconds.toFixed(2).padStart(6)} s wall  ${m.cpuSeconds.toFixed(2).padStart(6)} s CPU  RSS ${m.rssMiB.toFixed(0)} MiB`),
    );
    const wall = median(runs.map((m) => m.seconds));
    console.log(`  target < 10 s on 2 cores: ${wall < 10 ? 'met' : 'NOT met'} (median ${wall.toFixed(2)} s; same digest in all three: ${new Set(runs.map((m) => m.digest)).size === 1}); kernel: ${runs[0].kernel}; P(liquidation): ${runs[0].liquidation}`);
    cpu[variant] = median(runs.map((m) => m.cpuSeconds));
  }
  // The floor: span-16 revalues each of the 10 options under 16 scenarios every step, 10,000 × 252 × 160 calls.
  const ns = bareBlackScholesNs();
  const calls = 10_000 * STEPS * 160;
  const floor = (calls * ns) / 1e9 + cpu['parametric-var'];
  console.log(
    `  floor of an exact span-16 run: ${(calls / 1e6).toFixed(0)} M Black–Scholes revaluations × ${ns.toFixed(1)} ns (the barest put value, best of 3) = ${((calls * ns) / 1e9).toFixed(1)} CPU-s, ` +
      `plus the parametric-VaR variant (same book and paths, a cheap portfolio method: ${cpu['parametric-var'].toFixed(1)} CPU-s) = ${floor.toFixed(1)} CPU-s, at least ${(floor / 2).toFixed(1)} s on 2 cores`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [runs, threads] = process.argv.slice(2, 4).map(Number);
  process.stdout.write(JSON.stringify(await measureHere(runs, threads, process.argv[4] ?? 'parametric-var')));
}
