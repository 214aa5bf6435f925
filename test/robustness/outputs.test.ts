import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInputError, expectNoOutput, literal, tempRoot, xmargin } from './cli.js';

const SMALL_MC = 'test/montecarlo/fixtures/mc-small.json';

describe('--out that cannot be a folder: exit 2 with the path, nothing written', () => {
  const root = tempRoot('out');
  const file = join(root, 'a-file');
  writeFileSync(file, 'mine\n');

  it('run --out an existing file', () => {
    expectInputError(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', file]), new RegExp(`^xmargin: error: ${literal(file)}: expected a folder to write into, got a file`));
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('run --out a path through a file', () => {
    expectInputError(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', join(file, 'sub')]), new RegExp(`^xmargin: error: ${literal(join(file, 'sub'))}: cannot write the folder: a part of the path is a file`));
  });

  it('run --out a folder that holds files xmargin did not write: refused, the folder untouched', () => {
    const project = join(root, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'notes.txt'), 'keep me');
    expectInputError(
      xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', project]),
      new RegExp(`^xmargin: error: ${literal(project)}: expected a new, empty or earlier xmargin output folder \\(it is replaced as a whole\\), got one that also holds "notes.txt"; choose another --out`),
    );
    expect(readdirSync(project)).toEqual(['notes.txt']);
    expect(readdirSync(root).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('generate --out an existing folder', () => {
    const dir = join(root, 'a-folder');
    mkdirSync(dir);
    expectInputError(
      xmargin(['generate', '--generator', '{"kind":"gbm","assets":["A"],"sigma":0.2}', '--runs', '2', '--steps', '3', '--out', dir]),
      new RegExp(`^xmargin: error: ${literal(dir)}: cannot write the file: it is a folder, not a file`),
    );
  });
});

describe('tampered outputs are refused (exit 2 naming the file); --no-verify reads them and says so', () => {
  const root = tempRoot('tamper');
  const run = join(root, 'run');
  beforeAll(() => {
    expect(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', run, '--quiet']).status).toBe(0);
  });
  const copy = (name: string) => {
    const dir = join(root, name);
    cpSync(run, dir, { recursive: true });
    return dir;
  };
  const policy = join(root, 'policy.json');
  writeFileSync(policy, JSON.stringify({ rules: [{ id: 'no-bad-debt', metric: 'badDebt.total', max: 0 }] }));

  it('the untouched run verifies: report and gate --result exit 0', () => {
    expect(xmargin(['report', copy('clean'), '--quiet']).status).toBe(0);
    expect(xmargin(['gate', '--result', join(root, 'clean'), '--policy', policy, '--out', join(root, 'gate-clean'), '--quiet']).status).toBe(0);
  });

  it('a forged figure in result.json: report and gate --result refuse it', () => {
    const dir = copy('forged');
    const file = join(dir, 'result.json');
    const result = JSON.parse(readFileSync(file, 'utf8'));
    result.modes[0].finalEquity += 1_000_000;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const before = readFileSync(join(dir, 'report.html'));
    const located = new RegExp(`^xmargin: error: ${literal(file)}: the content does not match its digest \\(edited or damaged\\?\\): "digest" says [0-9a-f]{12}…, the content gives [0-9a-f]{12}…; re-run, or pass --no-verify`);
    expectInputError(xmargin(['report', dir]), located);
    expect(readFileSync(join(dir, 'report.html')).equals(before)).toBe(true);
    const gateOut = join(root, 'gate-forged');
    expectInputError(xmargin(['gate', '--result', dir, '--policy', policy, '--out', gateOut]), located);
    expectInputError(xmargin(['gate', '--result', file, '--policy', policy, '--out', gateOut]), located);

    const forensic = xmargin(['report', dir, '--no-verify']);
    expect(forensic.status).toBe(0);
    expect(forensic.stderr).toContain('without checking the digests (--no-verify)');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('Not verified: this report was rendered with --no-verify');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<p class="notice" role="alert">Not verified');
    const gated = xmargin(['gate', '--result', dir, '--policy', policy, '--out', gateOut, '--no-verify', '--quiet']);
    expect(gated.status).toBe(0);
    expect(readFileSync(join(gateOut, 'gate.md'), 'utf8')).toContain('**Not verified**');
    expect(JSON.parse(readFileSync(join(gateOut, 'gate.json'), 'utf8')).unverified).toBe(true);
  });

  it('a fabricated row in events.csv', () => {
    const dir = copy('fabricated');
    const file = join(dir, 'events.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(2, 0, lines[1].replace(/^liquidation,\d+,/, 'liquidation,500,'));
    writeFileSync(file, lines.join('\n'));
    expectInputError(xmargin(['report', dir]), new RegExp(`^xmargin: error: ${literal(file)}: does not match the digest in result.json \\(edited or damaged\\?\\)`));
    expectInputError(xmargin(['gate', '--result', dir, '--policy', policy, '--out', join(root, 'gate-fabricated')]), new RegExp(`^xmargin: error: ${literal(file)}: does not match the digest`));
  });

  it('a changed number in timeseries.arrow', () => {
    const dir = copy('series');
    const file = join(dir, 'timeseries.arrow');
    const bytes = readFileSync(file);
    // The middle of the file is column data: a flipped bit there keeps the file readable and changes a value.
    bytes[Math.floor(bytes.length / 2)] ^= 0x10;
    writeFileSync(file, bytes);
    expectInputError(xmargin(['report', dir]), new RegExp(`^xmargin: error: ${literal(file)}: (does not match the digest in result.json|expected the Arrow IPC file)`));
  });
});

describe('merge: an edited or truncated shard is refused', () => {
  const root = tempRoot('shards');
  const shard = (k: number) => join(root, `s${k}`);
  beforeAll(() => {
    for (const k of [1, 2]) expect(xmargin(['run', SMALL_MC, '--shard', `${k}/2`, '--out', shard(k), '--threads', '1']).status).toBe(0);
  });

  it('a tally whose exact sum was edited (a forged NaN) or whose count was edited', () => {
    for (const [name, edit] of [
      ['nan', (t: { modes: { badDebt: { special: string | null } }[] }) => (t.modes[0].badDebt.special = 'NaN')],
      ['count', (t: { modes: { liquidations: number }[] }) => (t.modes[0].liquidations += 1)],
    ] as const) {
      const dir = join(root, `edited-${name}`);
      cpSync(shard(2), dir, { recursive: true });
      const file = join(dir, 'shard.json');
      const value = JSON.parse(readFileSync(file, 'utf8'));
      (edit as (t: unknown) => void)(value.tally);
      writeFileSync(file, `${JSON.stringify(value)}\n`);
      const out = join(root, `merged-${name}`);
      expectInputError(xmargin(['merge', shard(1), dir, '--out', out]), new RegExp(`^xmargin: error: ${literal(file)}: the content does not match its digest`));
      expectNoOutput(root, out, readdirSync(root));
    }
  });

  it('a truncated shard.json names the line and column', () => {
    const dir = join(root, 'truncated');
    cpSync(shard(2), dir, { recursive: true });
    const file = join(dir, 'shard.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    expectInputError(xmargin(['merge', shard(1), dir, '--out', join(root, 'merged-truncated')]), new RegExp(`^xmargin: error: ${literal(file)}:1: invalid JSON at column \\d+: `));
  });

  it('a tally of the wrong shape names the JSON path', () => {
    const dir = join(root, 'shape');
    cpSync(shard(2), dir, { recursive: true });
    const file = join(dir, 'shard.json');
    const value = JSON.parse(readFileSync(file, 'utf8'));
    value.tally.modes[0].liquidations = 'many';
    writeFileSync(file, JSON.stringify(value));
    expectInputError(xmargin(['merge', shard(1), dir, '--out', join(root, 'merged-shape')]), new RegExp(`^xmargin: error: ${literal(file)}: tally\\.modes\\[0\\]\\.liquidations: expected number`));
  });

  it('--no-verify merges an edited shard for forensic use, and the result and report say so', () => {
    const dir = join(root, 'edited-count');
    const out = join(root, 'forensic');
    const result = xmargin(['merge', shard(1), dir, '--out', out, '--no-verify', '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('without checking their digests (--no-verify)');
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).unverified).toEqual([shard(1), dir]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Not verified: this result was merged with --no-verify');
  });
});
