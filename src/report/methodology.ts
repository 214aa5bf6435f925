import { modeKinds } from '../margin/mode-kinds.js';
import { marginMethods } from '../margin/method-registry.js';
import type { RunResult } from '../result/run-result.js';
import { formatCount } from './report-format.js';
import { currencyOf, formatAmount, formatPercent } from './text-table.js';

/** One line of the methodology: a term and what the run used (plain text; writers escape it). */
export interface MethodologyItem {
  readonly term: string;
  readonly detail: string;
  /** Shown as a warning (the run rests on something that may be wrong, e.g. an unverified model fit). */
  readonly warning?: boolean;
}

type Json = Record<string, unknown>;
const obj = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function describePosition(p: Json, currency: string | null): string {
  const size = num(p.notional) !== null ? `notional ${formatAmount(num(p.notional), currency)}` : `quantity ${formatAmount(num(p.quantity))}`;
  const im = num(p.leverage) !== null ? `leverage ${num(p.leverage)}×` : `initial margin ${formatPercent(num(p.initialMarginRate), 2)}`;
  const tiers = list(p.maintenanceTiers);
  const mm = tiers.length > 0
    ? `maintenance tiers ${tiers.map((t) => { const o = obj(t); return `${o.upTo === null ? '∞' : formatAmount(num(o.upTo))}: ${formatPercent(num(o.rate), 2)}`; }).join(', ')}`
    : `maintenance ${formatPercent(num(p.maintenanceRate), 2)}`;
  return `${String(p.asset)}: ${size}, ${im}, ${mm}`;
}

function describeMode(spec: Json, summary: RunResult['modes'][number] | undefined): string {
  const name = typeof spec.name === 'string' ? spec.name : String(spec.kind);
  const parts = [`${name}: ${String(spec.kind)}`];
  if (summary) parts.push(summary.method);
  const kind = modeKinds.get(String(spec.kind));
  if (kind?.describe) parts.push(...kind.describe(spec));
  return parts.join(', ');
}

/** What each mode's kind and method compute, from their registry entries (one line per distinct one). */
function methodDefinitions(specs: readonly unknown[]): string {
  const lines = new Map<string, string>();
  for (const raw of specs) {
    const spec = obj(raw);
    const kind = modeKinds.get(String(spec.kind));
    if (!kind) continue;
    const method = spec.method === undefined ? undefined : marginMethods.get(String(spec.method));
    const key = method ? `${kind.kind} ${method.kind}` : kind.kind;
    lines.set(key, method ? `${kind.kind} with ${method.kind}: ${method.description}` : `${kind.kind}: ${kind.description}`);
  }
  return [...lines.values()].join('; ');
}

/**
 * The venue presets the run applied, one entry per preset version: which modes, the date asked for, the
 * version in force then and how its date is known, the file, and every source with the day it was read.
 */
function venuePresetText(result: RunResult): string {
  const uses = list((result as { venues?: unknown }).venues).map(obj);
  if (uses.length === 0) return '';
  const groups = new Map<string, Json[]>();
  for (const use of uses) {
    const key = `${String(use.venue)} ${String(use.effective)} ${String(use.asOf)}`;
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  return [...groups.values()].map((group) => {
    const v = group[0];
    const until = typeof v.until === 'string' ? `, until ${v.until}` : '';
    const after = obj(v.afterNewest);
    const newest = typeof after.reason === 'string' ? `; ${after.reason}` : '';
    const sources = list(v.sources).map(obj).map((src) => `${String(src.title)} <${String(src.url)}> (read ${String(src.retrieved)})`).join('; ');
    return `${group.map((u) => String(u.mode)).join(', ')}: ${String(v.venue)} as of ${String(v.asOf)}, the version of ${String(v.effective)} (${String(v.basis)}${until}${newest}) in ${String(v.file)} — ${String(v.title)}. Sources: ${sources}`;
  }).join(' · ');
}

/** The header line of a run: what, when, how (plain text pieces; callers escape). */
export function runFacts(result: RunResult): string[] {
  const { data, run } = result;
  const mc = result.monteCarlo;
  return [
    mc ? `Monte Carlo, ${formatCount(mc.runs)} synthetic paths (seed ${mc.seed})` : 'historical replay',
    `${data.assets.join(', ')}`,
    `${run.openTime} → ${run.lastTime} (${formatCount(run.steps)} steps, ${data.frequency.label})`,
    `h = ${run.horizonSteps} step${run.horizonSteps === 1 ? '' : 's'}`,
    `confidence ${formatPercent(run.confidence, 1)}`,
    `estimator ${run.estimator ?? 'none'}`,
    `capital ${formatAmount(run.capital, currencyOf(result))}`,
  ];
}

/** The run written out from the scenario echo and the result: what a reviewer needs to reproduce it. */
export function methodologyItems(result: RunResult): MethodologyItem[] {
  const echo = obj(result.scenario.echo);
  const { data, run } = result;
  const items: MethodologyItem[] = [];
  const add = (term: string, detail: string) => items.push({ term, detail });
  add('Scenario', `${result.scenario.name} (${result.scenario.file})${result.scenario.description ? `: ${result.scenario.description}` : ''}`);
  const missing = obj(data.missing);
  add('Data', `${data.file}: ${data.assets.join(', ')}; ${formatCount(data.rows)} rows from ${data.from} to ${data.to}, ${data.frequency.label}` +
    (num(data.frequency.periodsPerYear) !== null ? ` (${data.frequency.periodsPerYear} periods a year)` : ''));
  add('Missing values', `policy ${String(missing.policy ?? 'error')}: ${formatCount(num(missing.cells) ?? 0)} missing cells, ${formatCount(num(missing.filled) ?? 0)} filled, ${formatCount(num(missing.droppedRows) ?? 0)} rows dropped`);
  add('Period', `book opened ${run.openTime} (step ${run.openStep}), last step ${run.lastTime}: ${formatCount(run.steps)} steps`);
  const portfolio = obj(echo.portfolio);
  add('Portfolio', `capital ${formatAmount(run.capital, currencyOf(result))}; ${list(portfolio.positions).map((p) => describePosition(obj(p), currencyOf(result))).join('; ')}`);
  const modeSpecs = list(obj(echo.margin).modes);
  add('Margin modes', result.modes.map((m, k) => describeMode(obj(modeSpecs[k]), m)).join('; '));
  const definitions = methodDefinitions(modeSpecs);
  if (definitions) add('Margin methods', definitions);
  const venues = venuePresetText(result);
  if (venues) add('Venue presets', venues);
  const columns = obj(obj(echo.data).columns);
  const mapped = Object.entries(columns);
  if (mapped.length > 0) {
    const bars = mapped.filter(([, c]) => obj(c).high !== undefined);
    add('Price columns', mapped.map(([asset, c]) => {
      const m = obj(c);
      return `${asset}: close "${String(m.close)}"` + (m.high !== undefined ? `, high "${String(m.high)}", low "${String(m.low)}"` : '') + (m.open !== undefined ? `, open "${String(m.open)}"` : '');
    }).join('; '));
    if (bars.length > 0) {
      const fill = String(obj(echo.liquidation).fill ?? 'trigger');
      add('Intrabar checks', 'each pool is checked at every bar after the opening step with each underlying at the end of its bar worse for the pool (a long at the low, a short at the high; legs on one underlying net at one price) — every underlying at its adverse extreme at once, which the bar need not have reached together: a conservative bound for a pool of several underlyings. ' +
        (fill === 'extreme'
          ? 'Liquidations fill at those extremes.'
          : 'Liquidations fill where the pool first reached its requirement moving every underlying in a straight line from its bar\'s open (the previous close where no open is mapped) to that extreme; a bar opening beyond it fills at the open.') +
        ' Modes marked "check at the close only" ignore the bars. Events say whether the close would have caught the liquidation (check "close") or only the bar did ("intrabar").');
    }
  }
  const recorded = obj(echo.series).liquidationPrices;
  if (recorded === true || recorded === 'closed-form') {
    add('Liquidation prices', 'per mode and position at every step: the underlying price at which the position\'s pool reaches its requirement, other prices held; in closed form (Binance\'s formula, bracket by bracket) for maintenance-sum pools of linear positions, ' +
      (recorded === true ? 'else by a bracketed root search in log price to 1e-13 through the risk view' : 'and not recorded per step elsewhere ("closed-form")') +
      '. Liquidation events give each closed leg\'s liquidation price in the state the check saw.');
  }
  add('Margin period of risk', `${run.horizonDays} day${run.horizonDays === 1 ? '' : 's'} = ${run.horizonSteps} step${run.horizonSteps === 1 ? '' : 's'} at this frequency`);
  add('Confidence', `${formatPercent(run.confidence, 2)} (expected exceedance rate ${formatPercent(1 - run.confidence, 2)})`);
  add('Correlation estimator', `${run.estimator ?? 'none'}${echo.correlation ? ` (spec ${JSON.stringify(echo.correlation)})` : ''}`);
  const fits = describeModelFits((run as { estimatorFits?: unknown }).estimatorFits);
  if (fits) items.push(fits);
  const liquidation = obj(echo.liquidation);
  add('Liquidation policy', `${String(liquidation.policy ?? 'full')}` +
    (liquidation.policy === 'partial' ? `, close losing legs until equity ≥ requirement × (1 + ${String(liquidation.buffer)})` : ', close every position of the pool') +
    `; fee ${formatPercent(num(liquidation.fee), 2)} of notional closed; equity below zero after a close-out is bad debt`);
  const fees = obj(echo.fees);
  add('Fees', `opening ${formatPercent(num(fees.open) ?? 0, 2)} of notional, funding ${formatPercent(num(fees.fundingPerYear) ?? 0, 2)} a year on absolute notional`);
  const overlays = list((run as { overlays?: unknown }).overlays).map(String);
  const echoOverlays = list(echo.overlays);
  add('Stress overlays', overlays.length > 0 ? overlays.join('; ') : echoOverlays.length > 0 ? echoOverlays.map((o) => JSON.stringify(o)).join('; ') : 'none (the path as read)');
  const realised = Math.max(num(obj(echo.backtest).realisedWindow) ?? 20, run.horizonSteps);
  add('Underfunding backtest', `an exceedance's factor attribution uses the volatility and correlation realised over the next ${realised} steps (max of backtest.realisedWindow and h)`);
  add('Currency', typeof echo.currency === 'string' ? `${echo.currency} (as the scenario names it; not converted)` : 'not named in the scenario');
  const mc = result.monteCarlo;
  if (mc) {
    add('Paths', `Monte Carlo: ${formatCount(mc.runs)} synthetic paths of ${formatCount(mc.steps)} steps after ${formatCount(mc.warmupSteps)} historical warm-up rows; ${mc.generator.description}` +
      (mc.generator.notes.length > 0 ? ` (${mc.generator.notes.join('; ')})` : '') +
      `. Charts and event tables show path ${mc.representativePath}, the representative path: the median of all paths by ${mc.representativeMode}'s final equity (the ⌊(n − 1)/2⌋-th smallest). Synthetic paths run on a business-day calendar (Monday to Friday, no holidays) that continues the history: their dates are labels, not real dates.`);
  } else {
    add('Paths', 'historical replay of the data (one path)');
  }
  add('Seed', run.seed === null ? 'none (no randomness in a historical replay)' : String(run.seed));
  add('Software', `xmargin ${result.software.version}`);
  add('Result digest', `sha256 ${result.digest} (result.json; events ${result.contentDigests?.events ?? '-'}, series ${result.contentDigests?.timeseries ?? '-'}, data ${data.fingerprint ?? '-'})`);
  return items;
}

/**
 * The estimator's likelihood fits (DCC: GARCH and correlation stages of every refit), when the result has
 * them: a warning naming the fits that are not a verified maximum, else how many there were; then one note
 * per refit.
 */
function describeModelFits(value: unknown): MethodologyItem | null {
  const fits = obj(value);
  const count = num(fits.fits);
  if (count === null) return null;
  const untrustworthy = num(fits.untrustworthy) ?? 0;
  const onBoundary = num(fits.onBoundary) ?? 0;
  const notes = list(fits.notes).map(String);
  const head = untrustworthy > 0
    ? `NOT TRUSTWORTHY: ${formatCount(untrustworthy)} of ${formatCount(count)} likelihood fits did not reach a verified maximum, so the correlations and volatilities they fed may be wrong`
    : `${formatCount(count)} likelihood fits, each a verified maximum (first- and second-order conditions met at the best of several starts)`;
  return {
    term: 'Model fits',
    detail: `${head}; ${formatCount(onBoundary)} on a bound of the admissible parameters. ${notes.join(' | ')}`,
    ...(untrustworthy > 0 ? { warning: true } : {}),
  };
}

/** The definitions every number rests on (DESIGN.md, "Domain semantics"), in the words of a risk manager. */
export const DEFINITIONS: readonly MethodologyItem[] = [
  { term: 'Liquidation', detail: 'a pool is liquidated when its equity falls below its requirement at a step\'s prices; isolated margin has one pool per position funded with its initial margin, cross and portfolio margin one pool for the account. A closed position stays closed.' },
  { term: 'Liquidation avoided', detail: 'isolated margin liquidated a position at a step where a cross mode was not liquidated; avoided for good when the cross mode never liquidated that position later, postponed when it did. Capital saved is what keeping the position in the cross mode was worth against the isolated close-out (negative when the kept position lost more later); headline counts are the liquidations avoided for good.' },
  { term: 'Underfunded step', detail: 'the loss L of the positions held at a step over the next h steps exceeded the cross requirement R held then; the shortfall L − R is what the default fund would absorb.' },
  { term: 'Cause (factor attribution)', detail: 'the mode\'s own risk measure is re-evaluated with the volatility, the correlation (and, for options, the implied volatility) realised after the step, each substituted alone and together; the change R(realised) − R is split between the factors by Shapley (the average over the orders of substitution). Correlation breakdown when the correlation part is positive and the largest, implied volatility when that part is, volatility otherwise. L ≤ S (the standalone sum would have covered the loss) is reported beside it, not as the cause.' },
  { term: 'Coverage as CCPs disclose it', detail: 'CPMI-IOSCO public quantitative disclosure standards for CCPs (2015), section 6.5: observations, breaches, achieved coverage (1 − breaches / observations) and the peak and average breach size.' },
  { term: 'Coverage tests', detail: 'Kupiec (1995) proportion of failures, Christoffersen (1998) independence and conditional coverage, and the Basel (1996) traffic-light zone from the binomial distribution of the exceedance count.' },
];
