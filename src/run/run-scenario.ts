import { relative, resolve, join } from 'node:path';
import { softwareVersion } from '../core/version.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { eventsToCsv } from '../result/events-csv.js';
import { MarginEngine } from '../engine/margin-engine.js';
import { buildHistoricalResult } from '../result/run-result.js';
import { writeRun, type RunOptions, type ScenarioRun } from '../result/run-folder.js';

export { writeRun, registerOutputRenderer, jsonReplacer } from '../result/run-folder.js';
export type { ScenarioRun, OutputRenderer, RunOptions } from '../result/run-folder.js';

/** Run a compiled scenario's historical path through every margin mode. */
export function runCompiled(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  const setup = compiled.makeSetup();
  const engine = new MarginEngine(setup);
  const frame = compiled.frame;
  const outcome = engine.run(frame.time, frame.columns, { collectEvents: true, recordSeries: true, recordHits: true, ...(compiled.bars ? { bars: compiled.bars } : {}) });
  const eventsCsv = eventsToCsv(outcome.events);
  const estimatorUsed = setup.estimator?.label ?? null;
  const result = buildHistoricalResult({
    compiled,
    scenarioFile: relative(process.cwd(), resolve(compiled.file)),
    dataFile: relative(process.cwd(), compiled.dataFile),
    version: softwareVersion(),
    outcome,
    estimatorLabel: estimatorUsed,
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
