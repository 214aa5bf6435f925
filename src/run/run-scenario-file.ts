import { locatedInFile, XmarginError } from '../core/errors.js';
import { runCompiled, type ScenarioRun } from './run-scenario.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { MonteCarloOptions, ShardRun } from '../montecarlo/run-monte-carlo.js';

/**
 * Read, validate and run a scenario file, historical or Monte Carlo (a scenario with `paths`): what
 * `xmargin run` calls. `threads` and `shard` apply to Monte Carlo runs; a shard of a historical run is refused.
 */
export async function runScenarioFile(file: string, options: MonteCarloOptions = {}): Promise<ScenarioRun | ShardRun> {
  const compiled = loadScenario(file);
  if (compiled.scenario.paths) {
    // Loaded on use: a historical run does not pay for generators, worker pools and tallies.
    const { runMonteCarlo } = await import('../montecarlo/run-monte-carlo.js');
    // As for a historical run (runCompiled): an input error deep in a path (a grid scan, a pricer) is the scenario's.
    return runMonteCarlo(compiled, options).catch((error: unknown) => { throw locatedInFile(error, compiled.file); });
  }
  if (options.shard) {
    throw new XmarginError('E_INPUT_ARGS', `--shard splits the paths of a Monte Carlo scenario; ${file} has no "paths" (a historical run is one path)`);
  }
  return runCompiled(compiled, options);
}
