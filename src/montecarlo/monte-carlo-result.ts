import { canonicalJson, sha256 } from '../core/canonical-json.js';
import { XmarginError } from '../core/errors.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { buildResultBody, type RunResult } from '../result/run-result.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import type { MonteCarloTally } from './monte-carlo-tally.js';
import { QUANTILE_LEVELS, type MonteCarloSummary } from '../result/monte-carlo-summary.js';
import type { MonteCarloPaths } from './monte-carlo-paths.js';

/** Everything of a Monte Carlo result except the distributions and the digest: built from one path. */
export type MonteCarloBase = Omit<RunResult, 'monteCarlo' | 'digest'>;

/** The parts of the `monteCarlo` section that do not depend on which paths were counted. */
export type MonteCarloHeader = Omit<MonteCarloSummary, 'modes' | 'underfunding' | 'avoided' | 'representativePath'>;

/**
 * The result body of a Monte Carlo run, built from its representative path (`modes`, `coverage`,
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

export function monteCarloHeader(compiled: CompiledScenario, paths: MonteCarloPaths, kernel: { readonly kernel: 'block' | 'general'; readonly kernelNote: string | undefined }): MonteCarloHeader {
  const spec = compiled.scenario.paths!;
  // `runs` first: a shard file's header is read back with it first (the schema's one named key), and
  // result.json of a merged run must be byte-identical to the unsharded run's.
  return {
    runs: spec.runs,
    seed: spec.seed,
    steps: spec.steps,
    warmupSteps: paths.warmupSteps,
    generator: { kind: paths.generator.kind, description: paths.generator.description, notes: [...paths.generator.notes, ...paths.impliedVolNotes] },
    representativeMode: representativeMode(compiled),
    quantileLevels: [...QUANTILE_LEVELS],
    kernel: kernel.kernel,
    kernelReason: kernel.kernelNote ?? null,
  };
}

/**
 * The mode whose final equity picks the representative path: `paths.representativeMode` when given (it must
 * name a mode), else the first portfolio mode, else the first cross mode, else the first mode.
 */
export function representativeMode(compiled: CompiledScenario): string {
  const modes = compiled.scenario.margin.modes.map((m) => ({ name: m.name ?? m.kind, kind: m.kind }));
  const wanted = compiled.scenario.paths?.representativeMode;
  if (wanted !== undefined) {
    if (!modes.some((m) => m.name === wanted)) {
      throw new XmarginError('E_INPUT_SCENARIO', `unknown mode ${JSON.stringify(wanted)}; modes: ${modes.map((m) => m.name).join(', ')}`, { file: compiled.file, path: 'paths.representativeMode' });
    }
    return wanted;
  }
  return (modes.find((m) => m.kind === 'portfolio') ?? modes.find((m) => m.kind === 'cross') ?? modes[0]).name;
}

/** The representative path of a tally: the median path by the header's mode's final equity. */
export function representativePathOf(header: MonteCarloHeader, tally: MonteCarloTally): number {
  const index = tally.layout.modes.findIndex((m) => m.name === header.representativeMode);
  if (index < 0) throw new XmarginError('E_INTERNAL', `no mode ${header.representativeMode} in the tally`);
  return tally.medianPath(index);
}

/**
 * The whole result: `base` (built from path `representativePath`), the distributions over every path in
 * `tally` (which must cover 0 … runs − 1), the digest.
 */
export function finishMonteCarloResult(base: MonteCarloBase, header: MonteCarloHeader, tally: MonteCarloTally, representativePath: number): RunResult {
  const monteCarlo: MonteCarloSummary = { ...header, representativePath, ...tally.summarise(base.run.confidence, base.run.horizonSteps) };
  const body: Omit<RunResult, 'digest'> = { ...base, monteCarlo };
  return { ...body, digest: sha256(canonicalJson(body)) };
}
