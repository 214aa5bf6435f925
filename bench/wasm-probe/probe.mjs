#!/usr/bin/env node
// What the Monte Carlo kernel's arithmetic would cost in WebAssembly (issue 20's "≤ 0.5× numpy" question; see
// README "The block kernel"). Not part of `npm run bench`: it compiles the AssemblyScript sources next to it with
// `npx -p assemblyscript@0.28.20 asc` (downloaded on first use; the project does not depend on it), then
//   1. checks fdlibm's exp and log (fdlibm.ts: scalar, and two lanes at once with SIMD f64x2) against V8's
//      Math.exp / Math.log bit for bit on 5 × 2^20 × 8 inputs (ordinary, huge, tiny, subnormal, ±0, ±∞, NaN);
//   2. times them against Math.exp / Math.log on 25 M values;
//   3. checks the EWMA lane step (ewma.ts: log returns, recursion, volatilities, clamped correlations for 64
//      lanes of 10 assets) against the same JavaScript bit for bit, and times both over 1.6 M lane-steps.
// Usage: node bench/wasm-probe/probe.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'xmargin-wasm-probe-'));
function compile(name) {
  const args = ['--yes', '-p', 'assemblyscript@0.28.20', 'asc', join(here, `${name}.ts`), '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--enable', 'simd', '-o', join(out, `${name}.wasm`)];
  const child = spawnSync('npx', args, { encoding: 'utf8' });
  if (child.status !== 0) {
    console.log(`wasm probe skipped: could not compile ${name}.ts with AssemblyScript (${(child.stderr || String(child.error)).trim().split('\n')[0]})`);
    process.exit(0);
  }
  const memory = new WebAssembly.Memory({ initial: 1024 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(out, `${name}.wasm`))), { env: { memory, abort() { throw new Error('abort'); } } });
  return { w: instance.exports, memory };
}
const time = (fn, reps) => {
  const t = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return performance.now() - t;
};

try {
  // 1–2. exp and log.
  const { w, memory } = compile('fdlibm');
  const N = 1 << 20;
  const f = new Float64Array(memory.buffer);
  const [A, B, C] = [0, N * 8, 2 * N * 8];
  const a = f.subarray(0, N), b = f.subarray(N, 2 * N), c = f.subarray(2 * N, 3 * N);
  const specials = [0, -0, NaN, Infinity, -Infinity, 709.78, 709.79, -745.2, -708.5, 1e-300];
  const ratios = [0, -0, NaN, Infinity, -1, 5e-324, 1e-310, 1, 1 + 2 ** -52, 1 - 2 ** -53];
  let bad = 0, checked = 0;
  const check = (what, got, input, want) => {
    checked++;
    if (!Object.is(got, want) && bad++ < 5) console.log(`  ${what}(${input}): wasm ${got}, V8 ${want}`);
  };
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < N; i++) {
      const m = (i + round) % 5;
      a[i] = m === 0 ? (Math.random() - 0.5) * 1500 : m === 1 ? (Math.random() - 0.5) * 20 : m === 2 ? Math.log(10 + Math.random() * 500) : m === 3 ? (Math.random() - 0.5) * 1e-5 : specials[i % 10];
      b[i] = m === 4 && i % 3 === 0 ? ratios[i % 10] : 100 + Math.random();
    }
    w.expInto(A, C, N);
    for (let i = 0; i < N; i++) check('exp', c[i], a[i], Math.exp(a[i]));
    w.expScalarInto(A, C, N);
    for (let i = 0; i < N; i++) check('exp (scalar)', c[i], a[i], Math.exp(a[i]));
    for (let i = 0; i < N; i++) if (round % 2) a[i] = b[i] * Math.exp((Math.random() - 0.5) * (i % 7 === 0 ? 1e-7 : 0.1)); else if (i % 4 === 0) a[i] = Math.random() * 10 ** (Math.random() * 600 - 300);
    w.logRatioInto(A, B, C, N);
    for (let i = 0; i < N; i++) check('log', c[i], `${a[i]}/${b[i]}`, Math.log(a[i] / b[i]));
    w.logRatioScalarInto(A, B, C, N);
    for (let i = 0; i < N; i++) check('log (scalar)', c[i], `${a[i]}/${b[i]}`, Math.log(a[i] / b[i]));
  }
  console.log(`fdlibm exp/log in WebAssembly against V8's Math.exp/Math.log: ${bad === 0 ? 'bit-identical' : `${bad} differences`} on ${checked.toLocaleString('en-US')} values`);
  for (let i = 0; i < N; i++) {
    a[i] = Math.log(50 + Math.random() * 100);
    b[i] = 100 + Math.random();
  }
  const reps = 24;
  const expTimes = [time(() => w.expInto(A, C, N), reps), time(() => w.expScalarInto(A, C, N), reps), time(() => { for (let i = 0; i < N; i++) c[i] = Math.exp(a[i]); }, reps)];
  for (let i = 0; i < N; i++) a[i] = b[i] * Math.exp((Math.random() - 0.5) * 0.05);
  const logTimes = [time(() => w.logRatioInto(A, B, C, N), reps), time(() => w.logRatioScalarInto(A, B, C, N), reps), time(() => { for (let i = 0; i < N; i++) c[i] = Math.log(a[i] / b[i]); }, reps)];
  console.log(`  exp of log-prices, 25 M values: wasm f64x2 ${expTimes[0].toFixed(0)} ms, wasm scalar ${expTimes[1].toFixed(0)} ms, Math.exp ${expTimes[2].toFixed(0)} ms (f64x2 speed-up ${(expTimes[2] / expTimes[0]).toFixed(2)}×)`);
  console.log(`  log of price ratios, 25 M values: wasm f64x2 ${logTimes[0].toFixed(0)} ms, wasm scalar ${logTimes[1].toFixed(0)} ms, Math.log ${logTimes[2].toFixed(0)} ms (f64x2 speed-up ${(logTimes[2] / logTimes[0]).toFixed(2)}×)`);

  // 3. The EWMA lane step.
  const e = compile('ewma');
  const n = 10, lanes = 64, lambda = 0.94;
  let offset = 0;
  const alloc = (length, T = Float64Array) => {
    const view = new T(e.memory.buffer, offset, length);
    offset += length * 8;
    return view;
  };
  const now = alloc(lanes * n), before = alloc(lanes * n), r = alloc(lanes * n), cov = alloc(lanes * n * n), rho = alloc(lanes * n * n), sd = alloc(lanes * n), list = alloc(lanes, Int32Array);
  const r2 = new Float64Array(lanes * n), rho2 = new Float64Array(lanes * n * n), sd2 = new Float64Array(lanes * n);
  for (let i = 0; i < lanes; i++) list[i] = i;
  for (let i = 0; i < lanes * n; i++) {
    before[i] = 100 + Math.random();
    now[i] = before[i] * Math.exp((Math.random() - 0.5) * 0.05);
  }
  for (let l = 0; l < lanes; l++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[l * n * n + i * n + j] = i === j ? 4e-4 * (1 + Math.random()) : 1e-4 * (Math.random() - 0.3);
  const cov2 = cov.slice();
  // The engine's arithmetic (ewmaRecursion, ewmaCorrelationFrom), lane by lane.
  const js = () => {
    for (let k = 0; k < lanes; k++) {
      const po = list[k] * n, co = list[k] * n * n;
      for (let i = 0; i < n; i++) r2[po + i] = Math.log(now[po + i] / before[po + i]);
      for (let i = 0; i < n; i++) {
        const ri = (1 - lambda) * r2[po + i];
        for (let j = i; j < n; j++) cov2[co + i * n + j] = lambda * cov2[co + i * n + j] + ri * r2[po + j];
      }
      for (let i = 0; i < n; i++) sd2[po + i] = Math.sqrt(cov2[co + i * n + i]);
      for (let i = 0; i < n; i++) {
        rho2[co + i * n + i] = 1;
        for (let j = i + 1; j < n; j++) {
          const s = sd2[po + i] * sd2[po + j];
          const x = s > 0 ? cov2[co + i * n + j] / s : 0;
          const v = x > 1 ? 1 : x < -1 ? -1 : x;
          rho2[co + i * n + j] = v;
          rho2[co + j * n + i] = v;
        }
      }
    }
  };
  const wasm = () => e.w.ewmaLanes(now.byteOffset, before.byteOffset, r.byteOffset, cov.byteOffset, rho.byteOffset, sd.byteOffset, n, list.byteOffset, lanes, lambda);
  let differ = 0;
  for (let step = 0; step < 50; step++) {
    wasm();
    js();
    for (let i = 0; i < cov.length; i++) if (!Object.is(cov[i], cov2[i]) || !Object.is(rho[i], rho2[i])) differ++;
  }
  const rounds = Math.round(1_600_000 / lanes);
  const tw = Math.min(time(wasm, rounds), time(wasm, rounds));
  const tj = Math.min(time(js, rounds), time(js, rounds));
  console.log(`EWMA lane step (log returns, recursion, volatilities, clamped correlations; 10 assets, 1.6 M lane-steps): ${differ === 0 ? 'bit-identical over 50 steps' : `${differ} differences`}; wasm ${tw.toFixed(0)} ms, JavaScript ${tj.toFixed(0)} ms (speed-up ${(tj / tw).toFixed(2)}×)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
