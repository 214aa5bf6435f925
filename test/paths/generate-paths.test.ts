import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createGenerator, generatePaths, type GeneratorSpec } from './api.js';
import { makeColumns } from './path-stats.js';
import { main } from '../../src/cli/main.js';
import { readPriceFile } from '../../src/data/price-file.js';

const spec: GeneratorSpec = { kind: 'gbm', assets: ['A', 'B'], sigma: [0.2, 0.1], rho: 0.3, S0: [100, 50] };
const dir = mkdtempSync(join(tmpdir(), 'xmargin-generate-'));

describe('generatePaths', () => {
  it('writes a long Arrow table: path int32, date timestamp ms, one float64 per asset, equal to the generator', () => {
    const out = join(dir, 'paths.arrow');
    const result = generatePaths(spec, { runs: 300, steps: 10, seed: 7, out });
    expect(result.rows).toBe(300 * 11);
    expect(result.files).toEqual([out]);
    const table = tableFromIPC(readFileSync(out));
    expect(table.schema.fields.map((f) => [f.name, f.typeId])).toEqual([
      ['path', Type.Int],
      ['date', Type.Timestamp],
      ['A', Type.Float],
      ['B', Type.Float],
    ]);
    expect(table.numRows).toBe(3300);
    expect(table.batches.length).toBe(2); // 256 paths per batch
    const generator = createGenerator(spec, { seed: 7, steps: 10 });
    const columns = makeColumns(generator);
    for (const k of [0, 255, 256, 299]) {
      generator.generate(k, columns);
      for (let t = 0; t <= 10; t++) {
        const row = table.get(k * 11 + t)!.toJSON();
        expect(row.path).toBe(k);
        expect(Number(row.date)).toBe(generator.time[t]);
        expect(row.A).toBe(columns[0][t]);
        expect(row.B).toBe(columns[1][t]);
      }
    }
  });

  it('shards concatenate to the whole run (firstPath)', () => {
    const whole = generatePaths(spec, { runs: 6, steps: 5, seed: 3 }).table;
    const shard = generatePaths(spec, { runs: 2, steps: 5, seed: 3, firstPath: 3 }).table;
    for (let row = 0; row < shard.numRows; row++) expect(shard.get(row)!.toJSON()).toEqual(whole.get(3 * 6 + row)!.toJSON());
  });

  it('writes CSV with ISO dates and round-trip numbers', () => {
    const csv = join(dir, 'paths.csv');
    const result = generatePaths(spec, { runs: 2, steps: 3, seed: 1, csv, start: '2024-01-05' });
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(1 + 2 * 4);
    expect(lines[0]).toBe('path,date,A,B');
    expect(lines[1]).toBe('0,2024-01-05,100,50');
    expect(lines[2].startsWith('0,2024-01-08,')).toBe(true);
    expect(lines[5].startsWith('1,2024-01-05,')).toBe(true);
    const a = result.table.getChild('A')!;
    expect(Number(lines[3].split(',')[2])).toBe(a.get(2)); // shortest round-trip formatting
  });

  it('rejects bad run counts and reserved asset names', () => {
    expect(() => generatePaths(spec, { runs: 0, steps: 3, seed: 1 })).toThrow(/runs: expected a positive integer/);
    expect(() => generatePaths({ kind: 'gbm', assets: ['path'], sigma: 0.1 }, { runs: 1, steps: 3, seed: 1 })).toThrow(
      /asset name "path" clashes/,
    );
  });
});

describe('xmargin generate', () => {
  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    try {
      const code = await main(args);
      return { code, stdout, stderr };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  };

  it('writes Arrow and CSV from a spec file', async () => {
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    const out = join(dir, 'cli.arrow');
    const { code, stdout } = await run(['generate', '--generator', file, '--runs', '4', '--steps', '5', '--seed', '9', '--out', out, '--csv']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wrote .*cli\.arrow and .*cli\.csv: 4 paths × 6 rows × 2 assets \(24 rows\); gbm\(n=2/);
    expect(tableFromIPC(readFileSync(out)).numRows).toBe(24);
    expect(readFileSync(join(dir, 'cli.csv'), 'utf8').split('\n')[0]).toBe('path,date,A,B');
  });

  it('bootstraps the history a scenario names, relative to the scenario file', async () => {
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({
      name: 'x',
      data: { file: join(process.cwd(), 'data/swx.csv'), from: '2001-01-01', to: '2003-12-31' },
      generator: { kind: 'bootstrap', meanBlockLength: 5, assets: ['SPI', 'SBI'] },
    }));
    const out = join(dir, 'boot.arrow');
    const { code, stdout } = await run(['generate', '--generator', file, '--runs', '3', '--steps', '20', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/bootstrap\(stationary, mean block 5, \d+ days, n=2\)/);
    const table = tableFromIPC(readFileSync(out));
    expect(new Date(Number(table.get(0)!.toJSON().date)).toISOString().slice(0, 4)).toBe('2003');
  });

  it('reports a bad spec with file and JSON path, exit code 2', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'gbm', assets: ['A'], sigma: 0.2, rho: 3 }));
    const { code, stderr } = await run(['generate', '--generator', file, '--out', join(dir, 'x.arrow')]);
    expect(code).toBe(2);
    expect(stderr).toBe(`xmargin: error: ${file}: generator.rho: expected a finite number ≥ -1 and ≤ 1, got 3\n`);
  });
});

describe('xmargin generate with a Monte Carlo scenario', () => {
  it('reads paths.generator, paths.runs/steps/seed and the scenario data', async () => {
    const file = join(dir, 'mc.json');
    writeFileSync(file, JSON.stringify({
      name: 'mc',
      data: { file: join(process.cwd(), 'data/eustockmarkets.csv'), from: '1996-01-02' },
      paths: {
        generator: { kind: 'jump-diffusion', fit: 'data', mu: 0, jumpIntensity: 2, jumpMean: -0.04, jumpStd: 0.03, jumpRho: 0.9 },
        runs: 2000,
        seed: 19980814,
        steps: 30,
      },
    }));
    const out = join(dir, 'mc.arrow');
    const stdout: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (stdout.push(chunk), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['generate', '--generator', file, '--runs', '3', '--out', out]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    // runs from the option (3), steps from paths.steps (30), assets from the data file.
    expect(stdout.join('')).toMatch(/: 3 paths × 31 rows × 4 assets \(93 rows\); jump-diffusion\(λ=2\/yr/);
    // seed from paths.seed: path 2 equals the library's path 2 for that seed.
    const table = tableFromIPC(readFileSync(out));
    const again = generatePaths(JSON.parse(readFileSync(file, 'utf8')).paths.generator, {
      runs: 1, firstPath: 2, steps: 30, seed: 19980814,
      history: readPriceFile(join(process.cwd(), 'data/eustockmarkets.csv')).frame.sliceTime(Date.UTC(1996, 0, 2)),
    }).table;
    expect(table.get(2 * 31 + 30)!.toJSON()).toEqual(again.get(30)!.toJSON());
  });
});
