import { canonicalJson, sha256 } from '../core/canonical-json.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { buildResultBody, type RunResult } from '../result/run-result.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { MonteCarloTally } from './monte-carlo-tally.js';
import { QUANTILE_LEVELS, type MonteCarloSummary } from '../result/monte-carlo-summary.js';
import type { MonteCarloPaths } from './monte-carlo-paths.js';

/** Everything of a Monte Carlo result except the distributions and the digest: the same in every shard. */
export type MonteCarloBase = Omit<RunResult, 'monteCarlo' | 'digest'>;

/** The parts of the `monteCarlo` section that do not depend on which paths were counted. */
export type MonteCarloHeader = Omit<MonteCarloSummary, 'modes' | 'underfunding' | 'avoided'>;

/**
 * The result body of a Monte Carlo run, built from its representative path (path 0: `modes`, `coverage`,
 * `avoided`, `events` and the two content digests describe that one path, as a historical run describes its
 * one path). `run.kind` is `monte-carlo` and `run.seed` the seed of the paths.
 */
export function buildMonteCarloBase(args: {
  compiled: CompiledScenario;
  paths: MonteCarloPaths;
  representative: PathOutcome;
  estimatorLabel: string | null;
  eventsCsv: string;
  scenarioFile: string;
  dataFile: string;
  version: string;
}): MonteCarloBase {
  const { representative, paths, ...rest } = args;
  return buildResultBody({ ...rest, outcome: representative, kind: 'monte-carlo', time: paths.time, seed: args.compiled.scenario.paths!.seed });
}

export function monteCarloHeader(compiled: CompiledScenario, paths: MonteCarloPaths): MonteCarloHeader {
  const spec = compiled.scenario.paths!;
  return {
    runs: spec.runs,
    seed: spec.seed,
    steps: spec.steps,
    warmupSteps: paths.warmupSteps,
    generator: { kind: paths.generator.kind, description: paths.generator.description, notes: [...paths.generator.notes, ...paths.impliedVolNotes] },
    representativePath: 0,
    quantileLevels: [...QUANTILE_LEVELS],
  };
}

/** The whole result: base, distributions over every path in `tally` (which must cover 0 … runs − 1), digest. */
export function finishMonteCarloResult(base: MonteCarloBase, header: MonteCarloHeader, tally: MonteCarloTally): RunResult {
  const monteCarlo: MonteCarloSummary = { ...header, ...tally.summarise(base.run.confidence) };
  const body: Omit<RunResult, 'digest'> = { ...base, monteCarlo };
  return { ...body, digest: sha256(canonicalJson(body)) };
}
