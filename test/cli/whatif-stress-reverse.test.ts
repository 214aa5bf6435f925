import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('xmargin whatif and stress-reverse (thin shells over whatIf and stressReverse)', () => {
  it('whatif prints every mode\'s requirement before and after, then the change per position', () => {
    const r = xmargin('whatif', 'scenarios/eu-pair-trade-1998.json', '--at', '1998-07-20', '--add', '{"asset":"SMI","notional":-2000000,"leverage":10,"maintenanceRate":0.05}');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('eu-pair-trade-1998 at 1998-07-20: add #2 SMI (notional -2,000,000 EUR)');
    expect(r.stdout).toMatch(/^ {2}cross +1,032,183 +1,132,183 +\+100,000 \(\+9\.7%\)/m);
    expect(r.stdout).toMatch(/^ {2}#2 SMI +added +- +100,000 +\+100,000/m);
  });

  it('whatif --json is the library report; --remove by asset', () => {
    const r = xmargin('whatif', 'scenarios/eu-pair-trade-1998.json', '--at', '1998-07-20', '--remove', 'CAC', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.removed).toEqual([{ position: 1, instrument: 'CAC' }]);
    expect(report.modes.map((m: { mode: string }) => m.mode)).toEqual(['isolated', 'cross', 'portfolio-var', 'portfolio-hs']);
  });

  it('stress-reverse prints the nearest breach of every mode first, then the frontier', () => {
    const r = xmargin('stress-reverse', 'scenarios/eu-pair-trade-1998.json', '--at', '1998-07-20', '--rho-step', '0.25');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^portfolio-var +underfunding +\d+\.\d{3} +0\.\d{3} +\d+\.\d{3}/m);
    expect(r.stdout).toContain('Breach frontier (smallest breaking shock for a correlation shift of at most Δρ):');
    expect(r.stdout).toMatch(/^ {2}1\.000 +- +[\d.]+ +[\d.]+ +[\d.]+$/m);
  });

  it('bad input is one line and exit code 2', () => {
    const badJson = xmargin('whatif', 'scenarios/eu-pair-trade-1998.json', '--add', '{asset:SMI}');
    expect(badJson.status).toBe(2);
    expect(badJson.stderr.split('\n')[0]).toMatch(/^xmargin: error: --add\[0\]: expected a position as JSON, got "\{asset:SMI\}"/);
    const badDate = xmargin('stress-reverse', 'scenarios/eu-pair-trade-1998.json', '--at', '2030-01-01');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr.split('\n')[0]).toBe('xmargin: error: --at: 2030-01-01 is outside the run of scenarios/eu-pair-trade-1998.json (the book opens 1997-01-02, the data ends 1998-08-14)');
    const badShock = xmargin('stress-reverse', 'scenarios/eu-pair-trade-1998.json', '--max-shock', '-1');
    expect(badShock.status).toBe(2);
    expect(badShock.stderr.split('\n')[0]).toBe('xmargin: error: --max-shock: expected a number in (0, 100], got -1');
  });
});
