// Option building blocks (issue 16): cost per call of the pricer, the smile, the strategy-based margin and
// the log-volatility step, and of aligning the bundled S&P 500 and VIX files. The Monte Carlo target of
// issue 16 (10,000 paths × 252 steps × 10 options) makes 25.2 million pricer calls: ns/call × 25.2e6 is its
// pricing share.
import {
  blackScholes,
  createOptionGreeks,
  smileVolatility,
  validateVolatilitySmile,
  strategyBasedOptionMargin,
  LogVolatilityStep,
  readAlignedPriceFiles,
  normalCdf,
} from '../dist/index.js';

/** Wall and CPU nanoseconds per call, medians of 5 runs after a warm-up (CPU time is steadier on a shared machine). */
function perCall(label, calls, fn) {
  fn(calls / 10); // warm up (V8 optimises the loop)
  const wall = [];
  const cpu = [];
  for (let r = 0; r < 5; r++) {
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const sink = fn(calls);
    wall.push(Number(process.hrtime.bigint() - start) / calls);
    const used = process.cpuUsage(startCpu);
    cpu.push(((used.user + used.system) * 1000) / calls);
    if (Number.isNaN(sink)) throw new Error(`${label}: NaN`);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} ${wall[2].toFixed(1).padStart(7)} ns/call wall, ${cpu[2].toFixed(1).padStart(7)} CPU (best ${cpu[0].toFixed(1)})`);
}

export default async function () {
  const out = createOptionGreeks();
  // strikes and spots spread over a realistic range so branch prediction does not flatter the pricer
  perCall('blackScholes (value + 4 greeks), varying S, K, T', 2_000_000, (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const S = 2500 + (i % 997) * 0.5;
      blackScholes(i & 1 ? 'put' : 'call', S, 2600, 0.02 + (i % 31) / 365, 0.015, 0.018, 0.12 + (i % 13) * 0.01, out);
      sink += out.value + out.delta;
    }
    return sink;
  });
  perCall('normalCdf, x over [−8, 8]', 5_000_000, (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) sink += normalCdf(-8 + (i % 1601) * 0.01);
    return sink;
  });
  const smile = validateVolatilitySmile({ slope: -0.8, termSlope: -0.02 });
  perCall('smileVolatility (skew + term)', 5_000_000, (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) sink += smileVolatility(smile, 0.15, 2500 + (i % 500), 2700, 30 / 365);
    return sink;
  });
  perCall('strategyBasedOptionMargin (short put)', 5_000_000, (n) => {
    let sink = 0;
    for (let i = 0; i < n; i++) sink += strategyBasedOptionMargin('put', -1, 100, 2500 + (i % 500), 2600, 10 + (i % 7));
    return sink;
  });
  const step = new LogVolatilityStep({ kappa: 12.9, theta: Math.log(0.145), xi: 1.32, rho: -0.82 }, 1 / 252);
  perCall('LogVolatilityStep.next', 5_000_000, (n) => {
    let x = Math.log(0.145);
    for (let i = 0; i < n; i++) x = step.next(x, ((i % 7) - 3) * 0.3, ((i % 5) - 2) * 0.4);
    return x;
  });
  const start = process.hrtime.bigint();
  const aligned = readAlignedPriceFiles([{ file: 'data/sp500_ohlc.csv' }, { file: 'data/vix.csv', missing: 'drop' }]);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${'readAlignedPriceFiles sp500_ohlc.csv + vix.csv (cold, 1,257 rows out)'.padEnd(64)} ${ms.toFixed(1).padStart(7)} ms (${aligned.frame.rows} rows)`);
}
