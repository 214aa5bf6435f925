import { basename } from 'node:path';
import * as z from 'zod';
import { currentScenarioSchema, modeSpecSchema, registriesRevision, type EstimatorSpecInput, type ModeSpec } from '../scenario/scenario-schema.js';
import { estimatorSpecSchema } from '../correlation/estimator-registry.js';
import { modeKinds } from '../margin/mode-kinds.js';
import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import { modeSelectorSchema } from './mode-selector.js';

/**
 * A parameter set: the margin, correlation, liquidation and fee settings a risk team keeps under review,
 * laid over each gated scenario. Every field schema is the scenario's own (reused, not rewritten), with its
 * default removed so that a field left out means "keep the scenario's value".
 */

type Shape = Record<string, z.ZodType>;

/** The scenario's field schemas, each optional and without its default. */
function overlayOf(shape: Shape, omit: readonly string[] = []) {
  const fields: Shape = {};
  for (const [key, schema] of Object.entries(shape)) {
    if (omit.includes(key)) continue;
    fields[key] = (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional();
  }
  return z.object(fields).strict();
}

/** The portfolio mode's schema as registered (its fields include every registered method's). */
const portfolioMode = () => modeKinds.require('portfolio').schema() as z.ZodObject;

/** Fields a mode patch may change: those of a portfolio mode except its kind and name (metrics are named by mode). */
export function modePatchFields(): string[] {
  return Object.keys(portfolioMode().shape).filter((k) => k !== 'kind' && k !== 'name');
}

/** Fields a mode patch may change, with the built-in methods. */
export const MODE_PATCH_FIELDS = modePatchFields();

/** Build the parameter-set schema from the scenario schema as registered now. */
function buildParameterSetSchema() {
  const scenarioShape = currentScenarioSchema().shape;
  const marginOverlay = z
    .object({
      horizonDays: scenarioShape.margin.shape.horizonDays.unwrap().optional(),
      confidence: scenarioShape.margin.shape.confidence.unwrap().optional(),
      modes: z.array(modeSpecSchema()).min(1).optional().describe('Replaces the scenario\'s modes wholesale'),
    })
    .strict();
  return z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ., - and _').optional()
      .describe('Shown in reports; default: the file name without .json'),
    description: z.string().optional(),
    margin: marginOverlay.optional(),
    modePatches: z.record(modeSelectorSchema, overlayOf(portfolioMode().shape as Shape, ['kind', 'name'])).optional()
      .describe('Field changes applied to the modes a key selects: a mode name, kind:<kind> or *'),
    correlation: estimatorSpecSchema().optional().describe('Replaces the scenario\'s estimator wholesale'),
    liquidation: overlayOf(scenarioShape.liquidation.unwrap().shape as Shape).optional(),
    fees: overlayOf(scenarioShape.fees.unwrap().shape as Shape).optional(),
  })
  .strict();
}

/** The parameter-set schema with the built-in modes, methods and estimators. */
export const parameterSetSchema = buildParameterSetSchema();
let current = { key: registriesRevision(), schema: parameterSetSchema };

/** The parameter-set schema with every extension registered so far. */
export function currentParameterSetSchema(): typeof parameterSetSchema {
  const key = registriesRevision();
  if (current.key !== key) current = { key, schema: buildParameterSetSchema() };
  return current.schema;
}

export interface ParameterSet {
  /** Name shown in reports. */
  readonly name: string;
  readonly description: string;
  /** The file it came from (messages name it). */
  readonly file: string;
  readonly margin?: { readonly horizonDays?: number; readonly confidence?: number; readonly modes?: readonly ModeSpec[] };
  readonly modePatches?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly correlation?: EstimatorSpecInput;
  readonly liquidation?: Readonly<Record<string, unknown>>;
  readonly fees?: Readonly<Record<string, unknown>>;
}

/** Validate a parameter set given as a value, as if read from `file`. Errors name the file and JSON path. */
export function parseParameterSet(value: unknown, file: string): ParameterSet {
  refuseProtoKeys(value, file);
  const parsed = validateWith(currentParameterSetSchema(), value, file) as z.output<typeof parameterSetSchema> & Omit<ParameterSet, 'name' | 'description' | 'file'>;
  const { $schema: _schema, name, description, ...overlay } = parsed;
  return { ...overlay, name: name ?? basename(file).replace(/\.json$/i, ''), description: description ?? '', file };
}

/** Read and validate a parameter-set JSON file. */
export function readParameterSet(file: string): ParameterSet {
  return parseParameterSet(readJsonFile(file), file);
}
