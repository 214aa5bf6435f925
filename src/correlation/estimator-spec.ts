import { XmarginError } from '../core/errors.js';
import { describeValue } from './builtin-estimators.js';
import { estimatorKinds, estimatorSpecSchema } from './estimator-registry.js';
import type { EstimatorContext } from './estimator-registry.js';
import type { CorrelationEstimator } from './estimator.js';
import type { PsdCheck } from './estimate-buffer.js';

export { parseDate } from './estimator-registry.js';
export type { EstimatorContext } from './estimator-registry.js';

/** JSON-able description of a built-in correlation estimator (scenario files, calibration sweeps). */
export type EstimatorSpec =
  | { readonly kind: 'rolling'; readonly window: number; readonly psdCheck?: PsdCheck }
  | { readonly kind: 'ewma'; readonly lambda: number; readonly warmup?: number; readonly psdCheck?: PsdCheck }
  | { readonly kind: 'shrinkage'; readonly window: number; readonly psdCheck?: PsdCheck }
  | {
      readonly kind: 'dcc';
      readonly window?: number;
      readonly refitEvery?: number;
      readonly likelihood?: 'composite' | 'full';
    }
  | {
      readonly kind: 'stressed';
      readonly base: EstimatorSpec;
      readonly weight: number;
      /** Calendar dates `YYYY-MM-DD` (UTC), both inclusive. */
      readonly period: { readonly from: string; readonly to: string };
    };

/**
 * Checks that `value` is the spec of a registered estimator and returns it. The registry's zod schemas
 * are the rules (the scenario validator uses the same ones); this turns the first problem into one
 * `XmarginError('E_INPUT_SCENARIO')` naming its JSON path and what was expected, e.g.
 * `correlation.lambda: expected a number in (0, 1), got 1.2`. Unknown fields are errors.
 */
export function validateEstimatorSpec(value: unknown, path = 'correlation'): EstimatorSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object with a "kind" field, got ${describeValue(value)}`);
  }
  const result = estimatorSpecSchema().safeParse(value);
  if (result.success) return result.data as EstimatorSpec;
  const issue = result.error.issues[0];
  const where = joinPath(path, issue.path);
  if (issue.code === 'invalid_union') {
    // zod names the discriminator in the path (`base.kind`); older forms named only its object.
    const kindPath = issue.path[issue.path.length - 1] === 'kind' ? issue.path : [...issue.path, 'kind'];
    const kind = kindPath.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value);
    fail(joinPath(path, kindPath), `expected one of ${estimatorKinds.kinds().map((k) => `"${k}"`).join(', ')}, got ${describeValue(kind)}`);
  }
  if (issue.code === 'unrecognized_keys') {
    const owner = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], value) as Record<string, unknown>;
    const entry = estimatorKinds.get(String(owner?.kind));
    const known = entry ? Object.keys(entry.schema().shape) : [];
    fail(`${where}.${issue.keys[0]}`, entry ? `unknown field for kind "${entry.kind}"; expected one of ${known.join(', ')}` : 'unknown field');
  }
  fail(where, issue.message);
}

/**
 * Builds an estimator for `n` assets from a JSON-able spec (validated first, errors name `path`).
 * A `stressed` spec computes its stressed matrix from the returns dated within `period` (both dates
 * inclusive) in `context`; that matrix is fixed for the run, a declared stress scenario, not an estimate.
 */
export function createEstimator(spec: EstimatorSpec, n: number, context: EstimatorContext = {}, path = 'correlation'): CorrelationEstimator {
  const valid = validateEstimatorSpec(spec, path) as unknown as Record<string, unknown>;
  return estimatorKinds.require(valid.kind, { path: `${path}.kind` }).create(valid, n, context, path);
}

/** `correlation` + `['base', 'lambda']` → `correlation.base.lambda`; numbers as `[k]`. */
function joinPath(root: string, keys: readonly PropertyKey[]): string {
  return keys.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : `${out}.${String(k)}`), root);
}

function fail(path: string, detail: string): never {
  throw new XmarginError('E_INPUT_SCENARIO', detail, { path });
}
