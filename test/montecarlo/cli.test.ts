import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL_SCENARIO, tempDir } from './mc-fixture.js';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const digestOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { digest: string }).digest;
const scenario = relative(process.cwd(), SMALL_SCENARIO);

describe('xmargin run (Monte Carlo) and xmargin merge', () => {
  const root = tempDir();

  it('--threads 1 and --threads 2 write the same digest; two shards merge into it', () => {
    const one = xmargin('run', scenario, '--threads', '1', '--out', join(root, 't1'));
    expect(one.stderr).toBe(''); // not a terminal: no progress line
    expect(one.status).toBe(0);
    expect(one.stdout.split('\n')[0]).toBe('mc-small');
    expect(one.stdout).toMatch(/^Monte Carlo: 40 synthetic paths × 60 steps, seed 7, regime-switching\(/m);
    // Each share of paths with its 95 % Wilson interval.
    expect(one.stdout).toMatch(/^ {2}isolated\s+\d+\.\d% \[\d+\.\d–\d+\.\d%\]/m);
    expect(one.stdout).toMatch(/^representative path \d+ \(the median by portfolio's final equity\):$/m);
    expect(xmargin('run', scenario, '--threads', '2', '--out', join(root, 't2'), '--quiet').status).toBe(0);
    expect(digestOf(join(root, 't2'))).toBe(digestOf(join(root, 't1')));

    for (const k of [1, 2]) {
      const shard = xmargin('run', scenario, '--shard', `${k}/2`, '--out', join(root, `s${k}`));
      expect(shard.status).toBe(0);
      expect(shard.stdout).toBe(`shard ${k}/2: paths ${k === 1 ? '0–19' : '20–39'} (20) written to ${join(root, `s${k}`)}/; combine all 2 with xmargin merge\n`);
    }
    const merged = xmargin('merge', join(root, 's2'), join(root, 's1'), '--out', join(root, 'merged'));
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/^merged 2 shards\n/);
    expect(digestOf(join(root, 'merged'))).toBe(digestOf(join(root, 't1')));
    // The merged folder is the unsharded one, reports included (rendered from the same saved outputs).
    for (const name of ['events.csv', 'timeseries.arrow', 'report.html', 'report.md']) {
      expect(readFileSync(join(root, 'merged', name)).equals(readFileSync(join(root, 't1', name))), name).toBe(true);
    }
  });

  it('merge with a shard missing exits 2 with one line', () => {
    // Shard 1/2 of the test above, alone.
    const { status, stdout, stderr } = xmargin('merge', join(root, 's1'), '--out', join(root, 'm'));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('xmargin: error: missing shard 2 of 2; run them with --shard k/2\n');
  });

  it('a bad --shard exits 2 naming the option', () => {
    const shard = xmargin('run', scenario, '--shard', '3/2');
    expect(shard.status).toBe(2);
    expect(shard.stderr.split('\n')[0]).toBe('xmargin: error: --shard: expected k/N with 1 ≤ k ≤ N (e.g. 2/8), got "3/2"');
  });
});
