import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION_GRID, XmarginError, expandCalibrationGrid, gridFromFlags, parseCalibrationGrid } from '../../src/index.js';

const scenarioEstimator = { kind: 'ewma', lambda: 0.94 } as const;

function errorOf(fn: () => unknown): XmarginError {
  try {
    fn();
  } catch (error) {
    if (error instanceof XmarginError) return error;
    throw error;
  }
  throw new Error('expected an XmarginError');
}

describe('calibration grid', () => {
  it('the default grid is EWMA ×4, rolling ×4, shrinkage ×2 and one DCC, in that order', () => {
    const configurations = expandCalibrationGrid(DEFAULT_CALIBRATION_GRID, scenarioEstimator);
    expect(configurations.map((c) => c.spec)).toEqual([
      { kind: 'ewma', lambda: 0.9 },
      { kind: 'ewma', lambda: 0.94 },
      { kind: 'ewma', lambda: 0.97 },
      { kind: 'ewma', lambda: 0.99 },
      { kind: 'rolling', window: 20 },
      { kind: 'rolling', window: 60 },
      { kind: 'rolling', window: 120 },
      { kind: 'rolling', window: 250 },
      { kind: 'shrinkage', window: 60 },
      { kind: 'shrinkage', window: 250 },
      { kind: 'dcc', window: 250 },
    ]);
  });

  it('flags expand like the grid file; a stressed flag blends the scenario estimator', () => {
    const grid = gridFromFlags({ ewma: '0.94, 0.97', rolling: '60', dcc: '', stressed: '0.75@1998-08-01..1998-10-30' });
    expect(expandCalibrationGrid(grid, scenarioEstimator).map((c) => c.spec)).toEqual([
      { kind: 'ewma', lambda: 0.94 },
      { kind: 'ewma', lambda: 0.97 },
      { kind: 'rolling', window: 60 },
      { kind: 'dcc', window: 250 },
      { kind: 'stressed', base: scenarioEstimator, weight: 0.75, period: { from: '1998-08-01', to: '1998-10-30' } },
    ]);
    expect(gridFromFlags({ dcc: '500' }).dcc).toEqual({ window: 500 });
  });

  it('a malformed grid file names the file and the JSON path of the field', () => {
    const error = errorOf(() => parseCalibrationGrid({ ewma: [0.94, 1.2] }, 'grid.json'));
    expect(error.code).toBe('E_INPUT_SCENARIO');
    expect(error.message).toMatch(/^grid\.json: ewma\[1\]: /);
    expect(errorOf(() => parseCalibrationGrid({ rolling: [60], windows: [1] }, 'grid.json')).message).toBe('grid.json: (root): unknown field "windows"');
    expect(errorOf(() => parseCalibrationGrid({ estimators: [{ kind: 'garch' }] }, 'g.json')).message).toMatch(/^g\.json: estimators\[0\]\.kind/);
    expect(errorOf(() => parseCalibrationGrid({}, 'g.json')).message).toMatch(/expected at least one of ewma/);
  });

  it('a malformed flag names the flag', () => {
    expect(errorOf(() => gridFromFlags({ rolling: '60,abc' })).message).toBe('--rolling: expected a number, got "abc"');
    expect(errorOf(() => gridFromFlags({ ewma: '0.9,1.5' })).message).toMatch(/^--ewma\[1\]: /);
    expect(errorOf(() => gridFromFlags({ stressed: '0.5@1998' })).message).toMatch(/^--stressed: expected WEIGHT@/);
    const tooShort = errorOf(() => gridFromFlags({ rolling: '1' }));
    expect(tooShort.code).toBe('E_INPUT_ARGS');
    expect(tooShort.message).toMatch(/^--rolling\[0\]: /);
  });

  it('a configuration listed twice is an error naming the second place', () => {
    const error = errorOf(() => expandCalibrationGrid({ ewma: [0.94], estimators: [{ kind: 'ewma', lambda: 0.94 }] }, scenarioEstimator, 'g.json'));
    expect(error.message).toBe('g.json: estimators[0]: duplicate configuration {"kind":"ewma","lambda":0.94} (also ewma[0])');
  });
});
