// The numpy reference of the Monte Carlo bench (bench/montecarlo_numpy.py), from Node: is it there, run it on a
// scenario, feed it xmargin's own paths (exact cross-check), and compare headline figures within Monte Carlo
// error. Python is never needed by the tests; without python3 + numpy the bench says so and skips this part.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MarginEngine, PathBlockRunner, compileScenario } from '../dist/index.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'montecarlo_numpy.py');
/** Paths per numpy block (the fastest of 250 / 500 / 1,000 / 2,000 / 5,000 on the bench machine; see README). */
export const NUMPY_BLOCK = 1000;
/** One BLAS thread: the reference is single-threaded and vectorised; CPU seconds count every thread anyway. */
const ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** `{ ok: true }` when `python3 -c "import numpy"` works, else why not. */
export function numpyAvailable() {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', env: ENV });
  if (probe.error) return { ok: false, reason: `python3 not found (${probe.error.code}); install python3 and numpy to compare` };
  if (probe.status !== 0) return { ok: false, reason: 'python3 has no numpy (pip install numpy, or apt-get install python3-numpy)' };
  return { ok: true, version: probe.stdout.trim() };
}

/**
 * The spec the Python script reads, from the parsed scenario and what xmargin compiles from it (data file,
 * horizon in steps, warm-up). The reference implements only the bench's shape; anything else is refused.
 */
export function numpySpec(scenario, file, block = NUMPY_BLOCK) {
  const compiled = compileScenario(scenario, file);
  const { correlation, margin, liquidation, fees, paths, portfolio } = scenario;
  const kinds = margin.modes.map((m) => (m.kind === 'portfolio' ? `portfolio:${m.method}` : m.kind)).join(',');
  const supported =
    correlation.kind === 'ewma' && paths?.generator.kind === 'gbm' && paths.generator.fit === 'data' && Object.keys(paths.generator).length === 2 &&
    kinds === 'isolated,cross,portfolio:parametric-var' && liquidation.policy === 'full' && fees.open === 0 && fees.fundingPerYear === 0 &&
    portfolio.positions.every((p) => p.notional !== undefined && p.maintenanceRate !== undefined) && scenario.overlays.length === 0 &&
    new Set(portfolio.positions.map((p) => p.asset)).size === portfolio.positions.length;
  if (!supported) throw new Error(`the numpy reference implements only the bench scenario's shape, not ${scenario.name}`);
  const pm = margin.modes[2];
  return {
    dataFile: compiled.dataFile,
    from: scenario.data.from ?? '0000',
    assets: compiled.frame.assets,
    positions: portfolio.positions.map((p) => ({ notional: p.notional, initialMarginRate: p.initialMarginRate ?? 1 / p.leverage, maintenanceRate: p.maintenanceRate })),
    capital: portfolio.capital,
    lambda: correlation.lambda,
    warmup: new MarginEngine(compiled.makeSetup()).readyStep,
    horizonSteps: compiled.horizonSteps,
    confidence: margin.confidence,
    cap: pm.cap,
    floor: pm.floor,
    addOn: pm.addOn,
    fee: liquidation.fee,
    steps: paths.steps,
    runs: paths.runs,
    seed: paths.seed,
    block,
  };
}

function python(args) {
  const child = spawnSync('python3', [SCRIPT, ...args], { encoding: 'utf8', env: ENV, maxBuffer: 1 << 28 });
  if (child.status !== 0) throw new Error(`bench/montecarlo_numpy.py failed: ${child.stderr || child.error}`);
  return JSON.parse(child.stdout);
}

/** Simulate the scenario's runs in numpy: CPU and wall seconds, the headline summary. */
export function runNumpy(scenario, file, block = NUMPY_BLOCK) {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-numpy-'));
  try {
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(numpySpec(scenario, file, block)));
    return { ...python([specFile]), block };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The exact cross-check: xmargin's own paths 0 … count − 1 (history warm-up rows included) go through the
 * numpy kernel, and every per-path outcome is compared with xmargin's engine on the same path: counts exactly,
 * bad debt and final equity to 1e-9 relative (the two sum in different orders). Returns the differences.
 */
export function crossCheckPaths(scenario, file, count) {
  const spec = numpySpec(scenario, file);
  const runner = new PathBlockRunner(compileScenario(scenario, file));
  const n = spec.assets.length;
  const rows = runner.paths.time.length;
  const prices = new Float64Array(count * rows * n);
  const outcomes = [];
  for (let k = 0; k < count; k++) {
    const columns = runner.paths.fill(k);
    for (let t = 0; t < rows; t++) for (let a = 0; a < n; a++) prices[(k * rows + t) * n + a] = columns[a][t];
    outcomes.push(runner.runPath(k, false));
  }
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-numpy-'));
  let numpy;
  try {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    writeFileSync(join(dir, 'paths.f64'), new Uint8Array(prices.buffer));
    numpy = python([join(dir, 'spec.json'), '--paths', join(dir, 'paths.f64')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mismatches = [];
  let compared = 0;
  const same = (what, k, x, y, exact) => {
    compared++;
    const ok = exact ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
    if (!ok) mismatches.push(`path ${k} ${what}: xmargin ${x}, numpy ${y}`);
  };
  outcomes.forEach((o, k) => {
    o.modes.forEach((m, i) => {
      same(`${m.name} liquidations`, k, m.liquidations, numpy.liquidations[i][k], true);
      same(`${m.name} wiped out`, k, m.wipedOut ? 1 : 0, numpy.wipedOut[i][k], true);
      same(`${m.name} bad debt`, k, m.badDebt, numpy.badDebt[i][k], false);
      same(`${m.name} final equity`, k, m.finalEquity, numpy.finalEquity[i][k], false);
    });
    o.coverage.forEach((c, j) => {
      same(`${c.mode} observations`, k, c.observations, numpy.observations[j][k], true);
      same(`${c.mode} exceedances`, k, c.exceedances, numpy.exceedances[j][k], true);
      same(`${c.mode} exceedances the standalone sum covers`, k, c.standaloneCovered, numpy.breakdown[j][k], true);
      same(`${c.mode} liquidations avoided`, k, o.avoided[j].count, numpy.avoided[j][k], true);
    });
  });
  return { paths: count, compared, mismatches };
}

/**
 * xmargin's `result.monteCarlo` against the numpy summary, figure by figure, each with its z statistic:
 * shares of paths by the two-proportion z-test with the pooled proportion (equal shares, also 0 or 1, give
 * z = 0); the pooled exceedance rate by the difference over √(se_numpy² + se_xmargin²), where the standard
 * error is clustered by path (a path's exceedances are not independent) and xmargin's is taken from numpy's
 * per-path spread scaled to xmargin's path count (under the null hypothesis the per-path laws are the same);
 * the mean final equity likewise with numpy's standard deviation.
 */
export function compareHeadlines(mc, numpy) {
  const n1 = mc.runs;
  const n2 = numpy.runs;
  const rows = [];
  const proportion = (label, p1, count2) => {
    const x1 = Math.round(p1 * n1);
    const p2 = count2 / n2;
    const pooled = (x1 + count2) / (n1 + n2);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    rows.push({ label, xmargin: pct(p1), numpy: pct(p2), z: se > 0 ? (p1 - p2) / se : 0 });
  };
  mc.modes.forEach((m, i) => {
    const r = numpy.modes[i];
    proportion(`P(liquidation) ${m.name}`, m.liquidationProbability, r.liquidation);
    proportion(`P(wipe-out) ${m.name}`, m.wipedOutProbability, r.wipedOut);
    proportion(`P(bad debt) ${m.name}`, m.badDebtProbability, r.badDebt);
    const se = r.finalEquitySd * Math.sqrt(1 / n1 + 1 / n2);
    rows.push({ label: `mean final equity ${m.name}`, xmargin: m.finalEquity.mean.toFixed(0), numpy: r.finalEquityMean.toFixed(0), z: se > 0 ? (m.finalEquity.mean - r.finalEquityMean) / se : 0 });
  });
  mc.underfunding.forEach((u, j) => {
    const r = numpy.cross[j];
    proportion(`P(underfunded) ${u.mode}`, u.probability, r.underfunded);
    // numpy's "breakdown" is an exceedance within the standalone sum (L ≤ S): xmargin's standalone-covered count
    // since issue 19 (whose correlation-breakdown cause is the factor attribution, which numpy does not compute).
    if (u.standaloneCoveredProbability > 0 || r.breakdown > 0) proportion(`P(standalone covered) ${u.mode}`, u.standaloneCoveredProbability, r.breakdown);
    const se = r.exceedanceRateSe * Math.sqrt(1 + n2 / n1);
    rows.push({ label: `exceedance rate ${u.mode}`, xmargin: pct(u.exceedanceRate, 4), numpy: pct(r.exceedanceRate, 4), z: se > 0 ? (u.exceedanceRate - r.exceedanceRate) / se : 0 });
    proportion(`P(liquidation avoided) ${u.mode}`, mc.avoided[j].probability, r.avoided);
  });
  return rows;
}

function pct(x, digits = 2) {
  return `${(100 * x).toFixed(digits)}%`;
}
