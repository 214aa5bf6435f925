import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunFolderFiles, resolveOutputFolder } from '../../src/index.js';
import { ROOT, tempRoot, xmargin } from './cli.js';

/**
 * `kill -9` during the write phase. A real `xmargin run` is stopped at every step of its folder write (the
 * test hook XMARGIN_TEST_KILL_AT makes the process SIGKILL itself there, half-way through a file included),
 * and at moments spread over a larger run's whole life. After each kill:
 *
 * - a reader sees the old complete run or the new complete run, file for file, never a mix: the output
 *   folder, or while it is absent between the two renames its complete twin (`resolveOutputFolder`);
 * - the output folder itself, when it exists, is complete (all five files, digests verified);
 * - the next run into the folder succeeds and leaves no temporary sibling behind.
 */

const STEPS = ['mkdir', 'partial-1', 'file-1', 'partial-2', 'file-2', 'partial-3', 'file-3', 'partial-4', 'file-4', 'partial-5', 'file-5', 'ready', 'aside', 'swapped', 'removed'];
const FILES = ['events.csv', 'report.html', 'report.md', 'result.json', 'timeseries.arrow'];

type Snapshot = Map<string, Buffer>;

function snapshot(dir: string): Snapshot {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))]));
}

function same(a: Snapshot, b: Snapshot): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);
}

/** Which complete run a folder holds: 'old', 'new', or a description of what is wrong. */
function whichRun(dir: string, old: Snapshot, fresh: Snapshot): string {
  const seen = snapshot(dir);
  if (same(seen, old)) return 'old';
  if (same(seen, fresh)) return 'new';
  return `a mix or partial folder: ${[...seen.keys()].join(', ')}`;
}

/** A scenario file like a bundled one with another capital (so its outputs differ byte for byte). */
function variant(root: string, name: string, capital: number): string {
  const scenario = JSON.parse(readFileSync(join(ROOT, `scenarios/${name}.json`), 'utf8'));
  scenario.data.file = join(ROOT, 'data', basename(scenario.data.file));
  scenario.portfolio.capital = capital;
  const file = join(root, `${name}-${capital}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

function siblings(out: string): string[] {
  return readdirSync(dirname(out)).filter((e) => e.startsWith(`.${basename(out)}.xmargin-`));
}

/** Check the invariant after a kill, then that the next run into the folder cleans up. */
function checkAfterKill(out: string, old: Snapshot, fresh: Snapshot, next: () => void, what: string): string {
  const read = resolveOutputFolder(out);
  const state = whichRun(read, old, fresh);
  expect(state, `${what}: a reader sees`).toMatch(/^(old|new)$/);
  // The folder a reader is given verifies against its digests.
  expect(() => readRunFolderFiles(out)).not.toThrow();
  if (existsSync(out)) expect(whichRun(out, old, fresh), `${what}: the output folder holds`).toMatch(/^(old|new)$/);
  next();
  expect(whichRun(out, old, fresh), `${what}: after the next run`).toBe('new');
  expect(siblings(out), `${what}: siblings left after the next run`).toEqual([]);
  return state;
}

describe('kill -9 at every step of the write phase leaves the old or the new complete run', () => {
  const root = tempRoot('kill');
  const oldScenario = variant(root, 'eu-pair-trade-1998', 2_000_000);
  const newScenario = variant(root, 'eu-pair-trade-1998', 1_500_000);
  const pristine = (name: string, scenario: string) => {
    const dir = join(root, name);
    expect(xmargin(['run', scenario, '--out', dir, '--quiet']).status).toBe(0);
    return snapshot(dir);
  };
  const old = pristine('pristine-old', oldScenario);
  const fresh = pristine('pristine-new', newScenario);
  const runs = join(root, 'runs');
  mkdirSync(runs);
  const out = join(runs, 'eu');

  it('the two runs differ (so a mix would show)', () => {
    expect([...old.keys()]).toEqual(FILES);
    expect(old.get('result.json')!.equals(fresh.get('result.json')!)).toBe(false);
    expect(old.get('timeseries.arrow')!.equals(fresh.get('timeseries.arrow')!)).toBe(false);
  });

  it.each(STEPS)('killed at %s', (step) => {
    rmSync(out, { recursive: true, force: true });
    cpSync(join(root, 'pristine-old'), out, { recursive: true });
    const killed = xmargin(['run', newScenario, '--out', out, '--quiet'], { env: { XMARGIN_TEST_KILL_AT: step } });
    expect(killed.status, killed.stderr).toBe(null);
    const state = checkAfterKill(out, old, fresh, () => expect(xmargin(['run', newScenario, '--out', out, '--quiet']).status).toBe(0), step);
    // Until the old folder is moved aside the reader sees it; from then on the new run (its twin, then the folder).
    const completeFrom = STEPS.indexOf('aside');
    expect(state).toBe(STEPS.indexOf(step) < completeFrom ? 'old' : 'new');
  });

  it('in the middle state (old folder moved aside, new one not yet in place) a reader that only reads gets the new run', () => {
    rmSync(out, { recursive: true, force: true });
    cpSync(join(root, 'pristine-old'), out, { recursive: true });
    expect(xmargin(['run', newScenario, '--out', out, '--quiet'], { env: { XMARGIN_TEST_KILL_AT: 'aside' } }).status).toBe(null);
    expect(existsSync(out)).toBe(false);
    expect(siblings(out).map((s) => s.replace(/\.\d+\.\d+$/, '')).sort()).toEqual([`.eu.xmargin-old`, `.eu.xmargin-ready`]);
    const policy = join(root, 'policy.json');
    writeFileSync(policy, JSON.stringify({ rules: [{ id: 'any', metric: 'liquidations.total', min: 0 }] }));
    const gate = xmargin(['gate', '--result', out, '--policy', policy, '--out', join(root, 'gate'), '--quiet']);
    expect(gate.status, gate.stderr).toBe(0);
    const digest = JSON.parse(fresh.get('result.json')!.toString('utf8')).digest;
    expect(JSON.parse(readFileSync(join(root, 'gate', 'gate.json'), 'utf8')).scenarios[0].digests.candidate).toBe(digest);
    // The next writer resolves the middle state first.
    expect(xmargin(['run', oldScenario, '--out', out, '--quiet']).status).toBe(0);
    expect(whichRun(out, old, fresh)).toBe('old');
    expect(siblings(out)).toEqual([]);
  });

  it('xmargin report re-rendering in place, killed at each step: the old or the new reports, with the run files intact', () => {
    for (const step of ['file-2', 'partial-4', 'ready', 'aside', 'swapped']) {
      rmSync(out, { recursive: true, force: true });
      cpSync(join(root, 'pristine-new'), out, { recursive: true });
      const before = snapshot(out);
      // --no-verify adds a notice to both reports, so the re-rendered folder differs from the one before.
      expect(xmargin(['report', out, '--no-verify', '--quiet'], { env: { XMARGIN_TEST_KILL_AT: step } }).status).toBe(null);
      const read = resolveOutputFolder(out);
      const after = snapshot(read);
      const rerendered = new Map(before);
      expect(xmargin(['report', out, '--no-verify', '--quiet']).status).toBe(0);
      const final = snapshot(out);
      for (const name of ['report.html', 'report.md']) rerendered.set(name, final.get(name)!);
      expect(same(after, before) || same(after, rerendered), `report killed at ${step}`).toBe(true);
      expect(siblings(out)).toEqual([]);
    }
  });
});

describe('kill -9 at moments spread over a larger run (Dow 30, a 10 MB series)', () => {
  const root = tempRoot('sweep');
  const oldScenario = variant(root, 'dow30-long-short', 200_000_000);
  const newScenario = variant(root, 'dow30-long-short', 100_000_000);
  const oldDir = join(root, 'pristine-old');
  const newDir = join(root, 'pristine-new');
  const started = performance.now();
  expect(xmargin(['run', newScenario, '--out', newDir, '--quiet']).status).toBe(0);
  const duration = performance.now() - started;
  expect(xmargin(['run', oldScenario, '--out', oldDir, '--quiet']).status).toBe(0);
  const old = snapshot(oldDir);
  const fresh = snapshot(newDir);
  const out = join(root, 'runs', 'dow');
  mkdirSync(dirname(out));

  it('4 kills from 40 % to 110 % of a run\'s duration: each leaves the old or the new run', async () => {
    const states: string[] = [];
    for (let k = 0; k < 4; k++) {
      rmSync(out, { recursive: true, force: true });
      cpSync(oldDir, out, { recursive: true });
      const delay = duration * (0.4 + (0.7 * k) / 3);
      const child = spawn(process.execPath, [join(ROOT, 'bin/xmargin.js'), 'run', newScenario, '--out', out, '--quiet'], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await new Promise((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      states.push(checkAfterKill(out, old, fresh, () => expect(xmargin(['run', newScenario, '--out', out, '--quiet']).status).toBe(0), `kill after ${Math.round(delay)} ms`));
    }
    // Timing on a shared machine varies; what matters is that every state was old or new (checked above).
    expect(states.every((s) => s === 'old' || s === 'new')).toBe(true);
  });
});
