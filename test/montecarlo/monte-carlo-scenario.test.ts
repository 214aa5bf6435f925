import { describe, expect, it } from 'vitest';
import { XmarginError, compileScenario, parseScenario, runCompiled, scenarioJsonSchema } from '../../src/index.js';
import { SMALL_SCENARIO, smallScenario } from './mc-fixture.js';
import { readFileSync } from 'node:fs';

const raw = () => JSON.parse(readFileSync(SMALL_SCENARIO, 'utf8'));

function refusal(value: unknown, compile = false): XmarginError {
  try {
    const scenario = parseScenario(value, SMALL_SCENARIO);
    if (compile) compileScenario(scenario, SMALL_SCENARIO);
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    return error as XmarginError;
  }
  throw new Error('accepted');
}

describe('scenario paths and overlays', () => {
  it('reports a generator error from the hand-written validator at its JSON path', () => {
    const value = raw();
    value.paths.generator.calm.rho = 1.5;
    const error = refusal(value);
    expect(error.code).toBe('E_INPUT_SCENARIO');
    expect(error.message).toBe(`${SMALL_SCENARIO}: paths.generator.calm.rho: expected a finite number ≥ -1 and ≤ 1, got 1.5`);
  });

  it('reports an unknown generator kind and an unknown generator field', () => {
    const kind = raw();
    kind.paths.generator.kind = 'brownian';
    expect(refusal(kind).message).toMatch(/: paths\.generator\.kind: /);
    const field = raw();
    field.paths.generator.sigam = 0.2;
    expect(refusal(field).message).toMatch(/: paths\.generator\.sigam: unknown field; expected one of kind, fit, /);
  });

  it('checks runs, seed and steps', () => {
    for (const [key, bad] of [['runs', 0], ['seed', -1], ['steps', 1.5]] as const) {
      const value = raw();
      value.paths[key] = bad;
      expect(refusal(value).location.path).toBe(`paths.${key}`);
    }
  });

  it('reports an overlay error at overlays[i]', () => {
    const value = raw();
    value.overlays = [{ kind: 'identity' }, { kind: 'price-shock', at: 3, shocks: { SPI: -1.5 } }];
    expect(refusal(value).message).toBe(`${SMALL_SCENARIO}: overlays[1].shocks.SPI: expected a finite number > -1, got -1.5`);
  });

  it('refuses openAt in a Monte Carlo scenario (the book opens where the history ends)', async () => {
    const { runMonteCarlo } = await import('../../src/index.js');
    const scenario = { ...smallScenario(), portfolio: { ...smallScenario().portfolio, openAt: '2006-06-01' } };
    await expect(runMonteCarlo(compileScenario(scenario, SMALL_SCENARIO), { write: false, progress: false })).rejects.toThrow(
      `${SMALL_SCENARIO}: portfolio.openAt: a Monte Carlo run opens the book where the history ends; remove openAt (or narrow data.to)`,
    );
  });

  it('describes paths.runs/seed/steps and the generator and overlay kinds in the JSON Schema', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, any> };
    const paths = schema.properties.paths;
    expect(Object.keys(paths.properties)).toEqual(['generator', 'runs', 'seed', 'steps', 'impliedVol', 'representativeMode']);
    expect(paths.properties.runs).toMatchObject({ type: 'integer', minimum: 1, default: 1000 });
    expect(paths.properties.generator.properties.kind.enum).toEqual(['gbm', 'student-t', 'jump-diffusion', 'regime-switching', 'bootstrap', 'filtered-historical']);
    expect(schema.properties.overlays.items.properties.kind.enum).toEqual(['identity', 'price-shock', 'volatility-scale', 'correlation-shock', 'vol-shock']);
  });
});

describe('overlays on a historical run', () => {
  // The small scenario without paths is a historical run over SPI/SBI from 2006-01-02.
  const historical = () => {
    const value = raw();
    delete value.paths;
    return value;
  };

  it('apply to the compiled frame and are named in result.run.overlays', () => {
    const base = compileScenario(parseScenario(historical(), SMALL_SCENARIO), SMALL_SCENARIO);
    const value = historical();
    value.overlays = [{ kind: 'price-shock', at: 300, shocks: { SPI: -0.2 } }];
    const shocked = compileScenario(parseScenario(value, SMALL_SCENARIO), SMALL_SCENARIO);
    const spi = base.frame.assetIndex('SPI');
    // By the overlay's definition: prices from row 300 on are 0.8 × the base prices; before, unchanged.
    expect(shocked.frame.columns[spi][299]).toBe(base.frame.columns[spi][299]);
    expect(shocked.frame.columns[spi][300]).toBeCloseTo(0.8 * base.frame.columns[spi][300], 9);
    expect(shocked.overlays).toEqual(['price shock at row 300: SPI -20.0%']);
    const run = runCompiled(shocked, { write: false });
    expect(run.result.run.overlays).toEqual(['price shock at row 300: SPI -20.0%']);
    expect(run.result.digest).not.toBe(runCompiled(base, { write: false }).result.digest);
  });

  it('name the scenario file when they do not fit the data', () => {
    const value = historical();
    value.overlays = [{ kind: 'price-shock', at: '2030-01-01', shocks: { SPI: -0.2 } }];
    const error = refusal(value, true);
    expect(error.message).toMatch(new RegExp(`^${SMALL_SCENARIO.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: overlays\\[0\\]\\.at: 2030-01-01 is after the last row`));
  });
});
