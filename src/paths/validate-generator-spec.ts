import { GENERATOR_KINDS, type GeneratorSpec } from './generator-spec.js';
import {
  expectCorrelationMatrix,
  expectKnownKeys,
  expectNumber,
  expectObject,
  expectPairs,
  expectPerAsset,
  expectString,
  expectStringArray,
  specError,
} from './spec-fields.js';

const MARGINAL_KEYS = ['kind', 'fit', 'assets', 'mu', 'sigma', 'correlation', 'rho', 'S0', 'periodsPerYear'];
const KEYS: Record<GeneratorSpec['kind'], readonly string[]> = {
  gbm: MARGINAL_KEYS,
  'student-t': [...MARGINAL_KEYS, 'nu'],
  'jump-diffusion': [...MARGINAL_KEYS, 'jumpIntensity', 'jumpMean', 'jumpStd', 'jumpCorrelation', 'jumpRho'],
  'regime-switching': [...MARGINAL_KEYS, 'calm', 'crisis', 'pCalmToCrisis', 'pCrisisToCalm', 'initialRegime'],
  bootstrap: ['kind', 'fit', 'assets', 'S0', 'meanBlockLength'],
  'filtered-historical': ['kind', 'fit', 'assets', 'S0', 'initialVariance'],
};

/**
 * Checks that `value` is a well-formed `GeneratorSpec` and returns it typed. Messages name the JSON path,
 * e.g. `generator.calm.rho: expected a finite number ≥ -1 and ≤ 1, got 1.5`. Checks that need the asset
 * list (matrix size, names in maps and pairs, positive semidefiniteness) happen in `createGenerator`.
 */
export function validateGeneratorSpec(value: unknown, path = 'generator'): GeneratorSpec {
  const spec = expectObject(value, path);
  const kind = expectString(spec.kind, `${path}.kind`, GENERATOR_KINDS) as GeneratorSpec['kind'];
  expectKnownKeys(spec, KEYS[kind], path);
  if (spec.fit !== undefined) expectString(spec.fit, `${path}.fit`, ['data']);
  if (spec.assets !== undefined) expectStringArray(spec.assets, `${path}.assets`, { minLength: 1 });
  if (spec.S0 !== undefined) expectPerAsset(spec.S0, `${path}.S0`, { above: 0 });

  if (kind === 'bootstrap') {
    expectNumber(spec.meanBlockLength, `${path}.meanBlockLength`, { min: 1 });
  } else if (kind === 'filtered-historical') {
    if (spec.initialVariance !== undefined) {
      expectString(spec.initialVariance, `${path}.initialVariance`, ['forecast', 'unconditional']);
    }
  } else {
    validateMarginals(spec, path);
    if (kind === 'student-t') expectNumber(spec.nu, `${path}.nu`, { above: 2 });
    if (kind === 'jump-diffusion') validateJumps(spec, path);
    if (kind === 'regime-switching') validateRegimes(spec, path);
  }
  return value as GeneratorSpec;
}

function validateMarginals(spec: Record<string, unknown>, path: string): void {
  if (spec.mu !== undefined) expectPerAsset(spec.mu, `${path}.mu`);
  if (spec.sigma !== undefined) expectPerAsset(spec.sigma, `${path}.sigma`, { min: 0 });
  else if (spec.fit !== 'data') {
    throw specError(`${path}.sigma`, 'missing: give an annualised volatility (or set "fit": "data" to estimate it)');
  }
  validateCorrelationChoice(spec, 'correlation', 'rho', path);
  if (spec.periodsPerYear !== undefined) expectNumber(spec.periodsPerYear, `${path}.periodsPerYear`, { above: 0 });
}

function validateCorrelationChoice(spec: Record<string, unknown>, matrixKey: string, rhoKey: string, path: string): void {
  if (spec[matrixKey] !== undefined && spec[rhoKey] !== undefined) {
    throw specError(`${path}.${rhoKey}`, `give either "${matrixKey}" or "${rhoKey}", not both`);
  }
  if (spec[matrixKey] !== undefined) expectCorrelationMatrix(spec[matrixKey], `${path}.${matrixKey}`);
  if (spec[rhoKey] !== undefined) expectNumber(spec[rhoKey], `${path}.${rhoKey}`, { min: -1, max: 1 });
}

function validateJumps(spec: Record<string, unknown>, path: string): void {
  expectNumber(spec.jumpIntensity, `${path}.jumpIntensity`, { min: 0 });
  if (spec.jumpMean === undefined) throw specError(`${path}.jumpMean`, 'missing: give the mean log jump size');
  expectPerAsset(spec.jumpMean, `${path}.jumpMean`);
  if (spec.jumpStd === undefined) throw specError(`${path}.jumpStd`, 'missing: give the log jump size standard deviation');
  expectPerAsset(spec.jumpStd, `${path}.jumpStd`, { min: 0 });
  validateCorrelationChoice(spec, 'jumpCorrelation', 'jumpRho', path);
}

function validateRegimes(spec: Record<string, unknown>, path: string): void {
  for (const name of ['calm', 'crisis']) {
    const regimePath = `${path}.${name}`;
    const regime = expectObject(spec[name], regimePath);
    expectKnownKeys(regime, ['volMultiplier', 'correlation', 'rho', 'flip'], regimePath);
    if (regime.volMultiplier !== undefined) expectPerAsset(regime.volMultiplier, `${regimePath}.volMultiplier`, { min: 0 });
    validateCorrelationChoice(regime, 'correlation', 'rho', regimePath);
    if (regime.flip !== undefined) expectPairs(regime.flip, `${regimePath}.flip`);
  }
  expectNumber(spec.pCalmToCrisis, `${path}.pCalmToCrisis`, { min: 0, max: 1 });
  expectNumber(spec.pCrisisToCalm, `${path}.pCrisisToCalm`, { min: 0, max: 1 });
  const initial = spec.initialRegime === undefined
    ? 'stationary'
    : expectString(spec.initialRegime, `${path}.initialRegime`, ['calm', 'crisis', 'stationary']);
  if (spec.pCalmToCrisis === 0 && spec.pCrisisToCalm === 0 && initial === 'stationary') {
    throw specError(
      `${path}.initialRegime`,
      'both transition probabilities are 0, so there is no stationary distribution: give "calm" or "crisis"',
    );
  }
}
