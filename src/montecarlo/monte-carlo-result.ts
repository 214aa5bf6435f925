import { canonicalJson, sha256 } from '../core/canonical-json.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import {
  RESULT_SCHEMA,
  countEvents,
  frameFingerprint,
  iso,
  seriesDigest,
  summariseCoverage,
  summariseModes,
  type RunResult,
} from '../engine/run-result.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { MonteCarloTally } from './monte-carlo-tally.js';
import { QUANTILE_LEVELS, type MonteCarloSummary } from './monte-carlo-summary.js';
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
  const { compiled, paths, representative: outcome } = args;
  const { scenario, frame } = compiled;
  const seed = scenario.paths!.seed;
  return {
    schema: RESULT_SCHEMA,
    software: { name: 'xmargin', version: args.version },
    scenario: { name: scenario.name, description: scenario.description, file: args.scenarioFile, echo: scenario },
    data: {
      file: args.dataFile,
      fingerprint: frameFingerprint(frame.time, frame.columns, frame.assets),
      assets: frame.assets,
      rows: frame.rows,
      from: iso(frame.time[0]),
      to: iso(frame.time[frame.rows - 1]),
      frequency: { label: compiled.frequency.label, periodsPerYear: compiled.frequency.periodsPerYear },
      missing: compiled.missing,
    },
    run: {
      kind: 'monte-carlo',
      openStep: outcome.openStep,
      openTime: iso(paths.time[outcome.openStep]),
      lastTime: iso(paths.time[outcome.lastStep]),
      steps: outcome.lastStep - outcome.openStep + 1,
      horizonDays: scenario.margin.horizonDays,
      horizonSteps: compiled.horizonSteps,
      confidence: scenario.margin.confidence,
      estimator: args.estimatorLabel,
      capital: scenario.portfolio.capital,
      seed,
      overlays: compiled.overlays,
    },
    modes: summariseModes(outcome, scenario.portfolio.capital, paths.time),
    coverage: summariseCoverage(outcome, scenario.margin.confidence, compiled.horizonSteps),
    avoided: outcome.avoided.map((a) => ({ ...a })),
    events: countEvents(outcome.events),
    files: { events: 'events.csv', timeseries: 'timeseries.arrow' },
    contentDigests: { events: sha256(args.eventsCsv), timeseries: seriesDigest(outcome.series) },
  };
}

export function monteCarloHeader(compiled: CompiledScenario, paths: MonteCarloPaths): MonteCarloHeader {
  const spec = compiled.scenario.paths!;
  return {
    runs: spec.runs,
    seed: spec.seed,
    steps: spec.steps,
    warmupSteps: paths.warmupSteps,
    generator: { kind: paths.generator.kind, description: paths.generator.description, notes: [...paths.generator.notes] },
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
