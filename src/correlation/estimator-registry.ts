import * as zod from 'zod';
import type * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { CorrelationEstimator } from './estimator.js';

/** What an estimator is built against, beside its spec. */
export interface EstimatorContext {
  /** Return columns of the data set (one per asset), needed by `stressed` to compute its period. */
  readonly returns?: readonly Float64Array[];
  /**
   * Epoch milliseconds (UTC). Either one per return (the time of the row each return ends at) or the
   * price frame's time axis (one more than the returns: return t is then dated `time[t + 1]`).
   */
  readonly time?: Float64Array;
}

/**
 * A correlation estimator kind, as a scenario names it in `correlation.kind`. Its zod `schema` is the one
 * source of truth for its spec: the scenario validator, `validateEstimatorSpec` and the JSON Schema of
 * scenarios all read it. Adding an estimator is one file calling `estimatorKinds.register({...})`.
 */
export interface EstimatorKind extends RegistryEntry {
  readonly kind: string;
  /** One sentence for the methodology and the README. */
  readonly description: string;
  /** The whole spec object, `kind` included (a literal). A function: a kind may embed others (stressed). */
  schema(): z.ZodObject;
  /** Build an estimator for `n` assets from a valid spec; errors name `path`. */
  create(spec: Readonly<Record<string, unknown>>, n: number, context: EstimatorContext, path: string): CorrelationEstimator;
}

export const estimatorKinds = new Registry<EstimatorKind>('correlation estimator');

let cached: { revision: number; schema: z.ZodType } | null = null;

/**
 * The zod schema of any registered estimator spec: a union discriminated by `kind`, rebuilt when an
 * estimator is registered.
 */
export function estimatorSpecSchema(): z.ZodType {
  if (cached && cached.revision === estimatorKinds.revision) return cached.schema;
  const options = estimatorKinds.entries().map((k) => k.schema());
  const schema = zod.discriminatedUnion('kind', options as [z.ZodObject, ...z.ZodObject[]]);
  cached = { revision: estimatorKinds.revision, schema };
  return schema;
}

/** Epoch milliseconds of midnight UTC of a `YYYY-MM-DD` date (assumed well-formed). */
export function parseDate(text: string): number {
  return Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
}
