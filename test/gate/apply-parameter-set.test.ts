import { describe, expect, it } from 'vitest';
import { XmarginError, applyParameterSet, exitCodeFor, parseParameterSet, readScenario, type Scenario } from '../../src/index.js';

// The bundled pair trade: modes isolated, cross, portfolio-var (parametric), portfolio-hs (historical-var,
// lookback 250); confidence 0.99, horizon 2 days, EWMA(0.94), liquidation full with fee 0.005.
const FILE = 'scenarios/eu-pair-trade-1998.json';
const SET = 'test/fixtures/gate/set.json';
const base = () => readScenario(FILE);
const apply = (value: unknown, scenario: Scenario = base()) => applyParameterSet(scenario, parseParameterSet(value, SET), FILE);

function inputError(work: () => unknown): XmarginError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    expect(exitCodeFor(error)).toBe(2);
    return error as XmarginError;
  }
  throw new Error('expected an input error');
}

describe('applyParameterSet', () => {
  it('an empty set is the identity, and the scenario is never mutated', () => {
    const scenario = base();
    const before = structuredClone(scenario);
    expect(apply({ name: 'same' }, scenario)).toEqual(before);
    apply({ margin: { confidence: 0.975 }, modePatches: { 'kind:portfolio': { cap: 1 } } }, scenario);
    expect(scenario).toEqual(before);
  });

  it('merges margin scalars field by field: confidence changes, the horizon and the modes stay', () => {
    const merged = apply({ margin: { confidence: 0.975 } });
    expect(merged.margin.confidence).toBe(0.975);
    expect(merged.margin.horizonDays).toBe(2);
    expect(merged.margin.modes).toEqual(base().margin.modes);
  });

  it('merges liquidation and fees field by field', () => {
    const merged = apply({ liquidation: { fee: 0.01 }, fees: { fundingPerYear: 0.02 } });
    expect(merged.liquidation).toEqual({ policy: 'full', buffer: 0.1, fee: 0.01 });
    expect(merged.fees).toEqual({ open: 0, fundingPerYear: 0.02 });
  });

  it('replaces the correlation estimator wholesale', () => {
    expect(apply({ correlation: { kind: 'rolling', window: 60 } }).correlation).toEqual({ kind: 'rolling', window: 60 });
  });

  it('replaces margin.modes wholesale, with the mode defaults filled in', () => {
    const merged = apply({ margin: { modes: [{ kind: 'cross' }, { kind: 'portfolio', name: 'pm', cap: 0.5 }] } });
    expect(merged.margin.modes).toEqual([
      { kind: 'cross' },
      { kind: 'portfolio', name: 'pm', method: 'parametric-var', cap: 0.5, floor: 0, addOn: 0 },
    ]);
  });

  it('patches a mode by name and leaves the others alone', () => {
    const merged = apply({ modePatches: { 'portfolio-var': { cap: 0.9 } } });
    expect(merged.margin.modes.map((m) => ('cap' in m ? m.cap : null))).toEqual([null, null, 0.9, 0.8]);
  });

  it('patches every mode of a kind with kind:portfolio, after a wholesale replacement', () => {
    const merged = apply({
      margin: { modes: [{ kind: 'isolated' }, { kind: 'portfolio', name: 'a' }, { kind: 'portfolio', name: 'b', method: 'historical-es', lookback: 100 }] },
      modePatches: { 'kind:portfolio': { cap: 1, addOn: 0.01 } },
    });
    expect(merged.margin.modes.slice(1).map((m) => ('cap' in m ? [m.cap, m.addOn] : null))).toEqual([[1, 0.01], [1, 0.01]]);
  });

  it('a patch naming a mode the scenario lacks is an error naming the set file, the key and the modes', () => {
    const error = inputError(() => apply({ modePatches: { 'portfolio-es': { cap: 0.9 } } }));
    expect(error.location).toMatchObject({ file: SET, path: 'modePatches.portfolio-es' });
    expect(error.message).toContain('no mode named "portfolio-es" in scenarios/eu-pair-trade-1998.json (modes: isolated, cross, portfolio-var, portfolio-hs)');
  });

  it('a portfolio field patched onto a cross mode is an error', () => {
    const error = inputError(() => apply({ modePatches: { cross: { cap: 0.9 } } }));
    expect(error.location.path).toBe('modePatches.cross.cap');
    expect(error.detail).toContain('"cross" in scenarios/eu-pair-trade-1998.json is a cross mode');
  });

  it('field limits come from the scenario schema: a cap above 1 is refused at its path in the set', () => {
    const error = inputError(() => parseParameterSet({ modePatches: { 'kind:portfolio': { cap: 1.5 } } }, SET));
    expect(error.message).toMatch(/^test\/fixtures\/gate\/set\.json: modePatches\.kind:portfolio\.cap: /);
    expect(error.message).toContain('<=1');
  });

  it('unknown fields and bad selectors are refused with their paths', () => {
    expect(inputError(() => parseParameterSet({ margin: { confidnce: 0.9 } }, SET)).message).toBe(`${SET}: margin: unknown field "confidnce"`);
    expect(inputError(() => parseParameterSet({ portfolio: { capital: 1 } }, SET)).message).toBe(`${SET}: (root): unknown field "portfolio"`);
    expect(inputError(() => parseParameterSet({ modePatches: { 'kind:hedge': {} } }, SET)).location.path).toBe('modePatches.kind:hedge');
  });

  it('an error only the merged scenario shows is re-validated and blamed on the patch that caused it', () => {
    // portfolio-var has no lookback; switching it to historical VaR needs one (scenario schema superRefine).
    const error = inputError(() => apply({ modePatches: { 'portfolio-var': { method: 'historical-var' } } }));
    expect(error.location).toMatchObject({ file: SET, path: 'modePatches.portfolio-var.lookback' });
    expect(error.detail).toContain('expected a lookback (number of scenarios) for method historical-var (applied to scenarios/eu-pair-trade-1998.json)');
  });

  it('names the set from its file when it has no name', () => {
    expect(parseParameterSet({}, 'params/loosen-cap.json').name).toBe('loosen-cap');
    expect(parseParameterSet({ name: 'x' }, 'params/loosen-cap.json').name).toBe('x');
  });
});
