import { join } from 'node:path';
import { XmarginError } from '../core/errors.js';
import { softwareVersion } from '../core/version.js';
import { runCompiled } from '../run/run-scenario.js';
import { runMonteCarlo } from '../montecarlo/run-monte-carlo.js';
import { RESULT_SCHEMA, type RunResult } from '../result/run-result.js';
import { readScenario } from '../scenario/load-scenario.js';
import { readRunResult } from '../result/read-run-result.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { applyParameterSet, compileWithParameterSet } from './apply-parameter-set.js';
import { evaluateChecks, preparePolicy, type GateSubject, type GateVerdict } from './evaluate-policy.js';
import { expandScenarioPatterns } from './expand-scenario-patterns.js';
import { gateMetrics, type MetricTable } from './gate-metrics.js';
import { readGatePolicy } from './gate-policy.js';
import { readParameterSet, type ParameterSet } from './parameter-set.js';
import { writeGateOutputs, type GateOutputs } from './write-gate-outputs.js';
import { GATE_SCHEMA, type GateOptions, type GateReport, type GateScenarioReport } from './gate-report.js';

export { GATE_SCHEMA, type GateOptions, type GateReport, type GateScenarioReport } from './gate-report.js';

export interface GateRun extends GateOutputs {
  readonly report: GateReport;
  readonly outDir: string;
}

/**
 * The CI gate. Compare mode runs every scenario under the baseline and the candidate parameter sets
 * (identical data, paths and seeds: only the overlay differs) and checks the policy on both sides' metrics;
 * single-result mode checks one saved run against the policy's absolute rules. Everything the user gave is
 * validated before the first engine run. Outputs are written atomically; `report.passed` says whether
 * every check passed (the CLI turns a failure into exit code 3).
 */
export async function runGate(options: GateOptions): Promise<GateRun> {
  const report = options.result !== undefined ? await checkSavedResult(options) : await compareParameterSets(options);
  const outDir = options.out ?? join('reports', 'gate');
  return { report, outDir, ...writeGateOutputs(report, outDir, options.write !== false) };
}

async function compareParameterSets(options: GateOptions): Promise<GateReport> {
  if (!options.baseline || !options.candidate || !options.scenarios?.length) {
    throw new XmarginError('E_INPUT_ARGS', 'the gate needs --baseline, --candidate and --scenarios (or --result to check one saved run)');
  }
  const policy = readGatePolicy(options.policy);
  const baselineSet = readParameterSet(options.baseline);
  const candidateSet = readParameterSet(options.candidate);
  const files = expandScenarioPatterns(options.scenarios);

  const prepared: { file: string; baseline: Scenario; candidate: Scenario }[] = [];
  const subjects: GateSubject[] = [];
  for (const file of files) {
    const scenario = readScenario(file);
    const other = prepared.find((p) => p.baseline.name === scenario.name);
    if (other) throw new XmarginError('E_INPUT_SCENARIO', `two gated scenarios are named ${JSON.stringify(scenario.name)} (also ${other.file}); rules refer to scenarios by name`, { file, path: 'name' });
    const baseline = applyParameterSet(scenario, baselineSet, file);
    const candidate = applyParameterSet(scenario, candidateSet, file);
    prepared.push({ file, baseline, candidate });
    subjects.push({ name: scenario.name, candidateModes: modesOf(candidate), baselineModes: modesOf(baseline), monteCarlo: scenario.paths !== undefined });
  }
  const checks = await preparePolicy(policy, subjects);

  const scenarios: GateScenarioReport[] = [];
  const tables = new Map<string, { candidate: MetricTable; baseline: MetricTable | null }>();
  const progress = options.progress ?? (() => undefined);
  const total = prepared.length * 2;
  let done = 0;
  const started = Date.now();
  const timed = async (side: string, p: (typeof prepared)[number], run: () => Promise<RunResult>) => {
    progress(`gate: [${done + 1}/${total}] ${p.baseline.name}: ${side} (${p.file})…`);
    const result = await run();
    done++;
    progress(`gate: [${done}/${total}] ${p.baseline.name}: ${side} done, ${((Date.now() - started) / 1000).toFixed(1)} s so far`);
    return result;
  };
  for (const p of prepared) {
    const base = await timed('baseline', p, () => runWith(p.baseline, baselineSet, p.file));
    const cand = await timed('candidate', p, () => runWith(p.candidate, candidateSet, p.file));
    if (base.data.fingerprint !== cand.data.fingerprint) {
      throw new XmarginError('E_INTERNAL', `${p.file}: the baseline and candidate runs read different data; a parameter set must not change the path`);
    }
    // A candidate that lowers the confidence is judged against the baseline's target, not its own.
    const loosened = cand.run.confidence < base.run.confidence;
    const baseline = gateMetrics(base);
    const candidate = gateMetrics(cand, loosened ? { target: 1 - base.run.confidence } : {});
    tables.set(p.baseline.name, { candidate, baseline });
    scenarios.push({
      name: p.baseline.name, file: p.file, dataFingerprint: cand.data.fingerprint, digests: { baseline: base.digest, candidate: cand.digest }, baseline, candidate,
      delta: deltaOf(baseline, candidate),
      ...(loosened ? { judgedAgainst: { baseline: base.run.confidence, candidate: cand.run.confidence } } : {}),
    });
  }
  const verdicts = evaluateChecks(checks, tables);
  return assemble('compare', policy, { name: baselineSet.name, file: baselineSet.file }, { name: candidateSet.name, file: candidateSet.file }, verdicts, scenarios);
}

async function checkSavedResult(options: GateOptions): Promise<GateReport> {
  if (options.baseline || options.candidate || options.scenarios?.length) {
    throw new XmarginError('E_INPUT_ARGS', '--result checks one saved run; do not combine it with --baseline, --candidate or --scenarios');
  }
  const policy = readGatePolicy(options.policy);
  const { result, file } = readRunResult(options.result!, { verify: options.verify });
  if (result === null || typeof result !== 'object' || result.schema !== RESULT_SCHEMA) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected a run result with schema ${RESULT_SCHEMA}, got ${JSON.stringify((result as { schema?: unknown } | null)?.schema ?? null)}`, { file, path: 'schema' });
  }
  if (!Array.isArray(result.modes) || !Array.isArray(result.coverage) || !Array.isArray(result.avoided) || typeof result.events !== 'object') {
    throw new XmarginError('E_INPUT_SCENARIO', 'expected modes, coverage, avoided and events in a run result; the file is incomplete', { file });
  }
  const modes = result.modes.map((m) => ({ name: m.name, kind: m.kind }));
  const subject = { name: result.scenario.name, candidateModes: modes, baselineModes: null, monteCarlo: result.monteCarlo !== undefined };
  const checks = await preparePolicy(policy, [subject], { singleResult: true });
  const candidate = gateMetrics(result);
  const verdicts = evaluateChecks(checks, new Map([[result.scenario.name, { candidate, baseline: null }]]));
  const scenario: GateScenarioReport = { name: result.scenario.name, file: result.scenario.file, dataFingerprint: result.data.fingerprint, digests: { baseline: null, candidate: result.digest }, baseline: null, candidate, delta: null };
  const report = assemble('single-result', policy, null, { name: result.scenario.name, file }, verdicts, [scenario]);
  return options.verify === false ? { ...report, unverified: true } : report;
}

/** One engine run under a parameter set: the historical path, or every synthetic path (same seed on both sides). */
async function runWith(scenario: Scenario, set: ParameterSet, file: string): Promise<RunResult> {
  const compiled = compileWithParameterSet(scenario, set, file);
  if (compiled.scenario.paths) return (await runMonteCarlo(compiled, { write: false, progress: false })).result;
  return runCompiled(compiled, { write: false }).result;
}

const modesOf = (s: Scenario) => s.margin.modes.map((m) => ({ name: m.name ?? m.kind, kind: m.kind }));

function deltaOf(baseline: MetricTable, candidate: MetricTable): MetricTable {
  const delta: MetricTable = {};
  for (const [name, c] of Object.entries(candidate)) {
    if (!(name in baseline)) continue;
    const b = baseline[name];
    delta[name] = b === null || c === null ? null : c - b;
  }
  return delta;
}

function assemble(kind: GateReport['kind'], policy: { name: string; file: string }, baseline: GateReport['baseline'], candidate: GateReport['candidate'], verdicts: GateVerdict[], scenarios: GateScenarioReport[]): GateReport {
  const count = (s: GateVerdict['status']) => verdicts.filter((v) => v.status === s).length;
  const failed = count('fail');
  return {
    schema: GATE_SCHEMA,
    software: { name: 'xmargin', version: softwareVersion() },
    kind,
    policy: { name: policy.name, file: policy.file },
    baseline,
    candidate,
    passed: failed === 0,
    counts: { checks: verdicts.length, passed: count('pass'), failed, skipped: count('skip') },
    verdicts,
    scenarios,
  };
}
