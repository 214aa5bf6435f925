import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputError, ROOT, tempRoot, xmargin } from './cli.js';

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

describe("the newcomer's first commands", () => {
  const root = tempRoot('usage');

  it("--version prints xmargin's version whatever package.json is in the working folder", () => {
    const other = join(root, 'other-project');
    mkdirSync(other);
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'other', version: '9.9.9' }));
    for (const cwd of [other, root]) {
      const result = xmargin(['--version'], { cwd });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });

  it('no command: exit 2, and the commands are listed above the error', () => {
    const result = xmargin([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    for (const command of ['run', 'report', 'merge', 'inspect', 'convert', 'generate', 'calibrate', 'gate']) {
      expect(result.stderr).toMatch(new RegExp(`^  xmargin ${command}\\b`, 'm'));
    }
    expect(result.stderr).toMatch(/\nxmargin: error: name a command \(listed above\)\nRun 'xmargin --help' for usage\.\n$/);
  });

  it("gate without arguments points at the gate's own help", () => {
    expectInputError(xmargin(['gate']), /^xmargin: error: the gate needs --policy \(or --list-metrics\)$/);
    expect(xmargin(['gate']).stderr).toContain("Run 'xmargin gate --help' for usage.");
  });

  it('help texts: no "[default: []]" on required positionals, no description run into its type', () => {
    for (const command of ['run', 'report', 'merge', 'inspect', 'convert', 'generate', 'calibrate', 'gate']) {
      const help = xmargin([command, '--help']).stdout;
      expect(help, command).not.toContain('[default: []]');
      expect(help, command).not.toMatch(/[a-z)]\[(number|string|boolean|array)\]/);
    }
  });

  it('generate takes the spec as inline JSON, as its help says', () => {
    const out = join(root, 'inline.arrow');
    const result = xmargin(['generate', '--generator', '{"kind":"gbm","assets":["A","B"],"sigma":0.2,"rho":0.5}', '--runs', '3', '--steps', '4', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*inline\.arrow: 3 paths × 5 rows × 2 assets \(15 rows\); gbm\(/);
    expect(xmargin(['generate', '--generator', '{"kind":"gbm",', '--out', out]).stderr).toMatch(/^xmargin: error: --generator:1: invalid JSON at column 15: /);
  });

  it('gate.md shows file names in code spans literally (no backslash escapes inside them)', () => {
    const dir = join(root, 'gate');
    mkdirSync(dir);
    const run = join(dir, 'my_run');
    expect(xmargin(['run', 'scenarios/eu-pair-trade-1998.json', '--out', run, '--quiet', '--no-report']).status).toBe(0);
    const policy = join(dir, 'hostile_set.json');
    writeFileSync(policy, JSON.stringify({ name: 'a_b', rules: [{ id: 'no-bad-debt', metric: 'badDebt.total', max: 0 }] }));
    const result = xmargin(['gate', '--result', join(run, 'result.json'), '--policy', policy, '--out', join(dir, 'out'), '--quiet']);
    expect(result.status).toBe(0);
    const md = readFileSync(join(dir, 'out', 'gate.md'), 'utf8');
    expect(md).toContain(`policy \`${policy}\` (a\\_b)`);
    expect(md).toContain(`Saved result \`${join(run, 'result.json')}\``);
    expect(md).not.toMatch(/`[^`]*\\_[^`]*`/);
  });
});
