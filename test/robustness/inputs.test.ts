import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Timestamp, TimeUnit } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { compileScenario, readScenario } from '../../src/index.js';
import { expectInputError, expectNoOutput, literal, ROOT, tempRoot, xmargin } from './cli.js';

const EU = JSON.parse(readFileSync(join(ROOT, 'scenarios/eu-pair-trade-1998.json'), 'utf8'));
const EU_DATA = readFileSync(join(ROOT, 'data/eustockmarkets.csv'), 'utf8').split('\n');

/** A case folder with a scenario (and optionally its data file); returns the paths and the output folder. */
function scenarioCase(root: string, name: string, edit: (scenario: typeof EU) => void, data?: string[]) {
  const dir = join(root, name);
  mkdirSync(dir);
  const scenario = structuredClone(EU);
  scenario.data.file = data ? 'prices.csv' : join(ROOT, 'data/eustockmarkets.csv');
  edit(scenario);
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  if (data) writeFileSync(join(dir, 'prices.csv'), data.join('\n'));
  return { dir, file, out: join(dir, 'out'), inputs: data ? ['scenario.json', 'prices.csv'] : ['scenario.json'] };
}

/** The bundled data with one cell replaced (the row dated `date`, the column `asset`). */
function dataWith(date: string, asset: string, value: string): string[] {
  const header = EU_DATA[0].split(',');
  const column = header.indexOf(asset);
  return EU_DATA.map((line) => {
    if (!line.startsWith(`${date},`)) return line;
    const cells = line.split(',');
    cells[column] = value;
    return cells.join(',');
  });
}

describe('malformed scenario files: exit 2 with file and line:column or JSON path, nothing written', () => {
  const root = tempRoot('json');
  const cases: [string, string, RegExp][] = [
    ['trailing comma', '{\n  "name": "x",\n}\n', /:3: invalid JSON at column 1: expected a property name in double quotes, got "}"$/],
    ['truncated', '{\n  "name": "x",\n  "data": {"file": "a.csv"', /:3: invalid JSON at column 27: expected a comma or }, got the end of the file$/],
    ['bare word', '{"name": x}', /:1: invalid JSON at column 10: unexpected character, got "x"$/],
    ['comment', '// scenario\n{}', /:1: invalid JSON at column 1: comments are not JSON, got "\/"$/],
    ['empty', '', /:1: invalid JSON at column 1: expected a JSON value, got an empty file$/],
    ['not an object', '[1, 2]', /: \(root\): expected object, received array$/],
  ];
  it.each(cases)('%s', (name, text, located) => {
    const dir = join(root, name.replaceAll(' ', '-'));
    mkdirSync(dir);
    const file = join(dir, 'scenario.json');
    writeFileSync(file, text);
    expectInputError(xmargin(['run', file, '--out', join(dir, 'out')]), new RegExp(`^xmargin: error: ${literal(file)}${located.source}`));
    expectNoOutput(dir, join(dir, 'out'), ['scenario.json']);
  });

  it('a binary file: one short line naming the file and position, not 50 kB of it', () => {
    const dir = join(root, 'binary');
    mkdirSync(dir);
    const file = join(dir, 'scenario.json');
    writeFileSync(file, Buffer.from(Array.from({ length: 60_000 }, (_, i) => (i * 7919 + 13) % 256)));
    const line = expectInputError(xmargin(['run', file, '--out', join(dir, 'out')]), new RegExp(`^xmargin: error: ${literal(file)}:\\d+: invalid JSON at column \\d+: unexpected character`), 300);
    expect(line.length).toBeLessThan(300);
  });

  it('a binary price file: the quoted header is capped', () => {
    const dir = join(root, 'binary-csv');
    mkdirSync(dir);
    const file = join(dir, 'prices.csv');
    writeFileSync(file, `date,${'A'.repeat(50_000)}\n2020-01-01,${'x'.repeat(50_000)}\n`);
    expectInputError(xmargin(['inspect', file]), new RegExp(`^xmargin: error: ${literal(file)}:2: column "A{60}"… \\(50,000 characters\\): expected a number, got "x{60}"… \\(50,000 characters\\)$`), 400);
  });
});

describe('silent nonsense is refused with its location', () => {
  const root = tempRoot('nonsense');

  it('a price of 1e308: the amounts overflow; the data file and the date are named', () => {
    const c = scenarioCase(root, 'huge', () => undefined, dataWith('1997-06-02', 'DAX', '1e308'));
    expectInputError(
      xmargin(['run', c.file, '--out', c.out]),
      new RegExp(`^xmargin: error: ${literal(join(c.dir, 'prices.csv'))}: on 1997-06-02, mode isolated: the equity is Infinity: amounts .* left the range of doubles; .*\\(prices that step: DAX 1e\\+308, CAC 2601\\.5\\)$`),
    );
    expectNoOutput(c.dir, c.out, c.inputs);
  });

  it('a price of 5e-324 (subnormal): file, line and column', () => {
    const c = scenarioCase(root, 'tiny', () => undefined, dataWith('1997-06-02', 'DAX', '5e-324'));
    const line = EU_DATA.findIndex((l) => l.startsWith('1997-06-02,')) + 1;
    expectInputError(
      xmargin(['run', c.file, '--out', c.out]),
      new RegExp(`^xmargin: error: ${literal(join(c.dir, 'prices.csv'))}:${line}: column "DAX": expected a positive finite price of at least 2\\.2250738585072014e-308 .*, got "5e-324"$`),
    );
    expectNoOutput(c.dir, c.out, c.inputs);
  });

  it('a step whose ratio underflows to 0 (1e-300 after 1e30): the column and the date', () => {
    const data = dataWith('1997-06-02', 'DAX', '1e30');
    const next = dataWith('1997-06-03', 'DAX', '1e-300');
    const c = scenarioCase(root, 'ratio', () => undefined, data.map((l, i) => (l.startsWith('1997-06-03,') ? next[i] : l)));
    expectInputError(
      xmargin(['run', c.file, '--out', c.out]),
      new RegExp(`^xmargin: error: ${literal(join(c.dir, 'prices.csv'))}: column "DAX": on 1997-06-03: the step from 1e\\+30 to 1e-300 has a ratio of 0, so its log return is not finite`),
    );
  });

  it('a maintenance rate above the initial margin rate', () => {
    const c = scenarioCase(root, 'maintenance', (s) => (s.portfolio.positions[1].maintenanceRate = 0.2));
    expectInputError(
      xmargin(['run', c.file, '--out', c.out]),
      new RegExp(`^xmargin: error: ${literal(c.file)}: portfolio\\.positions\\[1\\]\\.maintenanceRate: expected a maintenance margin below the initial margin, got 1,000,000 against an initial margin of 500,000`),
    );
    expectNoOutput(c.dir, c.out, c.inputs);
  });

  it('generate: sigma 1e6 underflows to 0, mu 1e6 overflows to Infinity (inline spec and file)', () => {
    const dir = join(root, 'generate');
    mkdirSync(dir);
    const out = join(dir, 'paths.arrow');
    const run = (spec: string) => xmargin(['generate', '--generator', spec, '--runs', '2', '--steps', '5', '--out', out], { cwd: dir });
    expectInputError(run('{"kind":"gbm","assets":["A"],"sigma":1e6}'), /^xmargin: error: --generator: generator: path 0, 2000-01-04, asset A: expected a positive finite price, got 0; the generator's parameters/);
    expectInputError(run('{"kind":"gbm","assets":["A"],"sigma":0.2,"mu":1e6}'), /^xmargin: error: --generator: generator: path 0, 2000-01-04, asset A: expected a positive finite price, got Infinity/);
    writeFileSync(join(dir, 'spec.json'), '{"kind":"gbm","assets":["A"],"sigma":1e6}');
    expectInputError(run('spec.json'), /^xmargin: error: spec\.json: generator: path 0/);
    expect(readdirSync(dir)).toEqual(['spec.json']);
  });

  it('an int64 Arrow price above 2^53 that a double would round', () => {
    const dir = join(root, 'int64');
    mkdirSync(dir);
    const file = join(dir, 'prices.arrow');
    const timeType = new Timestamp(TimeUnit.MILLISECOND, 'UTC');
    const fields = [new Field('date', timeType, false), new Field('A', new Int64(), false)];
    const children = [
      makeData({ type: timeType, length: 2, nullCount: 0, data: BigInt64Array.of(0n, 86_400_000n) }),
      makeData({ type: new Int64(), length: 2, nullCount: 0, data: BigInt64Array.of(100n, 2n ** 53n + 1n) }),
    ];
    const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: 2, nullCount: 0, children }));
    writeFileSync(file, tableToIPC(new Table([batch]), 'file'));
    expectInputError(
      xmargin(['inspect', file]),
      new RegExp(`^xmargin: error: ${literal(file)}: column "A": rows\\[1\\]: expected an integer price a double holds exactly .*, got 9007199254740993, which would be rounded to 9007199254740992$`),
    );
  });
});

describe('what cannot fit is refused up front, saying the limit', () => {
  const root = tempRoot('memory');
  const mc = JSON.parse(readFileSync(join(ROOT, 'test/montecarlo/fixtures/mc-small.json'), 'utf8'));
  const mcCase = (name: string, paths: object) => {
    const dir = join(root, name);
    mkdirSync(dir);
    const file = join(dir, 'mc.json');
    writeFileSync(file, JSON.stringify({ ...mc, data: { ...mc.data, file: join(ROOT, 'test/montecarlo/fixtures', mc.data.file) }, paths: { ...mc.paths, ...paths } }));
    return { dir, file, out: join(dir, 'out') };
  };

  it('paths.steps 1e9: one series longer than a typed array', () => {
    const c = mcCase('steps', { steps: 1e9 });
    expectInputError(
      xmargin(['run', c.file, '--out', c.out]),
      new RegExp(`^xmargin: error: ${literal(c.file)}: paths\\.steps: the series of the representative path would be one array of [\\d,]+ numbers, more than the 4,294,967,295 a typed array can hold$`),
    );
    expectNoOutput(c.dir, c.out, ['mc.json']);
  });

  it('beyond the memory limit: the estimate, its largest part and how the limit was set', () => {
    const c = mcCase('limit', { steps: 2_000_000 });
    expectInputError(
      xmargin(['run', c.file, '--out', c.out], { env: { XMARGIN_MEMORY_LIMIT: '256M' } }),
      new RegExp(`^xmargin: error: ${literal(c.file)}: paths\\.steps: this run would need about [\\d.]+ MiB of memory, more than the limit of 256\\.0 MiB \\(XMARGIN_MEMORY_LIMIT=256M\\); the largest part is the series of the representative path: `),
    );
    expectNoOutput(c.dir, c.out, ['mc.json']);
  });

  it('a shard too large for one shard.json says how many shards are needed', () => {
    const c = mcCase('shard', { runs: 100_000_000 });
    // The memory check comes first and depends on the machine (this shard's text alone is 13 GiB): lift it, so the
    // string-length check is what answers on any machine.
    expectInputError(
      xmargin(['run', c.file, '--shard', '1/2', '--out', c.out], { env: { XMARGIN_MEMORY_LIMIT: '1T' } }),
      /^xmargin: error: --shard: this shard holds 50,000,000 paths, .* more than a JavaScript string can hold \(536,870,888\); split the run into at least \d+ shards$/,
    );
  });

  it('a malformed XMARGIN_MEMORY_LIMIT', () => {
    expectInputError(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', join(root, 'x')], { env: { XMARGIN_MEMORY_LIMIT: 'lots' } }), /^xmargin: error: XMARGIN_MEMORY_LIMIT: expected a size such as 8G or 8589934592, got "lots"$/);
  });
});

describe('data.to as a date keeps the whole day of intraday data (an inclusive range of dates)', () => {
  it('"to": "2001-04-05" ends at 23:30 that day; a date-time ends at that instant', () => {
    const scenario = readScenario(join(ROOT, 'scenarios/eu-pair-trade-1998.json'));
    const at = (to: string) => {
      const s = {
        ...scenario,
        data: { file: 'intraday-30min.csv', from: '2001-04-02', to, missing: 'error' as const },
        portfolio: { capital: 1e6, positions: [{ asset: 'ES', notional: 1e6, leverage: 10, maintenanceRate: 0.05 }, { asset: 'NQ', notional: -1e6, leverage: 10, maintenanceRate: 0.05 }] },
        margin: { ...scenario.margin, horizonDays: 0.1, modes: [{ kind: 'cross' as const }] },
        correlation: { kind: 'ewma' as const, lambda: 0.9 },
      };
      const compiled = compileScenario(s, join(ROOT, 'test/fixtures/data/scenario.json'));
      return new Date(compiled.frame.time[compiled.frame.rows - 1]).toISOString();
    };
    expect(at('2001-04-05')).toBe('2001-04-05T23:30:00.000Z');
    expect(at('2001-04-05T12:00:00Z')).toBe('2001-04-05T12:00:00.000Z');
  });
});
