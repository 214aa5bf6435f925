import { inInputFile, XmarginError } from '../core/errors.js';
import { lowerBound } from '../core/binary-search.js';
import type { EngineSetup } from '../engine/engine-setup.js';
import type { EventDetector } from '../engine/event-detector.js';
import { MarginEngine } from '../engine/margin-engine.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The step of `date` (`YYYY-MM-DD`, the first row on or after it; `open` for the opening) in a historical
 * scenario, refused with one line when it is outside the run. `option` names the flag in messages.
 */
export function stepOfDate(compiled: CompiledScenario, openStep: number, date: string, option: string): number {
  const { frame, scenario, file } = compiled;
  if (scenario.paths) {
    throw new XmarginError('E_INPUT_ARGS', `${option} works on the historical path; ${file} is a Monte Carlo scenario (it has "paths")`);
  }
  if (date === 'open') return openStep;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new XmarginError('E_INPUT_ARGS', `${option}: expected a date YYYY-MM-DD or "open", got ${JSON.stringify(date)}`);
  }
  const step = lowerBound(frame.time, Date.parse(`${date}T00:00:00Z`));
  const last = frame.rows - 1;
  if (step < openStep || step > last) {
    throw new XmarginError('E_INPUT_ARGS', `${option}: ${date} is outside the run of ${file} (the book opens ${iso(frame.time[openStep])}, the data ends ${iso(frame.time[last])})`);
  }
  return step;
}

/**
 * Run a scenario's historical path up to and including `step` with `detector`: the book as every mode
 * holds it at that step (after its liquidations) is then what the detector sees. Nothing after the step is read.
 * Series are recorded so that the estimator runs even when no mode reads it (reverse stress needs its estimate).
 */
export function runToStep(compiled: CompiledScenario, setup: EngineSetup, step: number, detector: EventDetector): PathOutcome {
  // The scenario's own switched-on detectors are left out: the path stops at the step, and only the probe matters.
  const engine = new MarginEngine({ ...setup, detectors: [() => detector] });
  const rows = step + 1;
  const { time, columns } = compiled.frame;
  const cut = (c: Float64Array | null) => (c ? c.subarray(0, rows) : null);
  const bars = compiled.bars ? { high: compiled.bars.high.map(cut), low: compiled.bars.low.map(cut), open: compiled.bars.open.map(cut) } : null;
  return inInputFile(compiled.file, () => engine.run(time.subarray(0, rows), columns.map((c) => c.subarray(0, rows)), { collectEvents: true, recordSeries: true, recordHits: false, impliedVol: compiled.impliedVol.map(cut), ...(bars ? { bars } : {}) }));
}

/** The step the book opens at in this setup (the scenario's `openAt`, else the first step every model is ready). */
export function openStepOf(setup: EngineSetup, rows: number): number {
  return new MarginEngine(setup).openStepFor(rows);
}
