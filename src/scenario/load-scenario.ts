import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import { currentScenarioSchema, type Scenario } from './scenario-schema.js';
import { compileScenario, type CompiledScenario } from './compile-scenario.js';

/** Read and validate a scenario file (no data read yet). Errors name the file and the JSON path. */
export function readScenario(file: string): Scenario {
  const value = readJsonFile(file);
  refuseProtoKeys(value, file);
  return validateWith(currentScenarioSchema(), value, file);
}

/** Validate an in-memory scenario object, as if it came from `file` (used for messages and relative paths). */
export function parseScenario(value: unknown, file: string): Scenario {
  refuseProtoKeys(value, file);
  return validateWith(currentScenarioSchema(), value, file);
}

/** Read, validate and resolve a scenario against its data. */
export function loadScenario(file: string): CompiledScenario {
  return compileScenario(readScenario(file), file);
}
