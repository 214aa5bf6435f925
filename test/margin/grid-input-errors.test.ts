import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listGridPresets, loadGridPreset, loadScenario, XmarginError } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'xmargin-grid-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = join(process.cwd(), 'data/eustockmarkets.csv');

/** A scenario file whose third mode is `mode`; returns its path. */
function scenarioWith(mode: Record<string, unknown>, name: string): string {
  const scenario = {
    name,
    data: { file: data, from: '1996-01-01', to: '1998-12-31' },
    portfolio: { capital: 3_000_000, positions: [{ asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 }] },
    margin: { horizonDays: 2, confidence: 0.99, modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'scenario-grid', ...mode }] },
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('bad grid input: one line naming the file and the JSON path', () => {
  it('an unknown preset lists the known ones', () => {
    const file = scenarioWith({ preset: 'span-99', priceScan: { relative: 0.1 } }, 'unknown');
    expect(listGridPresets()).toEqual(['deribit-pm', 'span-16']);
    expect(errorOf(() => loadScenario(file))).toBe(`${file}: margin.modes[2].preset: unknown grid preset "span-99"; known: deribit-pm, span-16`);
  });

  it('an empty grid', () => {
    const file = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 }, grid: { scenarios: [] } }, 'empty');
    expect(errorOf(() => loadScenario(file))).toBe(`${file}: margin.modes[2].grid.scenarios: expected at least one scenario: an empty grid would charge nothing`);
  });

  it.each([[0], [1.5], [-0.35]])('a weight of %s, outside (0, 1]', (weight) => {
    const file = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 }, grid: { scenarios: [{ price: 1, volatility: 1, weight: 1 }, { price: '-2/3', volatility: 0, weight }] } }, `weight-${weight}`);
    expect(errorOf(() => loadScenario(file))).toBe(`${file}: margin.modes[2].grid.scenarios[1].weight: expected a weight in (0, 1]`);
  });

  it.each([
    [{ relative: 0 }, 'priceScan.relative: expected a price scan range > 0'],
    [{ sigmas: -3 }, 'priceScan.sigmas: expected a number of standard deviations > 0'],
    [{ points: { DAX: 0 } }, 'priceScan.points.DAX: expected a price scan range > 0'],
    [{ relative: 0.1, sigmas: 3 }, 'priceScan: expected exactly one of relative, points, sigmas (the price scan range), got relative and sigmas'],
  ])('a price scan range %j', (priceScan, message) => {
    const file = scenarioWith({ preset: 'span-16', priceScan }, `scan-${JSON.stringify(priceScan).replace(/\W/g, '')}`);
    expect(errorOf(() => loadScenario(file))).toBe(`${file}: margin.modes[2].${message}`);
  });

  it('a volatility scan range ≤ 0, and a price range in points for an asset the book does not hold', () => {
    const vol = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 }, volatilityScan: { absolute: -0.01 } }, 'vol');
    expect(errorOf(() => loadScenario(vol))).toBe(`${vol}: margin.modes[2].volatilityScan.absolute: expected a volatility scan range > 0`);
    const points = scenarioWith({ preset: 'span-16', priceScan: { points: { DAX: 100, CAC: 50 } } }, 'points');
    expect(errorOf(() => loadScenario(points))).toBe(`${points}: margin.modes[2].priceScan.points.CAC: unknown asset "CAC"; the book holds DAX`);
  });

  it('span-16 without a price scan range; deribit-pm without the fraction of its extended moves', () => {
    const span = scenarioWith({ preset: 'span-16' }, 'no-scan');
    expect(errorOf(() => loadScenario(span))).toBe(
      `${span}: margin.modes[2].priceScan: the span-16 preset gives no price scan range; give priceScan as one of { "relative": 0.1 }, { "points": { "<asset>": 20 } }, { "sigmas": 3 }`,
    );
    const deribit = scenarioWith({ preset: 'deribit-pm' }, 'no-weight');
    expect(errorOf(() => loadScenario(deribit))).toMatch(
      new RegExp(`^${deribit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: margin\\.modes\\[2\\]\\.grid\\.movesWeight: the deribit-pm preset leaves open which fraction of the fixed moves' loss counts \\(.*grids/deribit-pm\\.json: its source does not publish it\\); give grid\\.movesWeight in \\(0, 1\\], or grid\\.moves: \\[\\] to leave the fixed moves out$`),
    );
    // with the fraction given, or the moves left out, the same modes load
    expect(() => loadScenario(scenarioWith({ preset: 'deribit-pm', grid: { movesWeight: 0.1 } }, 'weight-given'))).not.toThrow();
    expect(() => loadScenario(scenarioWith({ preset: 'deribit-pm', grid: { moves: [] } }, 'moves-out'))).not.toThrow();
  });

  it('a grid field another method owns, or a grid field on another method, is refused at its path', () => {
    const file = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 }, lookback: 250 }, 'foreign');
    expect(errorOf(() => loadScenario(file))).toBe(`${file}: margin.modes[2].lookback: does not apply to method scenario-grid`);
  });

  it('a broken preset file: empty grid, weight outside (0, 1], a name that is not the file name', () => {
    const presets = join(dir, 'grids');
    mkdirSync(presets);
    const span = JSON.parse(readFileSync('grids/span-16.json', 'utf8'));
    writeFileSync(join(presets, 'empty.json'), JSON.stringify({ ...span, preset: 'empty', grid: { ...span.grid, scenarios: [] } }));
    writeFileSync(join(presets, 'misnamed.json'), JSON.stringify({ ...span, preset: 'other' }));
    span.grid.scenarios[14].weight = 0;
    writeFileSync(join(presets, 'zero.json'), JSON.stringify({ ...span, preset: 'zero' }));
    expect(errorOf(() => loadGridPreset('empty', { directory: presets }))).toBe(`${join(presets, 'empty.json')}: grid.scenarios: expected at least one scenario: an empty grid would charge nothing`);
    expect(errorOf(() => loadGridPreset('zero', { directory: presets }))).toBe(`${join(presets, 'zero.json')}: grid.scenarios[14].weight: expected a weight in (0, 1]`);
    expect(errorOf(() => loadGridPreset('misnamed', { directory: presets }))).toBe(`${join(presets, 'misnamed.json')}: preset: expected preset "misnamed" (the file name), got "other"`);
  });

  it('the command line exits 2 with that one line, and a grid mode on a linear book runs (exit 0)', () => {
    const bad = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 }, grid: { scenarios: [] } }, 'cli-bad');
    const run = spawnSync(process.execPath, ['bin/xmargin.js', 'run', bad, '--out', join(dir, 'out-bad')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`xmargin: error: ${bad}: margin.modes[2].grid.scenarios: expected at least one scenario: an empty grid would charge nothing\n`);
    const good = scenarioWith({ preset: 'span-16', priceScan: { relative: 0.1 } }, 'cli-good');
    const ok = spawnSync(process.execPath, ['bin/xmargin.js', 'run', good, '--out', join(dir, 'out-good'), '--no-report'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });
});
