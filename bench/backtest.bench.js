// Backtest statistics: cost of one coverage call per margin mode and of the binomial tails at large n.
import { coverage, trafficLight, kupiec, procyclicality, exceedanceSeverity } from '../dist/index.js';

/** Deterministic hit sequence with rate ≈ p (a small LCG; the library itself never draws randomness). */
function hitSequence(n, p, seed = 12345) {
  const hits = new Uint8Array(n);
  let state = seed >>> 0;
  for (let t = 0; t < n; t++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    hits[t] = state / 2 ** 32 < p ? 1 : 0;
  }
  return hits;
}

function time(label, repeats, fn) {
  fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) fn();
  const perCall = Number(process.hrtime.bigint() - start) / 1e6 / repeats;
  console.log(`${label.padEnd(58)} ${perCall.toFixed(perCall < 0.1 ? 4 : 2)} ms/call`);
  return perCall;
}

export default async function () {
  const daily = hitSequence(2500, 0.01); // ten years of daily steps
  const long = hitSequence(1_000_000, 0.01);
  const requirement = Float64Array.from({ length: 1_000_000 }, (_, t) => 100 + 50 * Math.sin(t / 500));
  const losses = Float64Array.from(requirement, (r, t) => (long[t] ? r * 1.2 : r * 0.5));
  time('coverage, 2 500 steps (10 y daily)', 2000, () => coverage(daily, 0.01));
  time('coverage, 1 000 000 steps', 20, () => coverage(long, 0.01));
  time('kupiec, n = 1e6', 100_000, () => kupiec(1_000_000, 10_150, 0.01));
  time('trafficLight, n = 250, p = 1 %', 20_000, () => trafficLight(250, 6, 0.01));
  time('trafficLight, n = 1e6, p = 1 % (boundaries ~1e4 terms)', 20, () => trafficLight(1_000_000, 10_150, 0.01));
  time('procyclicality, 1e6 steps, window 10', 20, () => procyclicality(requirement, { window: 10 }));
  time('exceedanceSeverity, 1e6 steps', 20, () => exceedanceSeverity(losses, requirement, long));
}
