import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { DccEstimator } from './dcc.js';
import { PSD_CHECKS, type PsdCheck } from './estimate-buffer.js';
import { estimatorKinds, estimatorSpecSchema, parseDate, type EstimatorContext } from './estimator-registry.js';
import { EwmaCorrelationEstimator } from './ewma-correlation.js';
import { LedoitWolfEstimator } from './ledoit-wolf.js';
import { RollingCorrelationEstimator } from './rolling-correlation.js';
import { StressedBlendEstimator } from './stressed-blend.js';
import { stressedCorrelationFromReturns } from './stressed-correlation-from-returns.js';

/** Smallest windows a spec may ask for (the estimators' constructors accept these and more). */
export const MIN_WINDOW = { rolling: 2, shrinkage: 3, dcc: 20 } as const;

/** `describe` of a value for messages: `1.2`, `"garch"`, `nothing`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return String(value);
}

const expected = (what: string) => ({ error: (issue: { input?: unknown }) => `expected ${what}, got ${describeValue(issue.input)}` });

/** An integer ≥ `min`, with the message the hand-written validator always gave. */
export const integerAtLeast = (min: number) => {
  const e = expected(`an integer ≥ ${min}`);
  return z.number(e).int(e).min(min, e);
};

const openUnit = () => {
  const e = expected('a number in (0, 1)');
  return z.number(e).gt(0, e).lt(1, e);
};

/** Full PSD factorisation of an estimate that is PSD by construction: up to the end of the warm-up, or every step. */
const psdCheck = () => {
  const e = expected(`one of ${PSD_CHECKS.map((c) => `"${c}"`).join(', ')}`);
  return z.enum(PSD_CHECKS as unknown as [PsdCheck, ...PsdCheck[]], e).optional()
    .describe('Full PSD factorisation of the estimate: up to the end of the warm-up (default), or at every step');
};
const psdOption = (spec: Readonly<Record<string, unknown>>) => ({ psdCheck: spec.psdCheck as PsdCheck | undefined });

const calendarDate = () => {
  const e = expected('a calendar date "YYYY-MM-DD"');
  return z.string(e).regex(/^\d{4}-\d{2}-\d{2}$/, e).refine((text) => new Date(parseDate(text)).toISOString().slice(0, 10) === text, e);
};

estimatorKinds.register({
  kind: 'rolling',
  description: 'rolling-window Pearson correlation of the last `window` log returns (Welford add/remove, exact re-sync every window)',
  schema: () => z.object({ kind: z.literal('rolling'), window: integerAtLeast(MIN_WINDOW.rolling), psdCheck: psdCheck() }).strict().describe('Rolling-window Pearson correlation'),
  create: (spec, n) => new RollingCorrelationEstimator(n, spec.window as number, psdOption(spec)),
});

estimatorKinds.register({
  kind: 'ewma',
  description: 'RiskMetrics EWMA covariance Σ_t = λ·Σ_{t−1} + (1 − λ)·r_t·r_tᵀ, zero mean, seeded with the first `warmup` rows',
  schema: () => z.object({ kind: z.literal('ewma'), lambda: openUnit(), warmup: integerAtLeast(2).optional(), psdCheck: psdCheck() }).strict().describe('RiskMetrics EWMA covariance'),
  create: (spec, n) => new EwmaCorrelationEstimator(n, spec.lambda as number, spec.warmup as number | undefined, psdOption(spec)),
});

estimatorKinds.register({
  kind: 'shrinkage',
  description: 'Ledoit–Wolf (2004) shrinkage of the window\'s sample covariance toward the constant-correlation target',
  schema: () => z.object({ kind: z.literal('shrinkage'), window: integerAtLeast(MIN_WINDOW.shrinkage), psdCheck: psdCheck() }).strict().describe('Ledoit–Wolf shrinkage toward constant correlation'),
  create: (spec, n) => new LedoitWolfEstimator(n, spec.window as number, psdOption(spec)),
});

estimatorKinds.register({
  kind: 'dcc',
  description: 'DCC(1,1) (Engle 2002) on GARCH(1,1) margins, fitted by two-step QML on the trailing window and refitted every `refitEvery` rows',
  schema: () => {
    const likelihood = expected('"composite" or "full"');
    return z.object({
      kind: z.literal('dcc'),
      window: integerAtLeast(MIN_WINDOW.dcc).optional(),
      refitEvery: integerAtLeast(1).optional(),
      likelihood: z.enum(['composite', 'full'], likelihood).optional(),
    }).strict().describe('DCC(1,1) with GARCH(1,1) margins');
  },
  create: (spec, n) => new DccEstimator(n, spec as never),
});

estimatorKinds.register({
  kind: 'stressed',
  description: 'blend w·ρ_current + (1 − w)·ρ_stressed of the base estimate with the correlation of a named stress period',
  schema: () => {
    const weight = expected('a number in [0, 1]');
    return z.object({
      kind: z.literal('stressed'),
      base: z.lazy(() => estimatorSpecSchema()).refine((b) => (b as { kind: string }).kind !== 'stressed', { message: 'a stressed blend cannot have a stressed base', path: ['kind'] }),
      weight: z.number(weight).min(0, weight).max(1, weight).describe('Weight w on the current estimate: w·ρ_current + (1−w)·ρ_stressed'),
      period: z.object({ from: calendarDate(), to: calendarDate() }).strict().refine((p) => parseDate(p.to) >= parseDate(p.from), {
        error: (issue) => `expected from ≤ to, got ${(issue.input as { from: string }).from} > ${(issue.input as { to: string }).to}`,
      }),
    }).strict().describe('Blend of the current estimate with a stressed-period correlation');
  },
  create(spec, n, context, path) {
    const s = spec as { base: Record<string, unknown>; weight: number; period: { from: string; to: string } };
    const base = estimatorKinds.require(s.base.kind, { path: `${path}.base.kind` }).create(s.base, n, context, `${path}.base`);
    const { from, to } = stressRows(s.period, n, context, `${path}.period`);
    const stressed = stressedCorrelationFromReturns(context.returns!, from, to);
    return new StressedBlendEstimator(base, stressed.correlation, s.weight, { stressName: `${s.period.from}..${s.period.to}` });
  },
});

const DAY_MS = 86_400_000;

/** Return rows `[from, to)` dated within the period (both dates inclusive). */
function stressRows(period: { from: string; to: string }, n: number, context: EstimatorContext, path: string): { from: number; to: number } {
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
    throw new XmarginError('E_INPUT_SCENARIO', `${period.from}..${period.to} holds ${to - from} return(s) of the data; expected at least 2`, { path });
  }
  return { from, to };
}
