// Monte Carlo at scale: N paths × 252 steps × n assets through isolated, cross and parametric-VaR portfolio
// margin (EWMA estimator, GBM fitted to the Dow 30 history), on worker threads. Prints wall time, throughput in
// asset-steps per second per core, 1 → 2 thread scaling, the cost per asset count, and peak RSS.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { compileScenario, parseScenario, runMonteCarlo } from '../dist/index.js';

// The scenario file is only a location: data paths resolve relative to it.
const FILE = 'scenarios/bench-montecarlo.json';
const TICKERS = ['AA', 'AXP', 'T', 'BA', 'CAT', 'C', 'KO', 'DD', 'EK', 'XOM', 'GE', 'GM', 'HWP', 'HD', 'HON', 'INTC', 'IBM', 'IP', 'JPM', 'JNJ'];

/** A long/short book of `assets` Dow stocks, 1M notional each at 10x, capital = Σ initial margin × 1.5. */
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
      paths: { generator: { kind: 'gbm', fit: 'data' }, runs, seed: 1, steps: 252 },
    },
    FILE,
  );
}

async function measure(assets, runs, threads) {
  const compiled = compileScenario(benchScenario(assets, runs), FILE);
  const start = performance.now();
  const run = await runMonteCarlo(compiled, { threads, write: false, progress: false });
  const seconds = (performance.now() - start) / 1000;
  const assetSteps = runs * 252 * assets;
  return { seconds, perCore: assetSteps / seconds / threads, digest: run.result.digest, warmup: run.result.monteCarlo.warmupSteps };
}

function line(label, m) {
  console.log(`${label.padEnd(52)} ${m.seconds.toFixed(2).padStart(6)} s  ${(m.perCore / 1e6).toFixed(2).padStart(5)} M asset-steps/s/core`);
}

/** Peak RSS of a fresh process running `runs` paths (10 assets, 2 threads): one process per figure. */
function peakRss(runs) {
  const code = `
    import { compileScenario, runMonteCarlo } from './dist/index.js';
    import { benchScenario } from './bench/montecarlo.bench.js';
    const compiled = compileScenario(benchScenario(10, ${runs}), ${JSON.stringify(FILE)});
    await runMonteCarlo(compiled, { threads: 2, write: false, progress: false });
    process.stdout.write(String(process.resourceUsage().maxRSS));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return Number(child.stdout) / 1024;
}

export default async function () {
  console.log(`${availableParallelism()} cores; each path: warm-up on the history, then 252 synthetic steps; three margin modes`);
  await measure(10, 200, 2); // warm up the JIT and the worker start-up path
  const target = await measure(10, 10_000, 2);
  line('10,000 paths × 252 steps × 10 assets, 2 threads', target);
  console.log(`  target < 5 s on 2 cores: ${target.seconds < 5 ? 'met' : 'NOT met'} (warm-up ${target.warmup} history steps per path not counted in asset-steps)`);
  const one = await measure(10, 2_000, 1);
  const two = await measure(10, 2_000, 2);
  line('2,000 paths × 10 assets, 1 thread', one);
  line('2,000 paths × 10 assets, 2 threads', two);
  console.log(`  scaling 1 → 2 threads: ${(one.seconds / two.seconds).toFixed(2)}× (same digest: ${one.digest === two.digest})`);
  for (const assets of [2, 5, 10, 20]) line(`2,000 paths × ${assets} assets, 2 threads`, await measure(assets, 2_000, 2));
  for (const runs of [1_000, 10_000]) console.log(`peak RSS, ${runs.toLocaleString('en-US')} paths × 10 assets, 2 threads`.padEnd(52), `${peakRss(runs).toFixed(0).padStart(6)} MiB`);
}
