import { Rng } from '../core/rng.js';
import { ensureValidCorrelation } from '../linalg/ensure-valid-correlation.js';
import { correlatedNormals } from './correlate.js';
import { correlationFactor, flipPairs, meanOffDiagonal, resolveCorrelation } from './correlation-input.js';
import type { RegimeSpec, RegimeSwitchingSpec } from './generator-spec.js';
import { checkColumns, resolveTimeAxis, type GeneratorContext, type PathGenerator } from './path-generator.js';
import { resolvePerAsset } from './per-asset.js';
import { describeMean, resolveMarginals, type Marginals } from './resolve-marginals.js';

export const CALM = 0;
export const CRISIS = 1;

/** A regime-switching generator also reports the regime of each step of the path it generated last. */
export interface RegimeSwitchingGenerator extends PathGenerator {
  /** `regimes[t − 1]` is the regime of step t of the last generated path: 0 calm, 1 crisis. */
  readonly regimes: Uint8Array;
  /** Long-run share of crisis steps, p12 / (p12 + p21). */
  readonly stationaryCrisisProbability: number;
  /** Each regime's correlation matrix after flips and repair (row-major), calm first. */
  readonly regimeCorrelations: readonly [Float64Array, Float64Array];
  /** Each regime's per-step volatility of every asset (calm first): implied volatility scales with their ratio. */
  readonly regimeVolatility: readonly [Float64Array, Float64Array];
}

interface Regime {
  readonly logDrift: Float64Array;
  readonly volatility: Float64Array;
  readonly correlation: Float64Array;
  readonly factor: Float64Array;
  readonly label: string;
}

/**
 * Two-regime Markov switching of volatility and correlation: the correlation-breakdown generator.
 * A hidden chain (calm → crisis with probability p12 per step, crisis → calm with p21) picks each step's
 * regime; in regime s the log returns are GBM's with volatility `volMultiplier_s · σ` and the regime's
 * correlation (its own matrix or ρ, else the base one; `flip` pairs change sign, e.g. a hedge that
 * turns into a second long). The arithmetic drift μ is the same in both regimes (log drift μ − σ_s²/2).
 * The first step's regime is drawn from the stationary distribution π_crisis = p12 / (p12 + p21) unless
 * `initialRegime` fixes it. A regime matrix that is not PSD after flips is repaired (noted).
 */
export function createRegimeSwitchingGenerator(spec: RegimeSwitchingSpec, context: GeneratorContext): RegimeSwitchingGenerator {
  const path = context.path ?? 'generator';
  const m = resolveMarginals(spec, context, path);
  const time = resolveTimeAxis(context);
  const n = m.n;
  const steps = context.steps;
  const calm = resolveRegime(spec.calm, 'calm', m, `${path}.calm`);
  const crisis = resolveRegime(spec.crisis, 'crisis', m, `${path}.crisis`);
  const regimeList = [calm, crisis];
  const p12 = spec.pCalmToCrisis;
  const p21 = spec.pCrisisToCalm;
  const stationaryCrisisProbability = p12 + p21 > 0 ? p12 / (p12 + p21) : spec.initialRegime === 'crisis' ? 1 : 0;
  const initial = spec.initialRegime ?? 'stationary';
  const logPrice = new Float64Array(n);
  const z = new Float64Array(n);
  const shocks = new Float64Array(n);
  const regimes = new Uint8Array(steps);
  const rng = new Rng(context.seed, 0);
  const description =
    `regime-switching(${calm.label}, ${crisis.label}, p12=${p12}, p21=${p21}, ` +
    `π_crisis=${stationaryCrisisProbability.toFixed(2)}${spec.fit === 'data' ? ', fit=data' : ''})`;
  return {
    kind: 'regime-switching',
    assets: m.assets,
    steps,
    initialPrices: m.initialPrices,
    time,
    seed: context.seed,
    description,
    notes: m.notes,
    regimes,
    stationaryCrisisProbability,
    regimeCorrelations: [calm.correlation, crisis.correlation],
    regimeVolatility: [Float64Array.from(calm.volatility), Float64Array.from(crisis.volatility)],
    generate(k: number, columns: Float64Array[]): void {
      checkColumns(columns, n, steps);
      rng.reseed(context.seed, k);
      for (let i = 0; i < n; i++) {
        columns[i][0] = m.initialPrices[i];
        logPrice[i] = Math.log(m.initialPrices[i]);
      }
      let state =
        initial === 'calm' ? CALM : initial === 'crisis' ? CRISIS : rng.nextFloat() < stationaryCrisisProbability ? CRISIS : CALM;
      for (let t = 1; t <= steps; t++) {
        if (t > 1) {
          const u = rng.nextFloat();
          if (state === CALM ? u < p12 : u < p21) state = 1 - state;
        }
        regimes[t - 1] = state;
        const regime = regimeList[state];
        correlatedNormals(rng, regime.factor, n, z, shocks);
        for (let i = 0; i < n; i++) {
          logPrice[i] += regime.logDrift[i] + regime.volatility[i] * shocks[i];
          columns[i][t] = Math.exp(logPrice[i]);
        }
      }
    },
  };
}

function resolveRegime(spec: RegimeSpec, name: string, m: Marginals, path: string): Regime {
  const n = m.n;
  const multiplier = resolvePerAsset(spec.volMultiplier, m.assets, `${path}.volMultiplier`, 1);
  const volatility = multiplier.map((k, i) => k * m.volatilityPerStep[i]);
  const logDrift = m.driftPerStep.map((mu, i) => mu - 0.5 * volatility[i] ** 2);
  const resolved = resolveCorrelation(
    spec.correlation,
    spec.rho,
    n,
    spec.correlation !== undefined ? `${path}.correlation` : `${path}.rho`,
    m.correlation,
  );
  const correlation = resolved.matrix;
  let repair = resolved.repairDistance;
  if (spec.flip !== undefined && spec.flip.length > 0) {
    flipPairs(correlation, m.assets, spec.flip, `${path}.flip`);
    repair += ensureValidCorrelation(correlation, n);
  }
  if (repair > 0) {
    m.notes.push(`${name} correlation repaired to the nearest correlation matrix (distance ${repair.toPrecision(3)})`);
  }
  const label =
    `${name} ρ̄=${meanOffDiagonal(correlation, n).toFixed(2)} ${describeMean('σ̄', volatility, Math.sqrt(m.periodsPerYear), true)}` +
    `${spec.flip?.length ? ` flip=${spec.flip.map((p) => p.join('/')).join(',')}` : ''}`;
  return { logDrift, volatility, correlation, factor: correlationFactor(correlation, n), label };
}
