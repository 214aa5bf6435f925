import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gateMetrics, type GateReport, type RunResult } from '../../src/index.js';
import { checkJunit } from './junit-check.js';
import { checkMarkdownTables } from './markdown-check.js';

/** Runs the compiled CLI (test/setup/global-build.ts compiles it) as a user would. */
function xmargin(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// One small bundled scenario keeps the suite fast (each engine run of it takes well under a second).
const SCENARIO = 'scenarios/eu-pair-trade-1998.json';
const BASELINE = 'examples/ci/baseline.json';
const CANDIDATE = 'examples/ci/candidate.json';
const POLICY = 'examples/ci/policy.json';
const gate = (out: string, ...args: string[]) => xmargin('gate', '--scenarios', SCENARIO, '--out', out, ...args);
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

let dir: string;
let same: ReturnType<typeof xmargin>;
let loose: ReturnType<typeof xmargin>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-gate-'));
  same = gate(join(dir, 'same'), '--baseline', BASELINE, '--candidate', BASELINE, '--policy', POLICY);
  loose = gate(join(dir, 'loose'), '--baseline', BASELINE, '--candidate', CANDIDATE, '--policy', POLICY);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xmargin gate, baseline against itself', () => {
  it('passes with exit 0 and prints the Markdown summary', () => {
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout.startsWith('## ✅ Margin gate passed: 12 of 12 checks\n')).toBe(true);
    expect(same.stdout).toBe(readFileSync(join(dir, 'same', 'gate.md'), 'utf8'));
    expect(same.stderr).toBe(`gate: 12 passed, 0 failed, 0 skipped; wrote ${['gate.md', 'junit.xml', 'gate.json'].map((f) => join(dir, 'same', f)).join(', ')}\n`);
  });

  it('runs exactly what `xmargin run` runs: same digest and metrics as the scenario run on its own', () => {
    // The baseline set restates the scenario's own parameters, so the overlay is the identity and the
    // gate's run must equal an independent `xmargin run` of the file, digest for digest.
    const run = xmargin('run', SCENARIO, '--out', join(dir, 'run'), '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const result = readJson<RunResult>(join(dir, 'run', 'result.json'));
    const report = readJson<GateReport>(join(dir, 'same', 'gate.json'));
    expect(report.scenarios[0].digests).toEqual({ baseline: result.digest, candidate: result.digest });
    expect(report.scenarios[0].baseline).toEqual(gateMetrics(result));
    expect(Object.values(report.scenarios[0].delta!).every((d) => d === 0 || d === null)).toBe(true);
  });
});

describe('xmargin gate, a candidate that widens correlation credit (cap 1.0, confidence 97.5 %)', () => {
  it('fails with exit 3, one line on stderr, and the failed rules named per scenario in the table', () => {
    expect(loose.status, loose.stderr).toBe(3);
    expect(loose.stderr.split('\n').filter(Boolean).at(-1)).toMatch(/^xmargin: error: \d+ of 12 gate checks failed; see .*gate\.md$/);
    const failedRows = checkMarkdownTables(loose.stdout)[0].slice(2);
    const named = failedRows.map((r) => `${r[0]} @ ${r[1]}`);
    expect(named).toContain('no-more-breakdown-underfunding @ eu-pair-trade-1998');
    expect(named).toContain('traffic-light-green \\[portfolio-hs\\] @ eu-pair-trade-1998');
    expect(failedRows.every((r) => r[2] === '❌ fail')).toBe(true);
  });

  it('reports the candidate numbers an independent run of the loosened scenario gives', () => {
    // Independent computation: the scenario edited by hand (cap 1.0 on both portfolio modes, confidence
    // 0.975) and run with `xmargin run`, no gate code involved. The gate must report those numbers.
    const scenario = readJson<Record<string, any>>(SCENARIO);
    scenario.data.file = resolve('data/eustockmarkets.csv');
    scenario.margin.confidence = 0.975;
    for (const mode of scenario.margin.modes) if (mode.kind === 'portfolio') mode.cap = 1;
    writeFileSync(join(dir, 'loosened.json'), JSON.stringify(scenario));
    const run = xmargin('run', join(dir, 'loosened.json'), '--out', join(dir, 'loosened'), '--quiet');
    expect(run.status, run.stderr).toBe(0);
    // The candidate lowers the confidence, so the gate judges its coverage against the baseline's 1 % target.
    const independent = gateMetrics(readJson<RunResult>(join(dir, 'loosened', 'result.json')), { target: 1 - 0.99 });
    const report = readJson<GateReport>(join(dir, 'loose', 'gate.json'));
    expect(report.scenarios[0].candidate).toEqual(independent);
    expect(report.scenarios[0].judgedAgainst).toEqual({ baseline: 0.99, candidate: 0.975 });
    expect(report.scenarios[0].candidate['portfolio-hs.expectedRate']).toBeCloseTo(0.01, 15);
    const row = report.verdicts.find((v) => v.rule === 'no-more-breakdown-underfunding')!;
    expect(row).toMatchObject({ status: 'fail', baseline: String(report.scenarios[0].baseline!['underfunded.correlation_breakdown']), candidate: String(independent['underfunded.correlation_breakdown']) });
    // The loosening must actually add correlation-breakdown underfunding (what the example demonstrates).
    expect(independent['underfunded.correlation_breakdown']!).toBeGreaterThan(report.scenarios[0].baseline!['underfunded.correlation_breakdown']!);
  });

  it('writes JUnit XML that validates: one testcase per rule × scenario (× mode), failures carrying messages', () => {
    const { suites, cases } = checkJunit(readFileSync(join(dir, 'loose', 'junit.xml'), 'utf8'));
    const report = readJson<GateReport>(join(dir, 'loose', 'gate.json'));
    expect(suites.map((s) => s.attributes.name)).toEqual(['eu-pair-trade-1998']);
    expect(cases).toHaveLength(report.counts.checks);
    const failures = cases.filter((c) => c.children[0]?.name === 'failure');
    expect(failures).toHaveLength(report.counts.failed);
    const breakdown = cases.find((c) => c.attributes.name === 'no-more-breakdown-underfunding')!;
    expect(breakdown.children[0].attributes.message).toMatch(/^underfunded\.correlation_breakdown = \d+ breaks the limit ≤ \d+ \(baseline \+0\)/);
  });
});

describe('xmargin gate --format text', () => {
  it('prints a plain-text summary, verdict first, without colour when stdout is not a terminal (or NO_COLOR is set)', () => {
    const r = spawnSync(process.execPath, ['bin/xmargin.js', 'gate', '--scenarios', SCENARIO, '--out', join(dir, 'text'), '--baseline', BASELINE, '--candidate', CANDIDATE, '--policy', POLICY, '--format', 'text'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(3);
    const report = readJson<GateReport>(join(dir, 'text', 'gate.json'));
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Margin gate FAILED: ${report.counts.failed} of ${report.counts.checks} checks`);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toContain(`Failed (${report.counts.failed})`);
    expect(r.stdout).toContain('its coverage is judged against the baseline\'s target');
    // One row per failed check, naming rule and scenario.
    for (const v of report.verdicts.filter((x) => x.status === 'fail')) {
      expect(lines.some((l) => l.includes(v.mode ? `${v.rule} [${v.mode}]` : v.rule) && l.includes(v.scenario))).toBe(true);
    }
  });
});

describe('xmargin gate, bad input exits 2 before any engine run', () => {
  it('a malformed policy names the file, the rule and the field', () => {
    const r = gate(join(dir, 'bad'), '--baseline', BASELINE, '--candidate', CANDIDATE, '--policy', 'test/fixtures/gate/malformed-policy.json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('xmargin: error: test/fixtures/gate/malformed-policy.json: rules[1].maxIncrease: expected a number (units of the metric) or a percentage of the baseline such as "5%"\n');
  });

  it('an unknown metric names the rule and the name', () => {
    const r = gate(join(dir, 'bad'), '--baseline', BASELINE, '--candidate', CANDIDATE, '--policy', 'test/fixtures/gate/unknown-metric-policy.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('xmargin: error: test/fixtures/gate/unknown-metric-policy.json: rules[1].expr: rule "requirement-rise": unknown metric "portfolio-var.meanRequirment"; run xmargin gate --list-metrics for the names\n');
  });

  it('a parameter set that patches a mode the scenario lacks names the set file and the key', () => {
    const r = gate(join(dir, 'bad'), '--baseline', BASELINE, '--candidate', 'test/fixtures/gate/wrong-mode-set.json', '--policy', POLICY);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^xmargin: error: test\/fixtures\/gate\/wrong-mode-set\.json: modePatches\.portfolio-es: no mode named "portfolio-es"/);
  });

  it('a pattern matching no scenario is an error, not an empty pass', () => {
    const r = xmargin('gate', '--baseline', BASELINE, '--candidate', BASELINE, '--policy', POLICY, '--scenarios', 'scenarios/*.yaml', '--out', join(dir, 'bad'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('xmargin: error: --scenarios "scenarios/*.yaml": no file matches\n');
  });
});

describe('xmargin gate --result (one saved run, absolute rules)', () => {
  it('checks the saved run; a rule for another scenario shows as skipped', () => {
    const run = join(dir, 'run');
    const r = xmargin('gate', '--result', run, '--policy', 'test/fixtures/gate/absolute-policy.json', '--out', join(dir, 'single'));
    const report = readJson<GateReport>(join(dir, 'single', 'gate.json'));
    const result = readJson<RunResult>(join(run, 'result.json'));
    // breakdown-cap: the saved run has result.events.underfundedByCause.correlation_breakdown steps; limit 2.
    const breakdown = result.events.underfundedByCause.correlation_breakdown;
    expect(report.verdicts.map((v) => [v.rule, v.mode, v.status])).toEqual([
      ['no-bad-debt', null, result.modes.every((m) => m.badDebt === 0) ? 'pass' : 'fail'],
      ...result.coverage.filter((c) => c.mode.startsWith('portfolio')).map((c) => ['traffic-light-green', c.mode, c.trafficLight!.zone === 'green' ? 'pass' : 'fail']),
      ['breakdown-cap', null, breakdown <= 2 ? 'pass' : 'fail'],
      ['other-scenario', null, 'skip'],
    ]);
    expect(r.status).toBe(report.passed ? 0 : 3);
    expect(r.stdout).toContain(`Saved result \`${join(run, 'result.json')}\``);
    checkJunit(readFileSync(join(dir, 'single', 'junit.xml'), 'utf8'));
  });

  it('runs the bundled policy on a saved run (the README example): rules that compare with a baseline show as skipped', () => {
    const r = xmargin('gate', '--result', join(dir, 'run'), '--policy', POLICY, '--out', join(dir, 'single2'));
    const report = readJson<GateReport>(join(dir, 'single2', 'gate.json'));
    expect(r.status, r.stderr).toBe(report.passed ? 0 : 3);
    const skipped = report.verdicts.filter((v) => v.status === 'skip').map((v) => v.rule);
    expect(skipped).toEqual(['no-more-breakdown-underfunding', 'avoided-liquidations', 'requirement-rise', 'exceedances-per-mode']);
    expect(report.verdicts.find((v) => v.rule === 'no-bad-debt')!.status).not.toBe('skip');
  });
});

describe('xmargin gate on a Monte Carlo scenario (40 paths × 60 steps)', () => {
  const MC = 'test/fixtures/gate/mc-small.json';
  const MC_POLICY = 'test/fixtures/gate/mc-policy.json';

  it('runs both sides on the same seeded paths: the baseline equals an independent xmargin run, digest for digest', () => {
    const r = xmargin('gate', '--baseline', BASELINE, '--candidate', BASELINE, '--scenarios', MC, '--policy', MC_POLICY, '--out', join(dir, 'mc-same'), '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const run = xmargin('run', MC, '--out', join(dir, 'mc-run'), '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const result = readJson<RunResult>(join(dir, 'mc-run', 'result.json'));
    const report = readJson<GateReport>(join(dir, 'mc-same', 'gate.json'));
    expect(report.scenarios[0].digests).toEqual({ baseline: result.digest, candidate: result.digest });
    expect(report.scenarios[0].candidate['mc.portfolio-var.exceedanceRate']).toBe(result.monteCarlo!.underfunding.find((u) => u.mode === 'portfolio-var')!.exceedanceRate);
  });

  it('fails the loosening candidate on the mc. metrics over every path', () => {
    const r = xmargin('gate', '--baseline', BASELINE, '--candidate', CANDIDATE, '--scenarios', MC, '--policy', MC_POLICY, '--out', join(dir, 'mc-loose'), '--quiet');
    expect(r.status, r.stderr).toBe(3);
    const report = readJson<GateReport>(join(dir, 'mc-loose', 'gate.json'));
    const s = report.scenarios[0];
    expect(s.candidate['mc.portfolio-var.meanCorrelationBreakdown']!).toBeGreaterThan(s.baseline!['mc.portfolio-var.meanCorrelationBreakdown']!);
    expect(report.verdicts.map((v) => [v.rule, v.mode, v.status])).toEqual([['mc-rate', 'portfolio-var', 'fail'], ['mc-breakdown', 'portfolio-var', 'fail']]);
  });
});

describe('xmargin gate --list-metrics', () => {
  it('lists every metric family with where it exists', () => {
    const r = xmargin('gate', '--list-metrics');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<mode>\.zone\s+cross\/portfolio\s+Basel traffic-light zone: green = 0, yellow = 1, red = 2/m);
    expect(r.stdout).toMatch(/^underfunded\.correlation_breakdown\s+per run\s+/m);
    expect(r.stdout).toMatch(/^avoided\.<mode>\s+cross\/portfolio\s+/m);
  });
});
