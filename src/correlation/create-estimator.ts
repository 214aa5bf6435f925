import { XmarginError } from '../core/errors.js';
import type { CorrelationEstimator } from './estimator.js';
import { parseDate, validateEstimatorSpec, type EstimatorSpec } from './estimator-spec.js';
import { RollingCorrelationEstimator } from './rolling-correlation.js';
import { EwmaCorrelationEstimator } from './ewma-correlation.js';
import { LedoitWolfEstimator } from './ledoit-wolf.js';
import { DccEstimator } from './dcc.js';
import { StressedBlendEstimator } from './stressed-blend.js';
import { stressedCorrelationFromReturns } from './stressed-correlation-from-returns.js';

export interface EstimatorContext {
  /** Return columns of the data set (one per asset), needed by `stressed` to compute its period. */
  readonly returns?: readonly Float64Array[];
  /**
   * Epoch milliseconds (UTC). Either one per return (the time of the row each return ends at) or the
   * price frame's time axis (one more than the returns: return t is then dated `time[t + 1]`).
   */
  readonly time?: Float64Array;
}

const DAY_MS = 86_400_000;

/**
 * Builds an estimator for `n` assets from a JSON-able spec (validated first, errors name `path`).
 * A `stressed` spec computes its stressed matrix from the returns dated within `period` (both dates
 * inclusive) in `context`; that matrix is fixed for the run, a declared stress scenario, not an estimate.
 */
export function createEstimator(
  spec: EstimatorSpec,
  n: number,
  context: EstimatorContext = {},
  path = 'correlation',
): CorrelationEstimator {
  const valid = validateEstimatorSpec(spec, path);
  switch (valid.kind) {
    case 'rolling':
      return new RollingCorrelationEstimator(n, valid.window, { psdCheck: valid.psdCheck });
    case 'ewma':
      return new EwmaCorrelationEstimator(n, valid.lambda, valid.warmup, { psdCheck: valid.psdCheck });
    case 'shrinkage':
      return new LedoitWolfEstimator(n, valid.window, { psdCheck: valid.psdCheck });
    case 'dcc':
      return new DccEstimator(n, valid);
    case 'stressed': {
      const base = createEstimator(valid.base, n, context, `${path}.base`);
      const { from, to } = stressRows(valid.period, n, context, `${path}.period`);
      const stressed = stressedCorrelationFromReturns(context.returns!, from, to);
      return new StressedBlendEstimator(base, stressed.correlation, valid.weight, {
        stressName: `${valid.period.from}..${valid.period.to}`,
      });
    }
  }
}

/** Return rows `[from, to)` dated within the period. */
function stressRows(
  period: { from: string; to: string },
  n: number,
  context: EstimatorContext,
  path: string,
): { from: number; to: number } {
  const { returns, time } = context;
  if (!returns || !time) {
    throw new XmarginError('E_INPUT_SCENARIO', 'a stressed correlation needs the return history and its time axis', { path });
  }
  if (returns.length !== n) {
    throw new XmarginError('E_INPUT_SCENARIO', `the return history has ${returns.length} assets; expected ${n}`, { path });
  }
  const rows = n === 0 ? 0 : returns[0].length;
  if (time.length !== rows && time.length !== rows + 1) {
    throw new XmarginError('E_INPUT_SCENARIO', `time axis has ${time.length} entries for ${rows} returns`, { path });
  }
  const shift = time.length - rows;
  const start = parseDate(period.from);
  const end = parseDate(period.to) + DAY_MS;
  let from = 0;
  while (from < rows && time[from + shift] < start) from++;
  let to = from;
  while (to < rows && time[to + shift] < end) to++;
  if (to - from < 2) {
    throw new XmarginError(
      'E_INPUT_SCENARIO',
      `${period.from}..${period.to} holds ${to - from} return(s) of the data; expected at least 2`,
      { path },
    );
  }
  return { from, to };
}
