import { relocateUnfiled, XmarginError } from '../core/errors.js';
import type { ModeDefinition } from '../engine/engine-setup.js';
import type { EventDetector } from '../engine/event-detector.js';
import { eventKinds } from '../engine/event-kind-registry.js';
// The built-in kinds, detectors included, wherever a scenario is compiled (a Monte Carlo worker compiles its own).
import '../engine/builtin-event-kinds.js';
import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { MarginMethod } from '../margin/margin-method.js';
import type { MethodContext } from '../margin/method-registry.js';
import { modeKinds } from '../margin/mode-kinds.js';
import { modeLiquidation, venueUse, type VenuePresetReader, type VenueUse } from './scenario-venues.js';
import type { ModeSpec } from './scenario-schema.js';

// How a scenario's margin modes and detectors are built from their registered kinds, with every error of a
// kind, method or detector located at the scenario file and the mode's or detector's JSON path.

/**
 * A mode of the scenario, built by its registered kind (pooling and method), with the venue preset it
 * applies (read at its `asOf`), its own liquidation policy where it has one and its check. Errors of the
 * kind or method (JSON paths relative to the mode) are located at the mode.
 */
export function modeDefinition(
  spec: ModeSpec,
  context: MethodContext,
  file: string,
  path: string,
  base: LiquidationPolicy,
  presets: VenuePresetReader,
  hasBars: boolean,
): { definition: ModeDefinition; venue: VenueUse | null } {
  const kind = modeKinds.require(spec.kind, { file, path: `${path}.kind` });
  const name = spec.name ?? spec.kind;
  const where = kind.venueOf?.(spec) ?? null;
  const preset = where ? presets.read(where.venue, where.asOf, path, spec.kind === 'portfolio' ? null : 'venue') : null;
  const withPresets: MethodContext = { ...context, path, venuePreset: (venue, asOf) => presets.read(venue, asOf, path, null) };
  const method: MarginMethod = atMode(() => kind.create(spec, withPresets), file, path);
  const liquidation = modeLiquidation(spec.liquidation as never, base, preset, file, path);
  if (spec.check === 'intrabar' && !hasBars) {
    throw new XmarginError('E_INPUT_SCENARIO', 'expected bars to check: data.columns maps no high and low (or the run is a Monte Carlo run, whose paths are closes)', { file, path: `${path}.check` });
  }
  const definition: ModeDefinition = {
    name,
    kind: spec.kind,
    method,
    pooling: kind.pooling,
    ...(liquidation ? { liquidation } : {}),
    ...(spec.check === 'close' ? { check: 'close' as const } : {}),
  };
  return { definition, venue: preset ? venueUse(name, preset, presets.bundled) : null };
}

/** Errors of a mode's kind or method carry paths relative to the mode (or none): add the file and the mode's path. */
function atMode<T>(build: () => T, file: string, path: string): T {
  return relocateUnfiled(build, (location) => {
    // Add-ons locate their errors from the mode's path (`context.path`); the rest relative to the mode.
    const inner = location.path;
    const absolute = inner !== undefined && (inner === path || inner.startsWith(`${path}.`) || inner.startsWith(`${path}[`));
    return { ...location, file, path: absolute ? inner : inner ? `${path}.${inner}` : path };
  });
}

/** A registered detector the scenario switched on: one fresh instance per engine. */
export function detectorFactory(spec: { kind: string }, context: { assets: readonly string[]; horizonSteps: number }, file: string, path: string): () => EventDetector {
  const kind = eventKinds.require(spec.kind, { file, path: `${path}.kind` });
  if (!kind.detector) throw new XmarginError('E_INPUT_SCENARIO', `event kind ${JSON.stringify(spec.kind)} has no detector to switch on`, { file, path: `${path}.kind` });
  const detector = kind.detector;
  const create = (): EventDetector => {
    const instance = detector.create(spec, context);
    // Dates are checked against the run when it begins (a margin_allocation date outside it): locate them here.
    const begin = instance.begin.bind(instance);
    instance.begin = (run) => withPathPrefix(() => begin(run), path);
    return instance;
  };
  // One instance now: a spec error (an unknown asset in a direction) is then reported at compile time with
  // the file and its path (detectors[1].direction.FOO), not from inside the run without either.
  withFile(() => withPathPrefix(create, path), file);
  return create;
}

/** A mode's method names paths relative to the mode (`preset`): prefix the mode's path (errors of other files keep theirs). */
function withPathPrefix<T>(build: () => T, prefix: string): T {
  return relocateUnfiled(build, (location) => ({ ...location, path: location.path === undefined ? prefix : `${prefix}.${location.path}` }));
}

/** Spec errors carry a JSON path but no file: add the scenario file. */
export function withFile<T>(build: () => T, file: string): T {
  return relocateUnfiled(build, (location) => ({ ...location, file }));
}
