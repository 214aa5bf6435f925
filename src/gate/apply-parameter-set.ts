import { XmarginError } from '../core/errors.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile-scenario.js';
import { parseScenario } from '../scenario/load-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { isModeName, selectModes } from './mode-selector.js';
import type { ParameterSet } from './parameter-set.js';

/**
 * Lay a parameter set over a validated scenario. The merge rule:
 *
 * - `margin.horizonDays`, `margin.confidence`: replace the scenario's value when given;
 * - `margin.modes`: replaces the scenario's mode list wholesale;
 * - `modePatches`: then, in the order written, each key selects modes (a name, `kind:<kind>` or `*`) and
 *   its fields replace theirs; a name that is not in the scenario is an error, a kind that matches nothing is not;
 * - `correlation`: replaces the estimator wholesale (specs of different kinds do not merge);
 * - `liquidation`, `fees`: field by field.
 *
 * The scenario is never mutated. The merged scenario is validated again with the scenario schema; errors
 * name the parameter-set file and the path in it when the set caused them.
 */
export function applyParameterSet(scenario: Scenario, set: ParameterSet, scenarioFile: string): Scenario {
  const merged = structuredClone(scenario) as Scenario & Record<string, unknown>;
  const patchedBy = new Map<number, string>();
  if (set.margin?.horizonDays !== undefined) merged.margin.horizonDays = set.margin.horizonDays;
  if (set.margin?.confidence !== undefined) merged.margin.confidence = set.margin.confidence;
  if (set.margin?.modes !== undefined) merged.margin.modes = structuredClone(set.margin.modes) as Scenario['margin']['modes'];
  if (set.correlation !== undefined) merged.correlation = structuredClone(set.correlation) as Scenario['correlation'];
  if (set.liquidation !== undefined) merged.liquidation = { ...merged.liquidation, ...set.liquidation };
  if (set.fees !== undefined) merged.fees = { ...merged.fees, ...set.fees };

  const modes = merged.margin.modes.map((m, index) => ({ name: m.name ?? m.kind, kind: m.kind, index }));
  for (const [selector, patch] of Object.entries(set.modePatches ?? {})) {
    const selected = selectModes(selector, modes);
    if (selected.length === 0 && isModeName(selector)) {
      throw new XmarginError(
        'E_INPUT_SCENARIO',
        `no mode named ${JSON.stringify(selector)} in ${scenarioFile} (modes: ${modes.map((m) => m.name).join(', ')}); select by kind (kind:portfolio) to patch modes whatever their names`,
        { file: set.file, path: `modePatches.${selector}` },
      );
    }
    for (const mode of selected) {
      const fields = Object.keys(patch);
      if (mode.kind !== 'portfolio' && fields.length > 0) {
        throw new XmarginError(
          'E_INPUT_SCENARIO',
          `${fields[0]} applies to portfolio modes only, but ${JSON.stringify(mode.name)} in ${scenarioFile} is a ${mode.kind} mode; select kind:portfolio`,
          { file: set.file, path: `modePatches.${selector}.${fields[0]}` },
        );
      }
      Object.assign(merged.margin.modes[mode.index], patch);
      patchedBy.set(mode.index, selector);
    }
  }
  return blame(() => parseScenario(merged, scenarioFile), set, scenarioFile, patchedBy);
}

/** Apply a parameter set and resolve the result against its data (the engine-ready scenario). */
export function compileWithParameterSet(scenario: Scenario, set: ParameterSet, scenarioFile: string): CompiledScenario {
  const merged = applyParameterSet(scenario, set, scenarioFile);
  return blame(() => compileScenario(merged, scenarioFile), set, scenarioFile, new Map());
}

const OVERLAY_ROOTS = ['margin', 'correlation', 'liquidation', 'fees'];

/**
 * Re-throw a scenario error so it points at what the user must edit: the parameter set when the path lies
 * in a part of the scenario the set replaced or patched, else the scenario file; both are always named.
 */
function blame<T>(work: () => T, set: ParameterSet, scenarioFile: string, patchedBy: ReadonlyMap<number, string>): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof XmarginError) || error.code === 'E_GATE_FAILED' || error.code === 'E_INTERNAL') throw error;
    const path = error.location.path ?? '';
    const modeMatch = /^margin\.modes\[(\d+)\](.*)$/.exec(path);
    let file = scenarioFile;
    let where = path;
    if (modeMatch && set.margin?.modes === undefined && patchedBy.has(Number(modeMatch[1]))) {
      file = set.file;
      where = `modePatches.${patchedBy.get(Number(modeMatch[1]))}${modeMatch[2]}`;
    } else if (OVERLAY_ROOTS.includes(path.split(/[.[]/)[0]) && touches(set, path)) {
      file = set.file;
    }
    const context = file === set.file ? `applied to ${scenarioFile}` : `with parameter set ${set.file}`;
    throw new XmarginError(error.code, `${error.detail} (${context})`, { ...error.location, file, path: where || undefined });
  }
}

/** Did the set write the part of the scenario at `path`? */
function touches(set: ParameterSet, path: string): boolean {
  const [root, field] = path.split(/[.[\]]+/);
  if (root === 'correlation') return set.correlation !== undefined;
  if (root === 'margin') {
    if (field === 'modes') return set.margin?.modes !== undefined;
    return set.margin !== undefined && field !== undefined && field in set.margin;
  }
  const part = root === 'liquidation' ? set.liquidation : root === 'fees' ? set.fees : undefined;
  return part !== undefined && (field === undefined || field in part);
}
