import { join } from 'node:path';
import { checkMemory } from '../core/memory-limit.js';
import { inInputFile } from '../core/errors.js';
import { softwareVersion } from '../core/version.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { eventsToCsv } from '../result/events-csv.js';
import { checkFiniteOutcome } from '../result/finite-outcome.js';
import { MarginEngine } from '../engine/margin-engine.js';
import { buildHistoricalResult, iso, portableInputNames } from '../result/run-result.js';
import { writeRun, type RunOptions, type ScenarioRun } from '../result/run-folder.js';
import { estimateRunMemory } from '../result/run-memory.js';

export { writeRun, registerOutputRenderer, jsonReplacer } from '../result/run-folder.js';
export type { ScenarioRun, OutputRenderer, RunOptions } from '../result/run-folder.js';

/** Run a compiled scenario's historical path through every margin mode. */
export function runCompiled(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  // Before anything is allocated: a path whose series cannot fit is refused with its sizes and the limit.
  checkMemory(estimateRunMemory(compiled, { threads: 1 }), { file: compiled.file });
  const setup = compiled.makeSetup();
  const engine = new MarginEngine(setup);
  const frame = compiled.frame;
  // A method's or pricer's input error that knows no file (a grid scan moving a price to ≤ 0) is the scenario's.
  const outcome = inInputFile(compiled.file, () => engine.run(frame.time, frame.columns, { collectEvents: true, recordSeries: true, recordHits: true, impliedVol: compiled.impliedVol, ...(compiled.bars ? { bars: compiled.bars } : {}) }));
  // An amount that overflowed would be written as null: refuse the run, naming the step and the prices.
  checkFiniteOutcome(outcome, frame.time, { file: compiled.dataFile });
  const eventsCsv = eventsToCsv(outcome.events);
  const estimatorUsed = setup.estimator?.label ?? null;
  // The estimator is fed the return of step t as its t-th row, so a fit made after `rows` rows is dated time[rows].
  const estimatorFits = setup.estimator?.fitReport?.(frame.assets, (rows) => iso(frame.time[rows]));
  const result = buildHistoricalResult({
    compiled,
    ...portableInputNames(compiled),
    version: softwareVersion(),
    outcome,
    estimatorLabel: estimatorUsed,
    estimatorFits,
    eventsCsv,
  });
  const outDir = options.out ?? join(options.outRoot ?? 'reports', compiled.scenario.name);
  const run: ScenarioRun = { compiled, outcome, result, eventsCsv, outDir };
  if (options.write !== false) writeRun(run);
  return run;
}

/** Read, validate, resolve and run a scenario file. */
export function runScenario(file: string, options: RunOptions = {}): ScenarioRun {
  return runCompiled(loadScenario(file), options);
}
