import { XmarginError } from '../core/errors.js';
import { DEFAULT_REVERSE_STRESS, MAX_FRONTIER_POINTS, type ReverseStressResult, type ReverseStressSettings } from '../engine/reverse-stress.js';
import { ReverseStressDetector } from '../engine/reverse-stress-detector.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { openStepOf, runToStep, stepOfDate } from './run-to-date.js';

export interface StressReverseOptions {
  /** `YYYY-MM-DD` (the first step on or after it) or `open` (default). */
  readonly at?: string;
  readonly maxShock?: number;
  readonly maxRhoShift?: number;
  readonly rhoStep?: number;
  readonly rhoPerSigma?: number;
  /** A given direction: relative move per asset at shock 1 (assets left out do not move). Default: the worst direction. */
  readonly direction?: Readonly<Record<string, number>>;
}

/** What `xmargin stress-reverse` prints: the scenario, the date and every mode's frontier and nearest breach. */
export interface StressReverseReport extends ReverseStressResult {
  readonly scenario: string;
  /** The scenario's `currency` (ISO 4217), or null when it names none. */
  readonly currency: string | null;
  readonly date: string;
}

/**
 * Reverse stress of a scenario's book at a date: run the historical path to that date (every mode's book as it
 * stands then, liquidations included), then, for each mode, the breach frontier over (price shock, correlation
 * shift) and its nearest point (see `ReverseStress`). The library function behind `xmargin stress-reverse`.
 */
export function stressReverse(scenario: string | CompiledScenario, options: StressReverseOptions = {}): StressReverseReport {
  const compiled = typeof scenario === 'string' ? loadScenario(scenario) : scenario;
  const setup = compiled.makeSetup();
  const settings = resolveSettings(compiled, options);
  const step = stepOfDate(compiled, openStepOf(setup, compiled.frame.rows), options.at ?? 'open', '--at');
  const detector = new ReverseStressDetector(step, settings);
  runToStep(compiled, setup, step, detector);
  const result = detector.result;
  if (!result) throw new XmarginError('E_INTERNAL', `reverse stress did not run at step ${step}`);
  return { ...result, scenario: compiled.scenario.name, currency: compiled.scenario.currency ?? null, date: new Date(result.time).toISOString().slice(0, 10) };
}

function resolveSettings(compiled: CompiledScenario, options: StressReverseOptions): ReverseStressSettings {
  const assets = compiled.frame.assets;
  const positive = (name: string, value: number | undefined, fallback: number, max = Infinity) => {
    if (value === undefined) return fallback;
    if (!(Number.isFinite(value) && value > 0 && value <= max)) {
      throw new XmarginError('E_INPUT_ARGS', `--${name}: expected a number in (0, ${max}], got ${value}`);
    }
    return value;
  };
  let direction: number[] | null = null;
  if (options.direction) {
    for (const [name, move] of Object.entries(options.direction)) {
      if (!assets.includes(name)) throw new XmarginError('E_INPUT_ARGS', `--direction: unknown asset ${JSON.stringify(name)}; the book holds ${assets.join(', ')}`);
      if (!Number.isFinite(move)) throw new XmarginError('E_INPUT_ARGS', `--direction: ${name}: expected a number, got ${String(move)}`);
    }
    direction = assets.map((name) => options.direction![name] ?? 0);
    if (direction.every((m) => m === 0)) throw new XmarginError('E_INPUT_ARGS', '--direction: expected a move of at least one asset');
  }
  const maxRhoShift = positive('max-rho-shift', options.maxRhoShift, DEFAULT_REVERSE_STRESS.maxRhoShift, 2);
  const rhoStep = positive('rho-step', options.rhoStep, DEFAULT_REVERSE_STRESS.rhoStep, 1);
  // Each frontier point is a root search with matrix repairs: 1e-9 asked for 10⁹ of them and ran for hours.
  const points = Math.round(maxRhoShift / rhoStep);
  if (points > MAX_FRONTIER_POINTS) {
    throw new XmarginError('E_INPUT_ARGS', `--rho-step: ${rhoStep} gives ${points.toLocaleString('en-US')} correlation shifts up to ${maxRhoShift}; expected at most ${MAX_FRONTIER_POINTS.toLocaleString('en-US')} (a step of at least ${maxRhoShift / MAX_FRONTIER_POINTS})`);
  }
  return {
    ...DEFAULT_REVERSE_STRESS,
    maxShock: positive('max-shock', options.maxShock, DEFAULT_REVERSE_STRESS.maxShock, 100),
    maxRhoShift,
    rhoStep,
    rhoPerSigma: positive('rho-per-sigma', options.rhoPerSigma, DEFAULT_REVERSE_STRESS.rhoPerSigma),
    direction,
  };
}
