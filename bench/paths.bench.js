// Synthetic path generation: paths/s and asset-steps/s for 10 assets × 252 steps, plus the RNG itself
// and the long-format Arrow table `xmargin generate` builds.
import { Rng, createGenerator, generatePaths } from '../dist/index.js';

const assets = Array.from({ length: 10 }, (_, i) => `A${i}`);
const steps = 252;

function measure(label, generator, paths) {
  const columns = generator.assets.map(() => new Float64Array(generator.steps + 1));
  for (let k = 0; k < 200; k++) generator.generate(k, columns); // warm up
  const start = process.hrtime.bigint();
  for (let k = 0; k < paths; k++) generator.generate(k, columns);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = paths / seconds;
  const assetSteps = (perSecond * generator.assets.length * generator.steps) / 1e6;
  console.log(`${label.padEnd(52)} ${perSecond.toFixed(0).padStart(8)} paths/s  ${assetSteps.toFixed(1).padStart(6)} M asset-steps/s`);
}

function rate(label, count, draw) {
  const rng = new Rng(1, 0);
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += draw(rng);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) sink += draw(rng);
  const ns = Number(process.hrtime.bigint() - start) / count;
  console.log(`${label.padEnd(52)} ${ns.toFixed(1).padStart(8)} ns/draw${Number.isFinite(sink) ? '' : ' '}`);
}

export default async function () {
  rate('Rng.nextFloat', 5_000_000, (r) => r.nextFloat());
  rate('Rng.nextGaussian (polar)', 5_000_000, (r) => r.nextGaussian());
  rate('Rng.reseed(seed, k) (SplitMix64 on 32-bit halves)', 1_000_000, (r) => (r.reseed(1, 12345), 0));
  const base = { assets, sigma: 0.2, rho: 0.5 };
  measure('gbm, 10 assets × 252 steps', createGenerator({ kind: 'gbm', ...base }, { seed: 1, steps }), 5000);
  measure(
    'regime-switching, 10 assets × 252 steps',
    createGenerator(
      { kind: 'regime-switching', ...base, calm: { rho: 0.3 }, crisis: { rho: 0.85, volMultiplier: 2.5 }, pCalmToCrisis: 0.02, pCrisisToCalm: 0.1 },
      { seed: 1, steps },
    ),
    5000,
  );
  measure('student-t (ν = 5), 10 assets × 252 steps', createGenerator({ kind: 'student-t', ...base, nu: 5 }, { seed: 1, steps }), 5000);
  measure(
    'jump-diffusion (λ = 10/yr), 10 assets × 252 steps',
    createGenerator({ kind: 'jump-diffusion', ...base, jumpIntensity: 10, jumpMean: -0.05, jumpStd: 0.03 }, { seed: 1, steps }),
    5000,
  );
  const start = process.hrtime.bigint();
  const result = generatePaths({ kind: 'gbm', ...base }, { runs: 2000, steps, seed: 1 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${'generatePaths → Arrow table, 2000 paths × 253 rows × 10'.padEnd(52)} ${ms.toFixed(0).padStart(8)} ms (${result.rows} rows)`);
}
