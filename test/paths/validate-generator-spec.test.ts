import { describe, expect, it } from 'vitest';
import { PriceFrame, XmarginError, createGenerator, validateGeneratorSpec } from './api.js';

/** The thrown error's code and message (validation must throw). */
function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof XmarginError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('validateGeneratorSpec', () => {
  it.each([
    [{ kind: 'gbmm' }, 'generator.kind: expected one of "gbm", "student-t", "jump-diffusion", "regime-switching", "bootstrap", "filtered-historical", got "gbmm"'],
    [[1], 'generator: expected an object, got [1]'],
    [{ kind: 'gbm' }, 'generator.sigma: missing: give an annualised volatility (or set "fit": "data" to estimate it)'],
    [{ kind: 'gbm', sigam: 0.2 }, 'generator.sigam: unknown field; expected one of kind, fit, assets, mu, sigma, correlation, rho, S0, periodsPerYear'],
    [{ kind: 'gbm', sigma: -0.1 }, 'generator.sigma: expected a finite number ≥ 0, got -0.1'],
    [{ kind: 'gbm', sigma: { A: 0.1, B: 'x' } }, 'generator.sigma.B: expected a finite number ≥ 0, got "x"'],
    [{ kind: 'gbm', sigma: 0.1, rho: 0.2, correlation: [[1]] }, 'generator.rho: give either "correlation" or "rho", not both'],
    [{ kind: 'gbm', sigma: 0.1, correlation: [[1, 0.2], [0.2]] }, 'generator.correlation[1]: expected a row of 2 numbers (the matrix must be square), got [0.2]'],
    [{ kind: 'gbm', sigma: 0.1, correlation: [[1, 0.2], [0.3, 1]] }, 'generator.correlation[1][0]: matrix is not symmetric: 0.3 vs [0][1] = 0.2'],
    [{ kind: 'gbm', sigma: 0.1, correlation: [[1, 0.2], [0.2, 0.9]] }, 'generator.correlation[1][1]: expected 1 on the diagonal, got 0.9'],
    [{ kind: 'gbm', sigma: 0.1, fit: 'history' }, 'generator.fit: expected one of "data", got "history"'],
    [{ kind: 'gbm', sigma: 0.1, S0: [100, 0] }, 'generator.S0[1]: expected a finite number > 0, got 0'],
    [{ kind: 'student-t', sigma: 0.1, nu: 2 }, 'generator.nu: expected a finite number > 2, got 2'],
    [{ kind: 'jump-diffusion', sigma: 0.1, jumpIntensity: 5, jumpStd: 0.1 }, 'generator.jumpMean: missing: give the mean log jump size'],
    [
      { kind: 'regime-switching', sigma: 0.1, calm: {}, crisis: { rho: 1.5 }, pCalmToCrisis: 0.1, pCrisisToCalm: 0.1 },
      'generator.crisis.rho: expected a finite number ≥ -1 and ≤ 1, got 1.5',
    ],
    [
      { kind: 'regime-switching', sigma: 0.1, calm: {}, crisis: { flip: [['A', 'A']] }, pCalmToCrisis: 0.1, pCrisisToCalm: 0.1 },
      'generator.crisis.flip[0]: expected two different assets, got ["A","A"]',
    ],
    [
      { kind: 'regime-switching', sigma: 0.1, calm: {}, crisis: {}, pCalmToCrisis: 0, pCrisisToCalm: 0 },
      'generator.initialRegime: both transition probabilities are 0, so there is no stationary distribution: give "calm" or "crisis"',
    ],
    [{ kind: 'bootstrap', meanBlockLength: 0.5 }, 'generator.meanBlockLength: expected a finite number ≥ 1, got 0.5'],
    [{ kind: 'filtered-historical', initialVariance: 'today' }, 'generator.initialVariance: expected one of "forecast", "unconditional", got "today"'],
  ])('rejects %j with a path-aware message', (spec, message) => {
    const error = failure(() => validateGeneratorSpec(spec));
    expect(error.code).toBe('E_INPUT_SCENARIO');
    expect(error.message).toBe(message);
  });

  it('uses the given path prefix', () => {
    expect(failure(() => validateGeneratorSpec({ kind: 'gbm' }, 'scenario.paths.generator')).message).toMatch(
      /^scenario\.paths\.generator\.sigma: missing/,
    );
  });

  it('accepts every documented form', () => {
    expect(() =>
      validateGeneratorSpec({
        kind: 'regime-switching', assets: ['A', 'B'], mu: { A: 0.05 }, sigma: [0.2, 0.1], S0: 100, periodsPerYear: 260,
        calm: { volMultiplier: 1, correlation: [[1, -0.5], [-0.5, 1]] }, crisis: { volMultiplier: { A: 3, B: 2 }, flip: [['A', 'B']] },
        pCalmToCrisis: 0.02, pCrisisToCalm: 0.1, initialRegime: 'calm',
      }),
    ).not.toThrow();
  });
});

describe('createGenerator checks what needs the asset list', () => {
  const history = new PriceFrame(Float64Array.from([0, 1, 2, 3]), ['A', 'B'], [
    Float64Array.from([1, 2, 3, 4]), Float64Array.from([4, 3, 2, 1]),
  ]);
  it.each([
    [{ kind: 'gbm', assets: ['A', 'B'], sigma: [0.1] }, {}, 'generator.sigma: expected 2 values (one per asset: A, B), got 1'],
    [{ kind: 'gbm', assets: ['A', 'B'], sigma: { A: 0.1, C: 0.2 } }, {}, 'generator.sigma.C: unknown asset; expected one of A, B'],
    [{ kind: 'gbm', assets: ['A', 'B'], sigma: { A: 0.1 } }, {}, 'generator.sigma: missing a value for asset "B"'],
    [{ kind: 'gbm', assets: ['A', 'B'], sigma: 0.1, correlation: [[1]] }, {}, 'generator.correlation: expected a 2 × 2 matrix (one row per asset), got 1 rows'],
    [{ kind: 'gbm', sigma: 0.1 }, {}, 'generator.assets: missing: name the assets (or give a history to take them from)'],
    [{ kind: 'gbm', fit: 'data', assets: ['A'] }, {}, 'generator.fit: "data" needs a price history (give --data or a history)'],
    [{ kind: 'gbm', fit: 'data', assets: ['A', 'Z'] }, { history }, 'generator.assets[1]: asset "Z" is not in the history; known: A, B'],
    [
      { kind: 'regime-switching', assets: ['A', 'B'], sigma: 0.1, calm: {}, crisis: { flip: [['A', 'C']] }, pCalmToCrisis: 0.1, pCrisisToCalm: 0.1 },
      {},
      'generator.crisis.flip[0]: unknown asset "C"; expected one of A, B',
    ],
  ])('rejects %j', (spec, extra, message) => {
    const error = failure(() => createGenerator(spec as never, { seed: 1, steps: 5, ...extra }));
    expect(error.code).toBe('E_INPUT_SCENARIO');
    expect(error.message).toBe(message);
  });
});
