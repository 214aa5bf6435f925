import { XmarginError } from '../core/errors.js';

/**
 * A sticky-moneyness implied-volatility skew around an at-the-money volatility series:
 *
 *   σ(K, T) = max(floor, σ_ATM + slope · ln(K / F) + termSlope · (T − T_ref))
 *
 * - `σ_ATM` is the at-the-money implied volatility of the step (e.g. VIX / 100 for the S&P 500);
 * - `F = S e^{(r−q)T}` is the forward of the underlying for the option's expiry (`forwardPrice`), so the
 *   smile is a function of moneyness `ln(K/F)` and moves with the underlying ("sticky moneyness", also
 *   called sticky delta): an option keeps the volatility of its moneyness, not of its strike, as S moves;
 * - `slope` is the change of σ per unit of log-moneyness: negative for the equity-index put skew (a strike
 *   5 % below the forward, ln 0.95 = −0.0513, gets σ_ATM + 0.0513·|slope|);
 * - `T_ref` is the tenor the ATM series is quoted at (`referenceTenorDays`, 30 calendar days for VIX, whose
 *   methodology interpolates to a constant 30-day maturity); `termSlope` is the change of σ per year of
 *   tenor away from it. Without it (0, the default) the term structure is flat: every expiry gets σ_ATM.
 * - `floor` keeps σ positive however far the skew extrapolates (default 0.01, one volatility point). There
 *   is no cap: a steep skew far from the money gives what the formula gives; `slope` and `termSlope` are
 *   bounded to [−10, 10] (`MAX_SMILE_SLOPE`), so σ is always finite. A missing (NaN) at-the-money
 *   volatility gives NaN, never the floor.
 */
export interface VolatilitySmile {
  /** ∂σ / ∂ln(K/F). */
  readonly slope: number;
  /** Lowest volatility the smile returns, > 0. */
  readonly floor: number;
  /** ∂σ / ∂T, per year of tenor; 0 = flat term structure. */
  readonly termSlope: number;
  /** `T_ref`, the tenor of the ATM series, in ACT/365 years (`referenceTenorDays / 365`). */
  readonly referenceTenor: number;
}

/** The JSON form (scenario files): every field optional. */
export interface VolatilitySmileSpec {
  readonly slope?: number;
  readonly floor?: number;
  readonly termSlope?: number;
  readonly referenceTenorDays?: number;
}

export const DEFAULT_SMILE_FLOOR = 0.01;
/** VIX is a constant-maturity 30-calendar-day implied volatility. */
export const DEFAULT_REFERENCE_TENOR_DAYS = 30;
/** The largest floor accepted, as for implied-volatility inputs: 500 %. */
export const MAX_IMPLIED_VOLATILITY = 5;
/**
 * The steepest `slope` (per unit of ln(K/F)) and `termSlope` (per year of tenor) accepted, either sign. A
 * strike 10 % from the forward then moves σ by at most 1.05 (105 volatility points), a tenor a month from
 * the reference by 0.82: far steeper than any index skew (the bundled book's −0.25; a one-week S&P 500 skew
 * is a few units). Beyond it the formula only overflows: slope ±1e308 gave σ = ±5e306 at a 5 % out-of-the-money
 * strike (−: every put priced near its strike; +: the floor everywhere, silently) and ±∞ further out.
 */
export const MAX_SMILE_SLOPE = 10;

const FIELDS = ['slope', 'floor', 'termSlope', 'referenceTenorDays'];

/** A flat smile: σ(K, T) = max(0.01, σ_ATM). */
export const FLAT_SMILE: VolatilitySmile = Object.freeze({
  slope: 0,
  floor: DEFAULT_SMILE_FLOOR,
  termSlope: 0,
  referenceTenor: DEFAULT_REFERENCE_TENOR_DAYS / 365,
});

/** The forward `F = S e^{(r−q)T}` of a spot `S` with rate `r` and dividend/carry yield `q`. */
export function forwardPrice(spot: number, rate: number, carry: number, tenor: number): number {
  return spot * Math.exp((rate - carry) * tenor);
}

/**
 * σ(K, T) of the smile for an option with strike `strike` and tenor `tenor` (years) when the at-the-money
 * volatility is `atmVolatility` and the forward is `forward`. Trusts its inputs (positive strike and
 * forward, validated smile); O(1), no allocation.
 */
export function smileVolatility(
  smile: VolatilitySmile,
  atmVolatility: number,
  strike: number,
  forward: number,
  tenor: number,
): number {
  const skew = smile.slope === 0 ? 0 : smile.slope * Math.log(strike / forward);
  const term = smile.termSlope === 0 ? 0 : smile.termSlope * (tenor - smile.referenceTenor);
  const sigma = atmVolatility + skew + term;
  // NaN stays NaN (the pricer then refuses it): an option priced without its implied volatility must not
  // quietly take the floor.
  return sigma > smile.floor ? sigma : sigma <= smile.floor ? smile.floor : Number.NaN;
}

/**
 * Checks a smile spec (`undefined` is the flat smile) and returns the smile with its defaults. Throws
 * `XmarginError('E_INPUT_SCENARIO')` naming the JSON path, e.g.
 * `options.smile.floor: expected a number in (0, 5], got 0`. Unknown fields are errors.
 */
export function validateVolatilitySmile(value: unknown, path = 'smile'): VolatilitySmile {
  if (value === undefined) return FLAT_SMILE;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, `expected an object with optional ${FIELDS.join(', ')}, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FIELDS.includes(key)) fail(`${path}.${key}`, `unknown field; expected one of ${FIELDS.join(', ')}`);
  }
  const slope = bounded(record.slope, `${path}.slope`, 'volatility per unit of ln(K/F)');
  const termSlope = bounded(record.termSlope, `${path}.termSlope`, 'volatility per year of tenor');
  const floor = record.floor === undefined ? DEFAULT_SMILE_FLOOR : record.floor;
  if (typeof floor !== 'number' || !(floor > 0 && floor <= MAX_IMPLIED_VOLATILITY)) {
    fail(`${path}.floor`, `expected a number in (0, ${MAX_IMPLIED_VOLATILITY}], got ${describe(floor)}`);
  }
  const days = record.referenceTenorDays === undefined ? DEFAULT_REFERENCE_TENOR_DAYS : record.referenceTenorDays;
  if (typeof days !== 'number' || !(days > 0 && Number.isFinite(days))) {
    fail(`${path}.referenceTenorDays`, `expected a positive number of calendar days, got ${describe(days)}`);
  }
  return { slope, floor, termSlope, referenceTenor: days / 365 };
}

/** A slope in [-MAX_SMILE_SLOPE, MAX_SMILE_SLOPE]; absent: 0. */
function bounded(value: unknown, path: string, unit: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(Math.abs(value) <= MAX_SMILE_SLOPE)) {
    fail(path, `expected a number in [-${MAX_SMILE_SLOPE}, ${MAX_SMILE_SLOPE}] (${unit}), got ${describe(value)}`);
  }
  return value;
}

function fail(path: string, detail: string): never {
  throw new XmarginError('E_INPUT_SCENARIO', detail, { path });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}
