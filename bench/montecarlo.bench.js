// Monte Carlo at scale: N paths × 252 steps × n assets through isolated, cross and parametric-VaR portfolio
// margin (EWMA estimator, GBM fitted to the Dow 30 history), on worker threads. Prints wall time, throughput in
// asset-steps per second per core, 1 → 2 thread scaling, the cost per asset count, and peak RSS. Every figure
// comes from a fresh process (`node bench/montecarlo.bench.js <assets> <runs> <threads>`), so no run inherits
// another's optimised code or heap. Side by side with the numpy reference (bench/numpy-reference.js) when
// python3 with numpy is installed, and beside the arithmetic floor in JavaScript (bench/montecarlo-floor.js).
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { compileScenario, parseScenario, runMonteCarlo } from '../dist/index.js';
import { compareHeadlines, crossCheckPaths, numpyAvailable, runNumpy } from './numpy-reference.js';
import { median } from './timing.js';

// The scenario file is only a location: data paths resolve relative to it.
const FILE = 'scenarios/bench-montecarlo.json';
const TICKERS = ['AA', 'AXP', 'T', 'BA', 'CAT', 'C', 'KO', 'DD', 'EK', 'XOM', 'GE', 'GM', 'HWP', 'HD', 'HON', 'INTC', 'IBM', 'IP', 'JPM', 'JNJ'];
const STEPS = 252;

/** A long/short book of `assets` Dow stocks at 10x, capital 15 % of gross notional. */
export function benchScenario(assets, runs) {
  const positions = TICKERS.slice(0, assets).map((asset, i) => ({
    asset,
    notional: i % 2 === 0 ? 1_000_000 : -800_000,
    leverage: 10,
    maintenanceRate: 0.05,
  }));
  return parseScenario(
    {
      name: `bench-montecarlo-${assets}`,
      data: { file: '../data/dowjones30.csv', from: '1999-01-04' },
      portfolio: { capital: 0.15 * positions.reduce((s, p) => s + Math.abs(p.notional), 0), positions },
      correlation: { kind: 'ewma', lambda: 0.94 },
      margin: { horizonDays: 2, confidence: 0.99, modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'parametric-var' }] },
      paths: { generator: { kind: 'gbm', fit: 'data' }, runs, seed: 1, steps: STEPS },
    },
    FILE,
  );
}

/** One measurement in this process (the child side). */
async function measureHere(assets, runs, threads) {
  const compiled = compileScenario(benchScenario(assets, runs), FILE);
  const cpu0 = process.cpuUsage(); // process-wide: includes the worker threads
  const start = performance.now();
  const run = await runMonteCarlo(compiled, { threads, write: false, progress: false });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const total = process.cpuUsage();
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: (total.user + total.system) / 1e6,
    digest: run.result.digest,
    warmup: run.result.monteCarlo.warmupSteps,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    monteCarlo: run.result.monteCarlo,
  };
}

/** The JavaScript floor (bench/montecarlo-floor.js) in a fresh process: CPU seconds of `runs` paths, and its check on 300. */
function measureFloor(assets, runs) {
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./montecarlo-floor.js', import.meta.url)), String(assets), String(runs), '300'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

/** One measurement in a fresh process. */
function measure(assets, runs, threads) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), String(assets), String(runs), String(threads)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  const m = JSON.parse(child.stdout);
  const assetSteps = runs * STEPS * assets;
  return { ...m, perCore: assetSteps / m.seconds / threads, perCpu: assetSteps / m.cpuSeconds };
}

// Wall time and throughput per core; CPU time (every thread, V8's GC and compiler threads included) and
// throughput per CPU-second, which a shared, loaded machine inflates less than wall time.
function line(label, m) {
  console.log(
    `${label.padEnd(44)} ${m.seconds.toFixed(2).padStart(6)} s wall  ${(m.perCore / 1e6).toFixed(2).padStart(5)} M asset-steps/s/core` +
      `  | ${m.cpuSeconds.toFixed(2).padStart(6)} s CPU  ${(m.perCpu / 1e6).toFixed(2).padStart(5)} M/CPU-s  | RSS ${m.rssMiB.toFixed(0).padStart(4)} MiB`,
  );
}

export default async function () {
  console.log(`${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; GBM fitted to the Dow 30, EWMA 0.94, isolated + cross + parametric VaR; each figure a fresh process`);
  const numpy = numpyAvailable();
  const target = [];
  const reference = [];
  // xmargin and numpy alternate, so both see the same machine load.
  for (let i = 0; i < 3; i++) {
    target.push(measure(10, 10_000, 2));
    if (numpy.ok) reference.push(runNumpy(benchScenario(10, 10_000), FILE));
  }
  target.forEach((m, i) => line(`10,000 paths × 252 steps × 10 assets, 2 thr (${i + 1})`, m));
  const best = median(target.map((m) => m.seconds));
  console.log(`  kernel: ${target[0].monteCarlo.kernel}${target[0].monteCarlo.kernelReason ? ` (${target[0].monteCarlo.kernelReason})` : ''}`);
  console.log(`  target of issue 20: < 2.5 s wall on 2 quiet cores: ${best < 2.5 ? 'met' : 'NOT met'} (median ${best.toFixed(2)} s at this load; same digest in all three: ${new Set(target.map((m) => m.digest)).size === 1})`);
  console.log(`  (every path opens after the estimator's warm-up on ${target[0].warmup} history steps, replayed once per thread and restored on each path; not counted as asset-steps)`);
  const one = measure(10, 10_000, 1);
  line('10,000 paths × 10 assets, 1 thread', one);
  console.log(`  scaling 1 → 2 threads: ${(one.seconds / median(target.map((m) => m.seconds))).toFixed(2)}× (same digest: ${one.digest === target[0].digest})`);
  const floor = measureFloor(10, 10_000);
  console.log(
    `${'arithmetic floor in JavaScript, 1 thread'.padEnd(44)} ${''.padStart(6)}   ${floor.cpuSeconds.toFixed(2).padStart(6)} s CPU  (bench/montecarlo-floor.js: the same run fused into one scalar loop per path; ` +
      `${floor.mismatchCount === 0 ? `its outcomes equal the engine's bit for bit on the first ${floor.checked} paths` : `${floor.mismatchCount} differences from the engine, first: ${floor.mismatches[0]}`}); engine / floor ${(one.cpuSeconds / floor.cpuSeconds).toFixed(2)}×`,
  );
  if (!numpy.ok) {
    console.log(`numpy reference skipped: ${numpy.reason}`);
  } else {
    numpyReport(target, one, reference, floor);
    // The smaller run, where fixed costs (start-up of the worker, the representative path) weigh more.
    const small = { one: [], two: [], numpy: [] };
    for (let i = 0; i < 3; i++) {
      small.one.push(measure(10, 2_000, 1));
      small.two.push(measure(10, 2_000, 2));
      small.numpy.push(runNumpy(benchScenario(10, 2_000), FILE));
    }
    const cpu = (xs) => median(xs.map((m) => m.cpuSeconds));
    console.log(
      `  2,000 paths, CPU-s medians of 3: numpy ${cpu(small.numpy).toFixed(2)}; xmargin 1 thread ${cpu(small.one).toFixed(2)} (${(cpu(small.one) / cpu(small.numpy)).toFixed(2)}×), ` +
        `2 threads ${cpu(small.two).toFixed(2)} (${(cpu(small.two) / cpu(small.numpy)).toFixed(2)}×); wall 1 / 2 threads ${median(small.one.map((m) => m.seconds)).toFixed(2)} / ${median(small.two.map((m) => m.seconds)).toFixed(2)} s`,
    );
  }
  for (const assets of [2, 5, 10, 20]) line(`2,000 paths × ${assets} assets, 2 threads`, measure(assets, 2_000, 2));
  for (const runs of [1_000, 10_000, 30_000]) line(`peak RSS: ${runs.toLocaleString('en-US')} paths × 10 assets, 2 threads`, measure(10, runs, 2));
}

/** The numpy reference beside xmargin: CPU seconds and their ratio, the exact cross-check, the headline z-tests. */
function numpyReport(target, one, reference, floor) {
  console.log(`\nnumpy reference (bench/montecarlo_numpy.py, numpy ${reference[0].numpy}, blocks of ${reference[0].block} paths, one thread), same 10,000 × 252 × 10:`);
  reference.forEach((r, i) => {
    console.log(
      `${`numpy (${i + 1})`.padEnd(44)} ${r.wallSeconds.toFixed(2).padStart(6)} s wall  ${r.cpuSeconds.toFixed(2).padStart(6)} s CPU  (whole process ${r.processCpuSeconds.toFixed(2)} s CPU)  | RSS ${r.rssMiB.toFixed(0).padStart(4)} MiB`,
    );
  });
  const cpuNumpy = median(reference.map((r) => r.cpuSeconds));
  const cpu2 = median(target.map((m) => m.cpuSeconds));
  console.log(`  CPU seconds, medians: numpy ${cpuNumpy.toFixed(2)} s; xmargin 2 threads ${cpu2.toFixed(2)} s, 1 thread ${one.cpuSeconds.toFixed(2)} s`);
  console.log(`  xmargin / numpy CPU: ${(cpu2 / cpuNumpy).toFixed(2)}× on 2 threads, ${(one.cpuSeconds / cpuNumpy).toFixed(2)}× on 1 thread (target of issue 20: ≤ 0.5×)`);
  console.log(`  the JavaScript floor / numpy: ${(floor.cpuSeconds / cpuNumpy).toFixed(2)}× (the ≤ 0.5× target needs less CPU than the same arithmetic takes fused in one JavaScript loop)`);
  console.log(`  whole process CPU (start-up included): numpy ${median(reference.map((r) => r.processCpuSeconds)).toFixed(2)} s, xmargin 2 threads ${median(target.map((m) => m.processCpuSeconds)).toFixed(2)} s`);
  const check = crossCheckPaths(benchScenario(10, 500), FILE, 500);
  console.log(`  same paths, exact: xmargin's first ${check.paths} paths fed to the numpy kernel: ${check.mismatches.length === 0 ? 'every per-path outcome agrees' : `${check.mismatches.length} differences, first: ${check.mismatches[0]}`} (${check.compared} values; counts exact, money to 1e-9 relative)`);
  const rows = compareHeadlines(target[0].monteCarlo, reference[0].summary);
  console.log(`  headline agreement, independent streams (z-test, |z| ≤ 4: two-proportion for shares of paths; exceedance rate with a path-clustered standard error):`);
  for (const row of rows) {
    console.log(`    ${row.label.padEnd(44)} xmargin ${row.xmargin.padStart(8)}  numpy ${row.numpy.padStart(8)}  z ${row.z.toFixed(2).padStart(6)}  ${Math.abs(row.z) <= 4 ? 'agree' : 'DISAGREE'}`);
  }
  const bad = rows.filter((r) => !(Math.abs(r.z) <= 4));
  console.log(`  ${bad.length === 0 ? `all ${rows.length} headline figures agree within Monte Carlo error` : `${bad.length} of ${rows.length} figures disagree`}`);
}

// Child process: one measurement, printed as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [assets, runs, threads] = process.argv.slice(2).map(Number);
  process.stdout.write(JSON.stringify(await measureHere(assets, runs, threads)));
}
