// Risk-surface margin (issue 17): the per-step cost of the span-16 grid and of full-revaluation historical
// VaR on option books run through MarginEngine, and the projection to the Monte Carlo target
// (10,000 paths × 252 steps of a 10-option book on 2 underlyings, all modes, on the 2-core machine); and
// full-revaluation HS-VaR on a 1,250-step S&P-like option book (target: under 1 s of engine time). Paths are
// built here (seeded, deterministic), not read: the Monte Carlo paths with implied volatility are the lead's.
import {
  MarginEngine,
  instrumentKinds,
  loadGridPreset,
  maintenanceSum,
  notionalMarginRule,
  scenarioGrid,
  historicalSimulation,
  greeksMargin,
  createEstimator,
  readAlignedPriceFiles,
  compileScenario,
  parseScenario,
  runCompiled,
} from '../dist/index.js';
import { readFileSync } from 'node:fs';

const DAY = 86_400_000;

/** A seeded uniform generator (mulberry32), so every run of the bench values the same paths. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng) {
  const u = Math.max(rng(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * `rows` daily steps of `assets` correlated (ρ = 0.7) prices with a mean-reverting log-volatility each
 * (volatility 0.10–0.60 around `vol0`, correlated −0.7 with its price): an S&P-like path and its VIX.
 */
function syntheticPath(rows, starts, vol0, seed) {
  const rng = random(seed);
  const n = starts.length;
  const columns = starts.map(() => new Float64Array(rows));
  const vols = starts.map(() => new Float64Array(rows));
  const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2015, 0, 2) + t * DAY);
  const dt = 1 / 252;
  const lnVol = starts.map((_, a) => Math.log(vol0[a]));
  starts.forEach((s, a) => { columns[a][0] = s; vols[a][0] = vol0[a]; });
  for (let t = 1; t < rows; t++) {
    const common = normal(rng);
    for (let a = 0; a < n; a++) {
      const zs = 0.7 * common + Math.sqrt(1 - 0.49) * normal(rng);
      const zv = -0.7 * zs + Math.sqrt(1 - 0.49) * normal(rng);
      const sigma = Math.exp(lnVol[a]);
      columns[a][t] = columns[a][t - 1] * Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * zs);
      lnVol[a] += 5 * (Math.log(vol0[a]) - lnVol[a]) * dt + 1.2 * Math.sqrt(dt) * zv;
      lnVol[a] = Math.min(Math.max(lnVol[a], Math.log(0.1)), Math.log(0.6));
      vols[a][t] = Math.exp(lnVol[a]);
    }
  }
  return { time, columns, vols };
}

const option = (asset, underlying, right, strikePct, tenorDays, multiplier) =>
  instrumentKinds.require('option').build({ kind: 'option', right, strikePct, tenorDays, multiplier, model: 'black-scholes' }, { asset, underlying });

function position(instrument, quantity) {
  return { asset: instrument.asset, assetIndex: instrument.underlying, size: { quantity }, initialMarginRate: 0.15, maintenance: { kind: 'rate', rate: 0.1 }, instrument, margin: notionalMarginRule(0.15, { kind: 'rate', rate: 0.1 }) };
}

/** 10 options on 2 underlyings: a short-vol book (short puts and calls, some long wings), expiries beyond the path. */
function tenOptionBook() {
  const legs = [];
  const assets = [['SPX', 0, 10], ['NDX', 1, 4]];
  for (const [asset, a, m] of assets) {
    legs.push(position(option(asset, a, 'put', 0.9, 400, m), -10));
    legs.push(position(option(asset, a, 'put', 0.8, 400, m), 10));
    legs.push(position(option(asset, a, 'call', 1.1, 400, m), -10));
    legs.push(position(option(asset, a, 'call', 1.2, 400, m), 10));
    legs.push(position(option(asset, a, 'put', 0.95, 500, m), -5));
  }
  return legs;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall and CPU ms of `repeat` runs after five warm-up runs (V8 optimises the step loop). */
function timeRuns(fn, repeat) {
  for (let i = 0; i < 5; i++) fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < repeat; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function engineFor(assets, positions, modes, openStep, horizonSteps = 1) {
  return new MarginEngine({
    assets, positions, modes, estimator: createEstimator({ kind: 'ewma', lambda: 0.94 }, assets.length), capital: 1e9, horizonSteps,
    liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 }, openFeeRate: 0, fundingPerStep: 0, realisedWindow: 20, openStep,
    market: { rate: 0.02, carry: assets.map(() => 0.015) },
  });
}

export default async function bench() {
  const span = loadGridPreset('span-16').grid;
  const positions = tenOptionBook();
  const assets = ['SPX', 'NDX'];
  const P = positions.length;
  // As Monte Carlo paths run: tallies only, the estimator's warm-up restored from a checkpoint after the first path.
  const tally = { collectEvents: false, recordSeries: false, recordHits: false, reuseWarmup: true };

  // ── Monte Carlo shape: 252 steps after the book opens (plus 251 rows of history for HS with L = 250).
  const L = 250;
  const h = 1;
  const steps = 252;
  const history = L + h;
  const path = syntheticPath(history + steps, [2700, 7000], [0.15, 0.2], 17);
  const options = { ...tally, impliedVol: path.vols };
  const base = [
    { name: 'isolated', kind: 'isolated', method: maintenanceSum() },
    { name: 'cross', kind: 'cross', method: maintenanceSum() },
  ];
  const ctx = { horizonSteps: h, assets: 2, positions: P, assetNames: assets, rules: { cap: 0.8, floor: 0, addOn: 0 } };
  const spanMode = () => ({ name: 'span-16', kind: 'portfolio', method: scenarioGrid({ ...ctx, grid: { ...span, priceScan: { sigmas: 3 }, volatilityScan: { relative: 0.25 } }, name: 'span-16', combine: 'sum' }) });
  const deribitGrid = loadGridPreset('deribit-pm').grid;
  const deribitMode = () => ({ name: 'deribit-pm', kind: 'portfolio', method: scenarioGrid({ ...ctx, grid: { ...deribitGrid, movesWeight: 0.1 }, name: 'deribit-pm', combine: 'sum' }) });
  const hsMode = () => ({ name: 'hs', kind: 'portfolio', method: historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: h, lookback: L, positions: P, rules: ctx.rules }) });
  const greeksMode = () => ({ name: 'greeks', kind: 'portfolio', method: greeksMargin({ confidence: 0.99, horizonSteps: h, assets: 2, positions: P, volatilityShock: 0.05, rules: ctx.rules }) });
  const configurations = [
    ['isolated + cross (the marks)', () => base],
    ['+ span-16 (16 scenarios)', () => [...base, spanMode()]],
    ['+ deribit-pm (27 + 8 scenarios)', () => [...base, deribitMode()]],
    ['+ greeks (4 revaluation corners)', () => [...base, greeksMode()]],
    ['+ historical VaR, full revaluation (L = 250)', () => [...base, hsMode()]],
    ['all: span-16, deribit-pm, greeks, HS full', () => [...base, spanMode(), deribitMode(), greeksMode(), hsMode()]],
  ];
  console.log(`10-option book on 2 underlyings (${P} positions), ${steps} steps after the opening, tally-only runs (as Monte Carlo paths)`);
  const perStep = new Map();
  for (const [label, modes] of configurations) {
    const engine = engineFor(assets, positions, modes(), history, h);
    const t = timeRuns(() => engine.run(path.time, path.columns, options), 25);
    perStep.set(label, t.cpu / steps);
    console.log(`  ${label.padEnd(46)} ${(t.wall / steps * 1000).toFixed(1).padStart(8)} µs/step wall, ${(t.cpu / steps * 1000).toFixed(1).padStart(8)} µs/step CPU`);
  }
  const marks = perStep.get('isolated + cross (the marks)');
  const spanCost = perStep.get('+ span-16 (16 scenarios)') - marks;
  const hsCost = perStep.get('+ historical VaR, full revaluation (L = 250)') - marks;
  const spanRun = perStep.get('+ span-16 (16 scenarios)');
  console.log(`  span-16 alone: ${(spanCost * 1000).toFixed(1)} µs/step (${(spanCost * 1e6 / (16 * P)).toFixed(0)} ns per position-scenario); HS full revaluation alone: ${(hsCost * 1000).toFixed(1)} µs/step (${(hsCost * 1e6 / (L * P)).toFixed(0)} ns per position-scenario)`);
  const projection = (ms) => (10_000 * 252 * ms) / 1000 / 2;
  console.log(`  projected 10,000 paths × 252 steps on 2 threads, isolated + cross + span-16: ${projection(spanRun).toFixed(1)} s CPU-bound (target < 10 s; paths without implied volatility are the lead's)`);
  console.log(`  projected the same with every mode above: ${projection(perStep.get('all: span-16, deribit-pm, greeks, HS full')).toFixed(1)} s`);

  // ── Full-revaluation HS-VaR over 1,250 steps of an S&P-like book (target < 1 s of engine time).
  const long = syntheticPath(history + 1250, [2700], [0.15], 5);
  const spx = [position(option('SPX', 0, 'put', 0.95, 2000, 100), -10), position(option('SPX', 0, 'put', 0.85, 2000, 100), 10), position(option('SPX', 0, 'call', 1.05, 2000, 100), -5)];
  const hs = { name: 'hs', kind: 'portfolio', method: historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 2, lookback: L, positions: spx.length, rules: ctx.rules }) };
  const hsEngine = engineFor(['SPX'], spx, [{ name: 'cross', kind: 'cross', method: maintenanceSum() }, hs], history + 1, 2);
  const full = timeRuns(() => hsEngine.run(long.time, long.columns, { collectEvents: true, recordSeries: true, recordHits: true, impliedVol: long.vols }), 5);
  console.log(`S&P-like short-vol book (3 options), 1,250 steps after ${history + 1} rows of history, cross + HS-VaR full revaluation (L = 250, h = 2), events and series recorded:`);
  console.log(`  engine run ${full.wall.toFixed(0)} ms wall, ${full.cpu.toFixed(0)} ms CPU (target < 1,000 ms)`);

  // The same on the bundled S&P 500 closes and VIX (2014–2018): 1,257 rows, of which 252 are history.
  const aligned = readAlignedPriceFiles([{ file: 'data/sp500_ohlc.csv' }, { file: 'data/vix.csv', missing: 'drop' }]).frame;
  const close = aligned.column('close');
  const vix = Float64Array.from(aligned.column('VIX'), (x) => x / 100);
  const real = engineFor(['SPX'], spx, [{ name: 'cross', kind: 'cross', method: maintenanceSum() }, { ...hs, method: historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 2, lookback: L, positions: spx.length, rules: ctx.rules }) }], history + 1, 2);
  const bundled = timeRuns(() => real.run(aligned.time, [close], { collectEvents: true, recordSeries: true, recordHits: true, impliedVol: [vix] }), 5);
  console.log(`  bundled S&P 500 + VIX, ${aligned.rows - history - 1} steps: ${bundled.wall.toFixed(0)} ms wall, ${bundled.cpu.toFixed(0)} ms CPU`);

  // The bundled scenario itself (scenarios/spx-short-vol-2018.json): compiled once per run, the engine timed.
  const file = 'scenarios/spx-short-vol-2018.json';
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  for (const [label, modes] of [['every mode (6)', raw.margin.modes], ['cross + portfolio-hs (full revaluation)', raw.margin.modes.filter((m) => m.name === 'cross' || m.name === 'portfolio-hs')]]) {
    const compiled = () => compileScenario(parseScenario({ ...raw, margin: { ...raw.margin, modes } }, file), file);
    const t = timeRuns(() => runCompiled(compiled(), { write: false }), 5);
    console.log(`  ${file}, ${label}: ${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU per run (compile included; target < 1,000 ms)`);
  }
}
