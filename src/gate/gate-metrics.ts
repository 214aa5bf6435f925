import { XmarginError } from '../core/errors.js';
import type { RunResult } from '../result/run-result.js';
import { isSharedMode, type NamedMode } from './mode-selector.js';

/**
 * The named summary metrics a gate policy can test, all read from a run's `result.json`. Names are
 * `<mode>.<field>` per margin mode, `<family>.<mode>` for liquidations avoided, and `<family>.<total>`
 * for whole-run counts. A metric with no value (a ratio over zero) is `null`, and a rule on it fails.
 */
export type MetricValue = number | null;
export type MetricTable = Record<string, MetricValue>;

export type MetricScope = 'mode' | 'cross-mode' | 'run' | 'mc-mode' | 'mc-cross-mode';

export interface MetricDefinition {
  /** The name, with `<mode>` standing for a margin mode's name. */
  readonly template: string;
  /**
   * `mode`: every mode; `cross-mode`: modes with one pool (kinds cross and portfolio); `run`: once per run;
   * `mc-…`: the same, Monte Carlo runs only (over every path; the other metrics describe the representative path 0).
   */
  readonly scope: MetricScope;
  readonly description: string;
}

/** Traffic-light zones as numbers, so zones compare as the risk they mean: green < yellow < red. */
export const ZONE_VALUES: Readonly<Record<string, number>> = { green: 0, yellow: 1, red: 2 };
export const ZONE_NAMES = ['green', 'yellow', 'red'] as const;

const def = (template: string, scope: MetricScope, description: string): MetricDefinition => ({ template, scope, description });

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
  def('<mode>.correlationBreakdown', 'cross-mode', 'exceedances the standalone sum would have covered (the diversification credit failed)'),
  def('<mode>.volatility', 'cross-mode', 'exceedances beyond even the standalone sum'),
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
  def('avoided.<mode>', 'cross-mode', 'isolated liquidations this mode avoided'),
  def('capitalSaved.<mode>', 'cross-mode', 'net capital saved by those avoided liquidations'),
  def('isolatedLoss.<mode>', 'cross-mode', 'loss the isolated buckets realised where this mode avoided liquidation'),
  def('liquidations.total', 'run', 'liquidation events over every mode'),
  def('badDebt.total', 'run', 'bad debt over every mode'),
  def('avoided.total', 'run', 'liquidation_avoided events over every cross mode'),
  def('underfunded.total', 'run', 'underfunded events (exceedances) over every cross mode'),
  def('underfunded.correlation_breakdown', 'run', 'underfunded events caused by correlation breakdown'),
  def('underfunded.volatility', 'run', 'underfunded events caused by volatility'),
  def('mc.<mode>.liquidationProbability', 'mc-mode', 'share of paths with at least one liquidation'),
  def('mc.<mode>.wipedOutProbability', 'mc-mode', 'share of paths on which every position was liquidated'),
  def('mc.<mode>.badDebtProbability', 'mc-mode', 'share of paths with bad debt'),
  def('mc.<mode>.meanLiquidations', 'mc-mode', 'mean liquidations per path'),
  def('mc.<mode>.meanBadDebt', 'mc-mode', 'mean bad debt per path'),
  def('mc.<mode>.meanRequirement', 'mc-mode', 'mean over paths of the mean requirement'),
  def('mc.<mode>.finalEquityP05', 'mc-mode', '5 % quantile of final equity over paths'),
  def('mc.<mode>.underfundedProbability', 'mc-cross-mode', 'share of paths with at least one exceedance'),
  def('mc.<mode>.exceedances', 'mc-cross-mode', 'exceedances over every path'),
  def('mc.<mode>.exceedanceRate', 'mc-cross-mode', 'exceedances / observations, all paths pooled'),
  def('mc.<mode>.correlationBreakdownProbability', 'mc-cross-mode', 'share of paths with a correlation-breakdown exceedance'),
  def('mc.<mode>.meanCorrelationBreakdown', 'mc-cross-mode', 'mean correlation-breakdown exceedances per path'),
  def('mc.<mode>.correlationBreakdownShortfall', 'mc-cross-mode', 'expected correlation-breakdown shortfall per path'),
  def('mc.<mode>.volatilityProbability', 'mc-cross-mode', 'share of paths with a volatility exceedance'),
  def('mc.<mode>.maxShortfallP99', 'mc-cross-mode', '99 % quantile over paths of the largest shortfall'),
  def('mc.<mode>.avoidedProbability', 'mc-cross-mode', 'share of paths on which this mode avoided an isolated liquidation'),
  def('mc.<mode>.meanAvoided', 'mc-cross-mode', 'mean liquidations avoided per path'),
  def('mc.<mode>.meanCapitalSaved', 'mc-cross-mode', 'mean net capital saved per path'),
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
  return metricDefinition(name)?.template === '<mode>.zone';
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

/** Every gate metric of one run, read from its result. */
export function gateMetrics(result: RunResult): MetricTable {
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
  for (const c of result.coverage) {
    const set = (field: string, value: number | null | undefined) => (table[`${c.mode}.${field}`] = finite(value));
    set('observations', c.observations);
    set('exceedances', c.exceedances);
    set('exceedanceRate', c.observations > 0 ? c.exceedances / c.observations : null);
    set('expectedRate', c.expectedRate ?? 1 - result.run.confidence);
    set('kupiecLR', c.kupiec?.lr);
    set('kupiecPValue', c.kupiec?.pValue);
    set('independencePValue', c.christoffersen?.pInd);
    set('conditionalCoveragePValue', c.christoffersen?.pCc);
    set('zone', c.trafficLight ? ZONE_VALUES[c.trafficLight.zone] : null);
    set('underfundedPeriods', c.periods);
    set('correlationBreakdown', c.correlationBreakdown);
    set('volatility', c.volatility);
    set('maxShortfall', c.maxShortfall);
    set('meanShortfall', c.meanShortfall ?? 0);
  }
  for (const a of result.avoided) {
    table[`avoided.${a.mode}`] = finite(a.count);
    table[`capitalSaved.${a.mode}`] = finite(a.capitalSaved);
    table[`isolatedLoss.${a.mode}`] = finite(a.isolatedLoss);
  }
  marginToolMetrics(result, table);
  table['liquidations.total'] = result.modes.reduce((s, m) => s + m.liquidations, 0);
  table['badDebt.total'] = result.modes.reduce((s, m) => s + m.badDebt, 0);
  table['avoided.total'] = result.events.liquidation_avoided;
  table['underfunded.total'] = result.events.underfunded;
  table['underfunded.correlation_breakdown'] = result.events.underfundedByCause.correlation_breakdown;
  table['underfunded.volatility'] = result.events.underfundedByCause.volatility;
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
    set('exceedances', u.exceedances);
    set('exceedanceRate', u.exceedanceRate);
    set('correlationBreakdownProbability', u.byCause.correlation_breakdown.probability);
    set('meanCorrelationBreakdown', u.byCause.correlation_breakdown.meanCount);
    set('correlationBreakdownShortfall', u.byCause.correlation_breakdown.expectedShortfall);
    set('volatilityProbability', u.byCause.volatility.probability);
    set('maxShortfallP99', u.maxShortfall.quantiles.p99);
  }
  for (const a of mc.avoided) {
    const set = (field: string, value: number | null | undefined) => (table[`mc.${a.mode}.${field}`] = finite(value));
    set('avoidedProbability', a.probability);
    set('meanAvoided', a.count.mean);
    set('meanCapitalSaved', a.meanCapitalSaved);
  }
}

/** A metric value as a reader expects it: zones by name, integers plain, amounts to 6 significant digits. */
export function formatMetric(name: string, value: MetricValue): string {
  if (value === null) return 'n/a';
  if (isZoneMetric(name)) return ZONE_NAMES[value] ?? String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return Number(value.toPrecision(4)).toString();
}

/** The catalogue as text for `xmargin gate --list-metrics`: name, where it exists, what it counts. */
export function metricCatalogueText(): string {
  const scope: Record<MetricScope, string> = { mode: 'every mode', 'cross-mode': 'cross/portfolio', run: 'per run', 'mc-mode': 'MC, every mode', 'mc-cross-mode': 'MC, cross/port.' };
  const width = Math.max(...METRIC_CATALOGUE.map((d) => d.template.length));
  const lines = METRIC_CATALOGUE.map((d) => `${d.template.padEnd(width)}  ${scope[d.scope].padEnd(15)}  ${d.description}`);
  return `${['Gate metrics (<mode> is a margin mode name as in the scenario, e.g. portfolio-var):', '', ...lines].join('\n')}\n`;
}
