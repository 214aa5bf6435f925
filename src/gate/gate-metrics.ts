import { kupiec } from '../backtest/kupiec.js';
import { chiSquaredSurvival } from '../backtest/chi-squared.js';
import { trafficLight } from '../backtest/traffic-light.js';
import { XmarginError } from '../core/errors.js';
import type { ModeCoverage, RunResult } from '../result/run-result.js';
import { isSharedMode, type NamedMode } from './mode-selector.js';

/**
 * The named summary metrics a gate policy can test, all read from a run's `result.json`. Names are
 * `<mode>.<field>` per margin mode, `<family>.<mode>` for liquidations avoided, and `<family>.<total>`
 * for whole-run counts. A metric with no value (a ratio over zero) is `null`, and a rule on it fails.
 */
export type MetricValue = number | null;
export type MetricTable = Record<string, MetricValue>;

export type MetricScope = 'mode' | 'cross-mode' | 'run' | 'mc-mode' | 'mc-cross-mode';

/**
 * What a metric's number is: a `probability` (a share, a rate or a p-value, in [0, 1]) changes by absolute
 * amounts (a limit of "5%" on it is 5 percentage points, and changes are shown in points), everything else
 * by its own units or a percentage of the baseline.
 */
export type MetricUnit = 'count' | 'amount' | 'probability' | 'ratio' | 'zone' | 'flag';

export interface MetricDefinition {
  /** The name, with `<mode>` standing for a margin mode's name. */
  readonly template: string;
  /**
   * `mode`: every mode; `cross-mode`: modes with one pool (kinds cross and portfolio); `run`: once per run;
   * `mc-…`: the same, Monte Carlo runs only (over every path; the other metrics describe the representative path 0).
   */
  readonly scope: MetricScope;
  readonly unit: MetricUnit;
  readonly description: string;
}

/** Traffic-light zones as numbers, so zones compare as the risk they mean: green < yellow < red. */
export const ZONE_VALUES: Readonly<Record<string, number>> = { green: 0, yellow: 1, red: 2 };
export const ZONE_NAMES = ['green', 'yellow', 'red'] as const;

const def = (template: string, scope: MetricScope, description: string): MetricDefinition => ({ template, scope, unit: unitOf(template), description });

/** The unit of a metric, from its name. */
function unitOf(template: string): MetricUnit {
  if (template === 'badDebt.total') return 'amount';
  const field = template.slice(template.lastIndexOf('.') + 1);
  if (/Probability$|Rate$|PValue$|^diversificationBenefit$|^underfundedExpected$/.test(field)) return 'probability';
  if (/[Zz]one$/.test(field)) return 'zone';
  if (field === 'wipedOut') return 'flag';
  if (field === 'capitalEfficiency' || field === 'kupiecLR') return 'ratio';
  if (/^(liquidations|positionsLiquidated|observations|exceedances|underfundedPeriods|correlationBreakdown|volatility|impliedVolatility|standaloneCovered|unattributed|formalObservations|formalExceedances|total|correlation_breakdown|implied_volatility|standalone_covered|meanLiquidations|meanAvoided|meanCorrelationBreakdown)$/.test(field)
    || /^(avoided|postponed)\./.test(template)) return 'count';
  return 'amount';
}

export const METRIC_CATALOGUE: readonly MetricDefinition[] = [
  def('<mode>.liquidations', 'mode', 'liquidation events (an isolated bucket, a partial close or the whole account count once each)'),
  def('<mode>.positionsLiquidated', 'mode', 'positions closed by liquidation'),
  def('<mode>.wipedOut', 'mode', '1 when every position was liquidated before the end of the path, else 0'),
  def('<mode>.badDebt', 'mode', 'equity below zero after close-outs (loss beyond the collateral)'),
  def('<mode>.liquidationFees', 'mode', 'liquidation fees charged'),
  def('<mode>.fundingFees', 'mode', 'funding / carry fees charged'),
  def('<mode>.finalEquity', 'mode', 'equity at the end of the path'),
  def('<mode>.pnl', 'mode', 'final equity − capital'),
  def('<mode>.minHeadroom', 'mode', 'smallest equity − requirement while positions were open (null if never open)'),
  def('<mode>.meanRequirement', 'mode', 'mean margin requirement over the steps with open positions'),
  def('<mode>.meanStandaloneSum', 'mode', 'mean sum of standalone requirements'),
  def('<mode>.meanGross', 'mode', 'mean gross notional'),
  def('<mode>.capitalEfficiency', 'mode', 'mean gross / mean requirement (null when the requirement is 0)'),
  def('<mode>.diversificationBenefit', 'mode', '1 − mean requirement / mean standalone sum'),
  def('<mode>.observations', 'cross-mode', 'backtest observations (steps with a full h-step loss window)'),
  def('<mode>.exceedances', 'cross-mode', 'steps whose h-step loss exceeded the requirement'),
  def('<mode>.exceedanceRate', 'cross-mode', 'exceedances / observations'),
  def('<mode>.expectedRate', 'cross-mode', '1 − confidence: the rate a correct model shows'),
  def('<mode>.kupiecLR', 'cross-mode', 'Kupiec proportion-of-failures likelihood ratio'),
  def('<mode>.kupiecPValue', 'cross-mode', 'Kupiec p-value (indicative when h > 1)'),
  def('<mode>.independencePValue', 'cross-mode', 'Christoffersen independence p-value (null when undefined)'),
  def('<mode>.conditionalCoveragePValue', 'cross-mode', 'Christoffersen conditional-coverage p-value'),
  def('<mode>.zone', 'cross-mode', 'Basel traffic-light zone: green = 0, yellow = 1, red = 2 (rules may write the names)'),
  def('<mode>.underfundedPeriods', 'cross-mode', 'runs of consecutive exceedance steps'),
  def('<mode>.correlationBreakdown', 'cross-mode', 'exceedances attributed to correlation (its Shapley part positive and the largest)'),
  def('<mode>.volatility', 'cross-mode', 'exceedances attributed to volatility (or not attributable)'),
  def('<mode>.impliedVolatility', 'cross-mode', 'exceedances attributed to implied volatility (option books)'),
  def('<mode>.standaloneCovered', 'cross-mode', 'exceedances the standalone sum would have covered (L ≤ S), whatever their cause'),
  def('<mode>.unattributed', 'cross-mode', 'exceedances the attribution could not split (counted as volatility)'),
  def('<mode>.maxShortfall', 'cross-mode', 'largest loss − requirement over the exceedances (0 if none)'),
  def('<mode>.meanShortfall', 'cross-mode', 'mean loss − requirement over the exceedances (0 if none)'),
  def('<mode>.addOnShare', 'cross-mode', 'margin add-ons: Σ mean add-on contributions / mean requirement (null without add-ons)'),
  def('<mode>.correlationBreakShare', 'cross-mode', 'mean correlation-break add-on / mean requirement (null without one)'),
  def('<mode>.antiProcyclicalityShare', 'cross-mode', 'mean anti-procyclicality add-ons (buffer, stressed weight, floor) / mean requirement (null without one)'),
  def('<mode>.concentrationShare', 'cross-mode', 'mean concentration add-on / mean requirement (null without one)'),
  def('<mode>.peakToTrough', 'cross-mode', 'largest / smallest requirement, add-ons included (scenarios whose modes name addOns)'),
  def('<mode>.largestIncrease', 'cross-mode', 'largest 5-day relative increase of the requirement, add-ons included (scenarios whose modes name addOns)'),
  def('<mode>.peakToTroughBase', 'cross-mode', 'peak-to-trough of the method alone, before the add-ons'),
  def('<mode>.largestIncreaseBase', 'cross-mode', 'largest 5-day increase of the method alone, before the add-ons'),
  def('<mode>.topContributorShare', 'mode', 'largest Euler share of the requirement at its peak (margin_allocation detector)'),
  def('<mode>.distanceToBreach', 'mode', 'reverse stress: distance of the nearest breach point, √(shock² + (Δρ/rhoPerSigma)²) (reverse_stress detector; null when none found)'),
  def('<mode>.breachShock', 'mode', 'reverse stress: smallest breaking shock with no correlation shift (h-step σ; null when none within the search)'),
  def('<mode>.breachRhoShift', 'mode', 'reverse stress: smallest breaking correlation shift with no price shock (null when none)'),
  def('<mode>.formalObservations', 'cross-mode', 'observations of the formal test: every h-th step (non-overlapping windows; all steps when h = 1)'),
  def('<mode>.formalExceedances', 'cross-mode', 'exceedances among them'),
  def('<mode>.formalKupiecPValue', 'cross-mode', 'Kupiec p-value on the non-overlapping windows (formal)'),
  def('<mode>.formalZone', 'cross-mode', 'traffic-light zone on the non-overlapping windows (formal)'),
  def('avoided.<mode>', 'cross-mode', 'isolated liquidations this mode avoided for good (never liquidated the position later)'),
  def('postponed.<mode>', 'cross-mode', 'isolated liquidations this mode only postponed (liquidated the position later)'),
  def('capitalSaved.<mode>', 'cross-mode', 'net capital saved by the liquidations avoided for good (signed)'),
  def('capitalSavedPostponed.<mode>', 'cross-mode', 'net capital saved by the postponed ones (signed; negative when keeping the position cost more)'),
  def('isolatedLoss.<mode>', 'cross-mode', 'loss the isolated buckets realised where this mode kept the position (for good or not)'),
  def('liquidations.total', 'run', 'liquidation events over every mode'),
  def('badDebt.total', 'run', 'bad debt over every mode'),
  def('avoided.total', 'run', 'liquidations avoided for good, summed over every cross mode'),
  def('underfunded.total', 'run', 'underfunded events (exceedances) over every cross mode'),
  def('underfunded.correlation_breakdown', 'run', 'underfunded events attributed to correlation breakdown'),
  def('underfunded.volatility', 'run', 'underfunded events attributed to volatility'),
  def('underfunded.implied_volatility', 'run', 'underfunded events attributed to implied volatility'),
  def('underfunded.standalone_covered', 'run', 'underfunded events the standalone sum would have covered (L ≤ S)'),
  def('mc.<mode>.liquidationProbability', 'mc-mode', 'share of paths with at least one liquidation'),
  def('mc.<mode>.wipedOutProbability', 'mc-mode', 'share of paths on which every position was liquidated'),
  def('mc.<mode>.badDebtProbability', 'mc-mode', 'share of paths with bad debt'),
  def('mc.<mode>.meanLiquidations', 'mc-mode', 'mean liquidations per path'),
  def('mc.<mode>.meanBadDebt', 'mc-mode', 'mean bad debt per path'),
  def('mc.<mode>.meanRequirement', 'mc-mode', 'mean over paths of the mean requirement'),
  def('mc.<mode>.finalEquityP05', 'mc-mode', '5 % quantile of final equity over paths'),
  def('mc.<mode>.underfundedProbability', 'mc-cross-mode', 'share of paths with at least one exceedance'),
  def('mc.<mode>.underfundedExpected', 'mc-cross-mode', 'that share under a correctly calibrated model at the run\'s observation counts (independent steps: the upper end)'),
  def('mc.<mode>.exceedances', 'mc-cross-mode', 'exceedances over every path'),
  def('mc.<mode>.exceedanceRate', 'mc-cross-mode', 'exceedances / observations, all paths pooled'),
  def('mc.<mode>.correlationBreakdownProbability', 'mc-cross-mode', 'share of paths with a correlation-breakdown exceedance'),
  def('mc.<mode>.meanCorrelationBreakdown', 'mc-cross-mode', 'mean correlation-breakdown exceedances per path'),
  def('mc.<mode>.correlationBreakdownShortfall', 'mc-cross-mode', 'expected correlation-breakdown shortfall per path'),
  def('mc.<mode>.volatilityProbability', 'mc-cross-mode', 'share of paths with a volatility exceedance'),
  def('mc.<mode>.impliedVolatilityProbability', 'mc-cross-mode', 'share of paths with an implied-volatility exceedance'),
  def('mc.<mode>.maxShortfallP99', 'mc-cross-mode', '99 % quantile over paths of the largest shortfall'),
  def('mc.<mode>.avoidedProbability', 'mc-cross-mode', 'share of paths on which this mode avoided an isolated liquidation for good'),
  def('mc.<mode>.meanAvoided', 'mc-cross-mode', 'mean liquidations avoided for good per path'),
  def('mc.<mode>.meanCapitalSaved', 'mc-cross-mode', 'mean net capital saved per path by the liquidations avoided for good'),
  def('mc.<mode>.meanCapitalSavedPostponed', 'mc-cross-mode', 'mean net capital saved per path by the postponed ones'),
];

const MODE_NAME = '[A-Za-z][A-Za-z0-9_-]*';
const TEMPLATE_PATTERNS = METRIC_CATALOGUE.map((d) => ({
  definition: d,
  pattern: new RegExp(`^${d.template.replace(/[.]/g, '\\.').replace('<mode>', MODE_NAME)}$`),
}));

/** The catalogue entry a metric name is an instance of, or undefined (a misspelt field or family). */
export function metricDefinition(name: string): MetricDefinition | undefined {
  return TEMPLATE_PATTERNS.find((t) => t.pattern.test(name))?.definition;
}

/** True for the metrics whose values are traffic-light zones. */
export function isZoneMetric(name: string): boolean {
  return metricDefinition(name)?.unit === 'zone';
}

/** True for shares, rates and p-values: they change by absolute amounts (percentage points), not per cent. */
export function isProbabilityMetric(name: string): boolean {
  return metricDefinition(name)?.unit === 'probability';
}

/**
 * Every metric name a run with these modes has, in catalogue order (`monteCarlo`: with the `mc.` metrics);
 * two modes may not collide with a name.
 */
export function metricNamesFor(modes: readonly NamedMode[], monteCarlo = false): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const d of METRIC_CATALOGUE) {
    if (d.scope.startsWith('mc-') && !monteCarlo) continue;
    const perMode = d.scope === 'mode' || d.scope === 'mc-mode';
    const instances = d.scope === 'run' ? [d.template] : modes.filter((m) => perMode || isSharedMode(m)).map((m) => d.template.replace('<mode>', m.name));
    for (const name of instances) {
      if (seen.has(name)) {
        throw new XmarginError('E_INPUT_SCENARIO', `a mode name makes the metric name ${JSON.stringify(name)} ambiguous; rename the mode`, { path: 'margin.modes' });
      }
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

const finite = (x: number | null | undefined): MetricValue => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/**
 * Every gate metric of one run, read from its result. With `target`, the coverage figures that depend on
 * the expected exceedance rate (expected rate, Kupiec, conditional coverage, zones) are judged against that
 * rate instead of the run's own `1 − confidence`: the gate gives a candidate that lowers the confidence the
 * baseline's target, so a loosening cannot pass by moving its own yardstick.
 */
export function gateMetrics(result: RunResult, options: { target?: number } = {}): MetricTable {
  const covered = new Set(result.coverage.map((c) => c.mode));
  const modes = result.modes.map((m) => ({ name: m.name, kind: m.kind, shared: covered.has(m.name) }));
  const table: MetricTable = {};
  for (const name of metricNamesFor(modes, result.monteCarlo !== undefined)) table[name] = null;
  for (const m of result.modes) {
    const set = (field: string, value: number | null) => (table[`${m.name}.${field}`] = finite(value));
    set('liquidations', m.liquidations);
    set('positionsLiquidated', m.positionsLiquidated);
    set('wipedOut', m.wipedOut ? 1 : 0);
    set('badDebt', m.badDebt);
    set('liquidationFees', m.liquidationFees);
    set('fundingFees', m.fundingFees);
    set('finalEquity', m.finalEquity);
    set('pnl', m.pnl);
    set('minHeadroom', m.minHeadroom);
    set('meanRequirement', m.meanRequirement);
    set('meanStandaloneSum', m.meanStandaloneSum);
    set('meanGross', m.meanGross);
    set('capitalEfficiency', m.capitalEfficiency);
    set('diversificationBenefit', m.diversificationBenefit);
  }
  const own = 1 - result.run.confidence;
  const p = options.target ?? own;
  for (const c of result.coverage) {
    const set = (field: string, value: number | null | undefined) => (table[`${c.mode}.${field}`] = finite(value));
    const judged = judgedCoverage(c, p, p !== own);
    set('observations', c.observations);
    set('exceedances', c.exceedances);
    set('exceedanceRate', c.observations > 0 ? c.exceedances / c.observations : null);
    set('expectedRate', p);
    set('kupiecLR', judged.kupiecLR);
    set('kupiecPValue', judged.kupiecPValue);
    set('independencePValue', c.christoffersen?.pInd);
    set('conditionalCoveragePValue', judged.conditionalPValue);
    set('zone', judged.zone === null ? null : ZONE_VALUES[judged.zone]);
    set('underfundedPeriods', c.periods);
    set('correlationBreakdown', c.correlationBreakdown);
    set('volatility', c.volatility);
    set('impliedVolatility', c.impliedVolatility);
    set('standaloneCovered', c.standaloneCovered);
    set('unattributed', c.unattributed);
    set('maxShortfall', c.maxShortfall);
    set('meanShortfall', c.meanShortfall ?? 0);
    const formal = c.formal ?? (c.observations > 0 ? { observations: c.observations, exceedances: c.exceedances } : null);
    if (formal && formal.observations > 0) {
      set('formalObservations', formal.observations);
      set('formalExceedances', formal.exceedances);
      set('formalKupiecPValue', kupiec(formal.observations, formal.exceedances, p).pValue);
      set('formalZone', ZONE_VALUES[trafficLight(formal.observations, formal.exceedances, p).zone]);
    }
  }
  for (const a of result.avoided) {
    table[`avoided.${a.mode}`] = finite(a.forGood);
    table[`postponed.${a.mode}`] = finite(a.postponed);
    table[`capitalSaved.${a.mode}`] = finite(a.capitalSavedForGood);
    table[`capitalSavedPostponed.${a.mode}`] = finite(a.capitalSavedPostponed);
    table[`isolatedLoss.${a.mode}`] = finite(a.isolatedLoss);
  }
  marginToolMetrics(result, table);
  table['liquidations.total'] = result.modes.reduce((s, m) => s + m.liquidations, 0);
  table['badDebt.total'] = result.modes.reduce((s, m) => s + m.badDebt, 0);
  table['avoided.total'] = result.avoided.reduce((s, a) => s + a.forGood, 0);
  table['underfunded.total'] = result.events.underfunded;
  table['underfunded.correlation_breakdown'] = result.events.underfundedByCause.correlation_breakdown;
  table['underfunded.volatility'] = result.events.underfundedByCause.volatility;
  table['underfunded.implied_volatility'] = result.events.underfundedByCause.implied_volatility ?? 0;
  table['underfunded.standalone_covered'] = result.coverage.reduce((s, c) => s + (c.standaloneCovered ?? 0), 0);
  if (result.monteCarlo) monteCarloMetrics(result.monteCarlo, table);
  return table;
}

/** The add-on, allocation and reverse-stress metrics, from the result sections a scenario asked for (else null). */
function marginToolMetrics(result: RunResult, table: MetricTable): void {
  for (const m of result.addOns ?? []) {
    const set = (field: string, value: number | null | undefined) => (table[`${m.mode}.${field}`] = finite(value));
    const share = (kind?: string) => {
      const chosen = m.addOns.filter((a) => kind === undefined || a.kind === kind);
      return chosen.length === 0 || !(m.meanRequirement > 0) ? null : chosen.reduce((s, a) => s + a.meanContribution, 0) / m.meanRequirement;
    };
    set('addOnShare', share());
    set('correlationBreakShare', share('correlation-break'));
    set('antiProcyclicalityShare', share('anti-procyclicality'));
    set('concentrationShare', share('concentration'));
    set('peakToTrough', m.procyclicality.withAddOns.peakToTrough);
    set('largestIncrease', m.procyclicality.withAddOns.largestIncrease);
    set('peakToTroughBase', m.procyclicality.withoutAddOns.peakToTrough);
    set('largestIncreaseBase', m.procyclicality.withoutAddOns.largestIncrease);
  }
  for (const s of result.allocation ?? []) {
    if (!s.snapshot.includes('peak_requirement')) continue;
    table[`${s.mode}.topContributorShare`] = finite(s.top[0]?.share);
  }
  for (const r of result.reverseStress ?? []) {
    table[`${r.mode}.distanceToBreach`] = finite(r.nearest?.distance);
    table[`${r.mode}.breachShock`] = finite(r.frontier[0]?.rawShock);
    table[`${r.mode}.breachRhoShift`] = finite(r.rhoAtZeroShock);
  }
}

/**
 * Kupiec, conditional coverage and the zone of a mode's backtest against the exceedance rate `p`: the
 * run's own figures when `p` is its own rate, else recomputed from the counts (Kupiec and the zone) and
 * from the independence statistic (`LR_cc = LR_pof(p) + LR_ind`, which does not depend on `p`).
 */
function judgedCoverage(c: ModeCoverage, p: number, recompute: boolean) {
  if (!recompute || c.observations === 0) {
    return { kupiecLR: c.kupiec?.lr ?? null, kupiecPValue: c.kupiec?.pValue ?? null, conditionalPValue: c.christoffersen?.pCc ?? null, zone: c.trafficLight?.zone ?? null };
  }
  const k = kupiec(c.observations, c.exceedances, p);
  const lrInd = c.christoffersen?.lrInd;
  const conditionalPValue = lrInd === undefined || !Number.isFinite(lrInd) ? null : chiSquaredSurvival(k.lr + lrInd, 2);
  return { kupiecLR: k.lr, kupiecPValue: k.pValue, conditionalPValue, zone: trafficLight(c.observations, c.exceedances, p).zone };
}

function monteCarloMetrics(mc: NonNullable<RunResult['monteCarlo']>, table: MetricTable): void {
  for (const m of mc.modes) {
    const set = (field: string, value: number | null | undefined) => (table[`mc.${m.name}.${field}`] = finite(value));
    set('liquidationProbability', m.liquidationProbability);
    set('wipedOutProbability', m.wipedOutProbability);
    set('badDebtProbability', m.badDebtProbability);
    set('meanLiquidations', m.meanLiquidations);
    set('meanBadDebt', m.meanBadDebt);
    set('meanRequirement', m.meanRequirement);
    set('finalEquityP05', m.finalEquity.quantiles.p05);
  }
  for (const u of mc.underfunding) {
    const set = (field: string, value: number | null | undefined) => (table[`mc.${u.mode}.${field}`] = finite(value));
    set('underfundedProbability', u.probability);
    set('underfundedExpected', u.expectedProbability?.independent);
    set('exceedances', u.exceedances);
    set('exceedanceRate', u.exceedanceRate);
    set('correlationBreakdownProbability', u.byCause.correlation_breakdown.probability);
    set('meanCorrelationBreakdown', u.byCause.correlation_breakdown.meanCount);
    set('correlationBreakdownShortfall', u.byCause.correlation_breakdown.expectedShortfall);
    set('volatilityProbability', u.byCause.volatility.probability);
    set('impliedVolatilityProbability', u.byCause.implied_volatility?.probability ?? 0);
    set('maxShortfallP99', u.maxShortfall.quantiles.p99);
  }
  for (const a of mc.avoided) {
    const set = (field: string, value: number | null | undefined) => (table[`mc.${a.mode}.${field}`] = finite(value));
    set('avoidedProbability', a.forGoodProbability);
    set('meanAvoided', a.meanForGood);
    set('meanCapitalSaved', a.meanCapitalSavedForGood);
    set('meanCapitalSavedPostponed', a.meanCapitalSavedPostponed);
  }
}

/** A metric value as a reader expects it: zones by name, probabilities in per cent, integers plain, amounts to 6 significant digits. */
export function formatMetric(name: string, value: MetricValue): string {
  if (value === null) return 'n/a';
  if (isZoneMetric(name)) return ZONE_NAMES[value] ?? String(value);
  // 0 and 1 in per cent too: a diversification benefit of 1 beside another mode's 80% read as 1 %.
  if (isProbabilityMetric(name)) return value === 0 ? '0%' : value === 1 ? '100%' : formatProbabilityMetric(value);
  const abs = Math.abs(value);
  // A ratio over a requirement of rounding noise (capital efficiency 4.5e18) in 4 digits, not 19.
  if (abs >= 1e9) return value.toExponential(3);
  // An amount of rounding noise (a mean requirement of 9.5e-13) as the reports show money: to the cent.
  if (metricDefinition(name)?.unit === 'amount' && abs > 0 && abs < 0.005) return '0.00';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (abs >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return Number(value.toPrecision(4)).toString();
}

/** A probability in per cent with enough digits (p-values below 0.1 % in scientific form). */
export function formatProbabilityMetric(value: number): string {
  const pct = value * 100;
  if (Math.abs(pct) < 0.01 && pct !== 0) return `${value.toExponential(2)}`;
  return `${Number(pct.toPrecision(4))}%`;
}

/** A change of a probability metric in percentage points: `+1.25 pp`; below 0.001 pp (p-values of 1e-20), `−<0.001 pp`. */
export function formatPointChange(delta: number): string {
  if (delta === 0) return '0 pp';
  const points = Math.abs(delta) * 100;
  return `${delta > 0 ? '+' : '−'}${points < 0.001 ? '<0.001' : Number(points.toPrecision(3))} pp`;
}

/** A change in per cent of the baseline: `+5.8%`; from a million per cent on, in scientific form (`+2.42e+18%`). */
export function formatRelativeChange(delta: number, baseline: number): string {
  const percent = (Math.abs(delta) / Math.abs(baseline)) * 100;
  return `${delta > 0 ? '+' : '−'}${percent >= 1e6 ? percent.toExponential(2) : percent.toFixed(1)}%`;
}

/** The catalogue as text for `xmargin gate --list-metrics`: name, where it exists, what it counts. */
export function metricCatalogueText(): string {
  const scope: Record<MetricScope, string> = { mode: 'every mode', 'cross-mode': 'cross/portfolio', run: 'per run', 'mc-mode': 'MC, every mode', 'mc-cross-mode': 'MC, cross/port.' };
  const width = Math.max(...METRIC_CATALOGUE.map((d) => d.template.length));
  const lines = METRIC_CATALOGUE.map((d) => `${d.template.padEnd(width)}  ${scope[d.scope].padEnd(15)}  ${d.description}`);
  return `${['Gate metrics (<mode> is a margin mode name as in the scenario, e.g. portfolio-var):', '', ...lines].join('\n')}\n`;
}
