import { serveWorkerTasks } from '../engine/worker-pool.js';
import { compileScenario } from '../scenario/compile-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { TallyJson } from './monte-carlo-tally.js';
import { PathBlockRunner, type PathBlockRunnerOptions } from './path-block-runner.js';

/** What each worker thread is given once: the validated scenario and its file (data is read relative to it). */
export interface MonteCarloWorkerData {
  readonly scenario: Scenario;
  readonly file: string;
  /** The kernel and block size this thread's runner was made with (workers use the same). */
  readonly runner: PathBlockRunnerOptions;
}

/** A block of path indices `[from, to)`. */
export interface PathBlock {
  readonly from: number;
  readonly to: number;
}

// Worker thread entry: compile the scenario once per thread, then tally each block it is sent.
serveWorkerTasks<PathBlock, TallyJson, MonteCarloWorkerData>((data) => {
  const runner = new PathBlockRunner(compileScenario(data.scenario, data.file), data.runner);
  return (block) => runner.runBlock(block.from, block.to).toJSON();
});
