// The arithmetic floor of the Monte Carlo bench in JavaScript: the bench scenario's run written as one fused,
// scalar loop per path with nothing but the numbers it needs (issue 20's "≤ 0.5× numpy" target is measured
// against this). Same generator (`PathBlockRunner.paths.fill`, so the same draws), then per step exactly the
// engine's arithmetic in the engine's order:
//   log returns → EWMA recursion → volatilities and clamped correlations (while the portfolio pool, the only
//   reader of the estimate, is open) → isolated buckets (maintenance rate × |q·P|) → the cross pool (Σ
//   maintenance) → the portfolio pool (parametric VaR z·√h·√(netᵀρ net) with the cap, floor and add-on) →
//   full liquidation with a fee, bad debt → liquidations avoided → the h-step margin backtest;
// a path stops when every mode is closed, as the engine's lane does. What it leaves out is the engine's
// generality (books of any instrument, modes and methods from registries, partial liquidation, funding,
// per-step sums for the report), none of which this run's numbers need.
//
// `checkFloor` proves it is the same computation: per path, every mode's liquidation count, wipe-out, bad debt
// and final equity and every backtest tally equal `runPath`'s (counts exactly, money bit for bit).
import { MarginEngine, PathBlockRunner, compileScenario } from '../dist/index.js';
import { quadraticForm } from '../dist/margin/parametric-var.js';
import { cappedRequirement, keptCredit } from '../dist/margin/diversification.js';
import { normalQuantile } from '../dist/core/normal-quantile.js';
import { fileURLToPath } from 'node:url';
import { numpySpec } from './numpy-reference.js';

const FILE = 'scenarios/bench-montecarlo.json';

/** A fused per-path runner for the bench scenario's shape (`numpySpec` refuses any other). */
export function floorRunner(scenario, file) {
  const spec = numpySpec(scenario, file);
  const compiled = compileScenario(scenario, file);
  const runner = new PathBlockRunner(compiled);
  const t0 = new MarginEngine(compiled.makeSetup()).readyStep;
  const n = spec.assets.length;
  const P = spec.positions.length;
  const assetOf = Int32Array.from(scenario.portfolio.positions, (p) => spec.assets.indexOf(p.asset));
  const imRate = Float64Array.from(spec.positions, (p) => p.initialMarginRate);
  const mmRate = Float64Array.from(spec.positions, (p) => p.maintenanceRate);
  const notional = Float64Array.from(spec.positions, (p) => p.notional);
  const { lambda, capital, fee, horizonSteps: h } = spec;
  const weight = 1 - lambda;
  const scale = normalQuantile(spec.confidence) * Math.sqrt(h);
  const rules = { cap: spec.cap, floor: spec.floor, addOn: spec.addOn };
  const warmup = compiled.makeSetup().estimator.warmup;

  // The estimator's state at the opening (every path shares its history rows up to t0), as the engine warms up.
  const seed = new Float64Array(n * n);
  {
    const columns = runner.paths.fill(0);
    for (let t = 1, fed = 0; t <= t0; t++, fed++) {
      for (let i = 0; i < n; i++) {
        const ri = Math.log(columns[i][t] / columns[i][t - 1]);
        for (let j = i; j < n; j++) {
          const rj = Math.log(columns[j][t] / columns[j][t - 1]);
          const at = i * n + j;
          seed[at] = fed < warmup ? seed[at] + (ri * rj - seed[at]) / (fed + 1) : lambda * seed[at] + weight * ri * rj;
        }
      }
    }
  }
  const cov = new Float64Array(n * n);
  const rho = new Float64Array(n * n);
  const vol = new Float64Array(n);
  const r = new Float64Array(n);
  const net = new Float64Array(n);
  const q = new Float64Array(P);
  const entry = new Float64Array(P);
  const im = new Float64Array(P);
  // Per mode (0 isolated per position, 1 cross, 2 portfolio): open legs, exit values, pool fees and write-offs.
  const isoOpen = new Uint8Array(P);
  const isoExit = new Float64Array(P);
  const isoFees = new Float64Array(P);
  const isoWriteOff = new Float64Array(P);
  const isoEquity = new Float64Array(P);
  const poolExit = [new Float64Array(P), new Float64Array(P)];

  /** Path k: its outcome in the shape `checkFloor` compares. */
  function run(k) {
    const columns = runner.paths.fill(k);
    const last = columns[0].length - 1;
    cov.set(seed);
    correlationFrom();
    for (let p = 0; p < P; p++) {
      const price = columns[assetOf[p]][t0];
      q[p] = notional[p] / price;
      entry[p] = price;
      im[p] = Math.abs(q[p] * price) * imRate[p];
      isoOpen[p] = 1;
      isoFees[p] = 0;
      isoWriteOff[p] = 0;
    }
    let isoLeft = P;
    let isoLiq = 0, isoBad = 0;
    const poolOpen = [1, 1];
    const poolFees = [0, 0], poolWriteOff = [0, 0], poolEquity = [0, 0], poolLiq = [0, 0], poolBad = [0, 0];
    const requirement = [0, 0], standalone = [0, 0];
    const observations = [0, 0], exceedances = [0, 0], covered = [0, 0], avoided = [0, 0];
    for (let t = t0; t <= last; t++) {
      if (isoLeft === 0 && !poolOpen[0] && !poolOpen[1]) break;
      if (t > t0 && poolOpen[1]) {
        for (let a = 0; a < n; a++) r[a] = Math.log(columns[a][t] / columns[a][t - 1]);
        for (let i = 0; i < n; i++) {
          const ri = weight * r[i];
          for (let j = i; j < n; j++) cov[i * n + j] = lambda * cov[i * n + j] + ri * r[j];
        }
        correlationFrom();
      }
      // Isolated buckets.
      let isoHit = 0;
      for (let p = 0; p < P; p++) {
        if (!isoOpen[p]) continue;
        const v = columns[assetOf[p]][t];
        const equity = im[p] - isoFees[p] + isoWriteOff[p] + q[p] * (v - entry[p]);
        isoEquity[p] = equity;
        if (!(equity < Math.abs(q[p] * v) * mmRate[p])) continue;
        isoFees[p] += Math.abs(q[p] * v) * fee;
        isoOpen[p] = 0;
        isoExit[p] = v;
        isoLeft--;
        isoLiq++;
        isoHit |= 1 << p;
        const after = im[p] - isoFees[p] + isoWriteOff[p] + q[p] * (v - entry[p]);
        if (after < 0) {
          isoBad += -after;
          isoWriteOff[p] += -after;
          isoEquity[p] = 0;
        } else isoEquity[p] = after;
      }
      // The two shared pools.
      for (let m = 0; m < 2; m++) {
        if (!poolOpen[m]) continue;
        let equity = capital - poolFees[m] + poolWriteOff[m];
        for (let p = 0; p < P; p++) equity += q[p] * (columns[assetOf[p]][t] - entry[p]);
        poolEquity[m] = equity;
        if (m === 0) {
          let sum = 0;
          for (let p = 0; p < P; p++) sum += Math.abs(q[p] * columns[assetOf[p]][t]) * mmRate[p];
          requirement[0] = sum;
          standalone[0] = sum;
        } else {
          net.fill(0);
          let standaloneSum = 0, gross = 0;
          for (let p = 0; p < P; p++) {
            const a = assetOf[p];
            const e = q[p] * columns[a][t];
            const s = scale * vol[a] * Math.abs(e);
            standaloneSum += s;
            gross += Math.abs(e);
            net[a] += e * vol[a];
          }
          const quad = quadraticForm(rho, 0, net, n);
          const diversified = scale * Math.sqrt(quad > 0 ? quad : 0);
          requirement[1] = cappedRequirement(standaloneSum, keptCredit(standaloneSum, diversified, rules), gross, rules);
          standalone[1] = standaloneSum;
        }
        if (!(equity < requirement[m])) continue;
        for (let p = 0; p < P; p++) {
          const v = columns[assetOf[p]][t];
          poolFees[m] += Math.abs(q[p] * v) * fee;
          poolExit[m][p] = v;
        }
        poolOpen[m] = 0;
        poolLiq[m]++;
        let after = capital - poolFees[m] + poolWriteOff[m];
        for (let p = 0; p < P; p++) after += q[p] * (poolExit[m][p] - entry[p]);
        if (after < 0) {
          poolBad[m] += -after;
          poolWriteOff[m] += -after;
          poolEquity[m] = 0;
        } else poolEquity[m] = after;
      }
      if (isoHit) for (let m = 0; m < 2; m++) if (poolOpen[m]) for (let p = 0; p < P; p++) if (isoHit & (1 << p)) avoided[m]++;
      // The margin backtest of the pools still open.
      if (t + h <= last) {
        for (let m = 0; m < 2; m++) {
          if (!poolOpen[m]) continue;
          let loss = 0;
          for (let p = 0; p < P; p++) {
            const a = assetOf[p];
            loss += -q[p] * (columns[a][t + h] - columns[a][t]);
          }
          observations[m]++;
          if (loss <= requirement[m]) continue;
          exceedances[m]++;
          if (loss <= standalone[m]) covered[m]++;
        }
      }
    }
    // Idle cash (capital less the margin the buckets took), then each bucket's equity, as the ledger sums.
    let allocated = 0;
    for (let p = 0; p < P; p++) allocated += im[p];
    let isoFinal = capital - allocated;
    for (let p = 0; p < P; p++) isoFinal += isoEquity[p];
    return {
      liquidations: [isoLiq, poolLiq[0], poolLiq[1]],
      wipedOut: [isoLeft === 0, !poolOpen[0], !poolOpen[1]],
      badDebt: [isoBad, poolBad[0], poolBad[1]],
      finalEquity: [isoFinal, poolEquity[0], poolEquity[1]],
      observations,
      exceedances,
      covered,
      avoided,
    };
  }

  /** Volatilities and clamped correlations from the covariance's upper triangle (`ewmaCorrelationFrom`). */
  function correlationFrom() {
    for (let i = 0; i < n; i++) vol[i] = Math.sqrt(cov[i * n + i]);
    for (let i = 0; i < n; i++) {
      rho[i * n + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const s = vol[i] * vol[j];
        const x = s > 0 ? cov[i * n + j] / s : 0;
        const v = x > 1 ? 1 : x < -1 ? -1 : x;
        rho[i * n + j] = v;
        rho[j * n + i] = v;
      }
    }
  }

  return { run, runner };
}

/** Paths 0 … count − 1 through the floor and through the engine (`runPath`): the differences, if any. */
export function checkFloor(scenario, file, count) {
  const floor = floorRunner(scenario, file);
  const mismatches = [];
  let compared = 0;
  for (let k = 0; k < count; k++) {
    const f = floor.run(k);
    const o = floor.runner.runPath(k, false);
    const same = (what, x, y) => {
      compared++;
      if (!Object.is(x, y)) mismatches.push(`path ${k} ${what}: engine ${x}, floor ${y}`);
    };
    o.modes.forEach((m, i) => {
      same(`${m.name} liquidations`, m.liquidations, f.liquidations[i]);
      same(`${m.name} wiped out`, m.wipedOut, f.wipedOut[i]);
      same(`${m.name} bad debt`, m.badDebt, f.badDebt[i]);
      same(`${m.name} final equity`, m.finalEquity, f.finalEquity[i]);
    });
    o.coverage.forEach((c, j) => {
      same(`${c.mode} observations`, c.observations, f.observations[j]);
      same(`${c.mode} exceedances`, c.exceedances, f.exceedances[j]);
      same(`${c.mode} standalone-covered`, c.standaloneCovered, f.covered[j]);
      same(`${c.mode} avoided`, o.avoided[j].count, f.avoided[j]);
    });
  }
  return { compared, mismatches };
}

/** CPU seconds of the floor over `runs` paths in this process (the generator's time included). */
export function timeFloor(scenario, file, runs) {
  const floor = floorRunner(scenario, file);
  let tally = 0;
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < runs; k++) tally += floor.run(k).liquidations[2];
  const cpu = process.cpuUsage(cpu0);
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6, portfolioLiquidations: tally };
}

// Child process (`node bench/montecarlo-floor.js <assets> <runs> <checked>`): the check on the first paths, then
// the timed run in the same fresh process, printed as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { benchScenario } = await import('./montecarlo.bench.js');
  const [assets, runs, checked] = process.argv.slice(2).map(Number);
  const timed = timeFloor(benchScenario(assets, runs), FILE, runs);
  const check = checkFloor(benchScenario(assets, checked), FILE, checked);
  process.stdout.write(JSON.stringify({ ...timed, checked, compared: check.compared, mismatches: check.mismatches.slice(0, 5), mismatchCount: check.mismatches.length }));
}
