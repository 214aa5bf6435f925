import { describe, expect, it } from 'vitest';
import { XmarginError, createEstimator, validateEstimatorSpec, type EstimatorSpec } from '../../src/index.js';
import { normalSource } from '../linalg/support.js';

function errorOf(run: () => unknown): XmarginError {
  try {
    run();
  } catch (error) {
    if (error instanceof XmarginError) return error;
    throw error;
  }
  throw new Error('expected an XmarginError');
}

describe('validateEstimatorSpec', () => {
  it('accepts every kind and returns it typed', () => {
    const specs: EstimatorSpec[] = [
      { kind: 'rolling', window: 60 },
      { kind: 'ewma', lambda: 0.94 },
      { kind: 'ewma', lambda: 0.97, warmup: 50 },
      { kind: 'shrinkage', window: 120 },
      { kind: 'dcc' },
      { kind: 'dcc', window: 750, refitEvery: 20, likelihood: 'full' },
      { kind: 'stressed', base: { kind: 'ewma', lambda: 0.94 }, weight: 0.75, period: { from: '2008-09-01', to: '2009-03-31' } },
    ];
    for (const spec of specs) expect(validateEstimatorSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('names the JSON path and what was expected', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'ewma', lambda: 1.2 }, 'correlation.lambda: expected a number in (0, 1), got 1.2'],
      [{ kind: 'rolling', window: 1 }, 'correlation.window: expected an integer ≥ 2, got 1'],
      [{ kind: 'rolling' }, 'correlation.window: expected an integer ≥ 2, got nothing'],
      [{ kind: 'garch' }, 'correlation.kind: expected one of "rolling", "ewma", "shrinkage", "dcc", "stressed", got "garch"'],
      [{ kind: 'rolling', window: 60, lambda: 0.9 }, 'correlation.lambda: unknown field for kind "rolling"; expected one of kind, window, psdCheck'],
      [{ kind: 'dcc', likelihood: 'partial' }, 'correlation.likelihood: expected "composite" or "full", got "partial"'],
      [
        { kind: 'stressed', base: { kind: 'ewma', lambda: 2 }, weight: 0.5, period: { from: '2008-09-01', to: '2009-03-31' } },
        'correlation.base.lambda: expected a number in (0, 1), got 2',
      ],
      [
        { kind: 'stressed', base: { kind: 'ewma', lambda: 0.9 }, weight: 0.5, period: { from: '2008-02-30', to: '2009-03-31' } },
        'correlation.period.from: expected a calendar date "YYYY-MM-DD", got "2008-02-30"',
      ],
      [[1, 2], 'correlation: expected an object with a "kind" field, got an array'],
    ];
    for (const [value, message] of cases) {
      const error = errorOf(() => validateEstimatorSpec(value));
      expect(error.code).toBe('E_INPUT_SCENARIO');
      expect(error.message).toBe(message);
    }
    expect(errorOf(() => validateEstimatorSpec({ kind: 'ewma', lambda: 0 }, 'sweep[3]')).location.path).toBe('sweep[3].lambda');
  });
});

describe('createEstimator', () => {
  it('builds each kind with the spec’s parameters', () => {
    expect(createEstimator({ kind: 'rolling', window: 60 }, 3).label).toBe('rolling(60)');
    expect(createEstimator({ kind: 'ewma', lambda: 0.94 }, 3).warmup).toBe(17);
    expect(createEstimator({ kind: 'shrinkage', window: 40 }, 3).warmup).toBe(40);
    expect(createEstimator({ kind: 'dcc' }, 3).label).toBe('dcc(500/250)');
  });

  it('computes the stressed matrix from the returns dated inside the period (both dates inclusive)', () => {
    // Daily prices from 2020-01-01; return t ends at day t + 1. The period 2020-01-04..2020-01-07 holds
    // returns 2–5, where asset 1 = −asset 0: the stressed correlation is −1; elsewhere they are independent.
    const day = 86_400_000;
    const start = Date.UTC(2020, 0, 1);
    const next = normalSource(3);
    const rows = 20;
    const a = Float64Array.from({ length: rows }, () => next());
    const b = Float64Array.from(a, (v, t) => (t >= 2 && t <= 5 ? -v : next()));
    const time = Float64Array.from({ length: rows + 1 }, (_, k) => start + k * day);
    const estimator = createEstimator(
      { kind: 'stressed', base: { kind: 'rolling', window: 5 }, weight: 0, period: { from: '2020-01-04', to: '2020-01-07' } },
      2,
      { returns: [a, b], time },
    );
    expect(estimator.label).toBe('stressed(0·rolling(5) + 1·2020-01-04..2020-01-07)');
    for (let t = 0; t < rows; t++) estimator.update([a[t], b[t]]);
    expect(estimator.estimate().correlation[1]).toBeCloseTo(-1, 12);
  });

  it('says what is missing when a stressed period has no data', () => {
    const spec: EstimatorSpec = { kind: 'stressed', base: { kind: 'ewma', lambda: 0.9 }, weight: 0.5, period: { from: '1990-01-01', to: '1990-02-01' } };
    expect(errorOf(() => createEstimator(spec, 2)).message).toBe(
      'correlation.period: a stressed correlation needs the return history and its time axis',
    );
    const time = Float64Array.from([Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    const returns = [new Float64Array([0.1, 0.2]), new Float64Array([0.3, 0.1])];
    expect(errorOf(() => createEstimator(spec, 2, { returns, time })).message).toBe(
      'correlation.period: 1990-01-01..1990-02-01 holds 0 return(s) of the data; expected at least 2',
    );
  });
});
