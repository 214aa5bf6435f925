import type { ModeCoverage, RunResult } from '../result/run-result.js';
import { formatCount, formatDecimal, formatProbability } from './report-format.js';
import { ordinal } from './decision-panel.js';
import { sideBySide } from './summary-tables.js';
import { cell, type Cell, type Table } from './table-model.js';
import { currencyOf, formatPercent, moneyIn } from './text-table.js';

const ZONE_TONE: Record<string, Cell['tone']> = { green: 'ok', yellow: 'warn', red: 'alert' };

/**
 * The margin backtest as central counterparties disclose it: CPMI-IOSCO, *Public quantitative disclosure
 * standards for central counterparties* (February 2015, CPMI Papers No 125), section 6.5 "results of
 * back-testing of initial margin": the number of observations, the number of times the margin held fell
 * below the realised exposure (breaches), the achieved coverage level (1 − breaches / observations,
 * against the target the model claims), and the average and peak size of the uncovered exposure when a
 * breach occurred. Here an observation is one step of one cross mode and a breach an h-step loss above the
 * requirement held (the exposure the CCP measures over its close-out period).
 */
export function coverageDisclosureTable(result: RunResult): Table {
  const money = moneyIn(currencyOf(result));
  const h = result.run.horizonSteps;
  const target = result.run.confidence;
  const rows: [string, (c: ModeCoverage) => Cell][] = [
    ['observations (steps)', (c) => cell(formatCount(c.observations), c.observations)],
    ['breaches (h-step loss above the margin held)', (c) => cell(formatCount(c.exceedances), c.exceedances, c.exceedances > 0 ? 'warn' : null)],
    ['achieved coverage', (c) => {
      const achieved = c.observations > 0 ? 1 - c.exceedances / c.observations : null;
      return cell(formatPercent(achieved, 2), achieved, achieved !== null && achieved < target ? 'warn' : 'ok');
    }],
    ['target coverage (confidence)', () => cell(formatPercent(target, 2), target)],
    ['peak breach (uncovered exposure)', (c) => cell(money(c.maxShortfall), c.maxShortfall, c.maxShortfall > 0 ? 'alert' : null)],
    ['average breach', (c) => cell(money(c.meanShortfall), c.meanShortfall ?? 0)],
  ];
  return sideBySide('coverage-disclosure', 'Coverage as CCPs disclose it',
    `CPMI-IOSCO public quantitative disclosures (2015), section 6.5, back-testing of initial margin: per cross mode, every step with positions open and ${h} step${h === 1 ? '' : 's'} ahead inside the path is an observation; a breach is a step whose ${h}-step loss exceeded the requirement held, its size the loss beyond it.`,
    result.coverage, (c) => c.mode, rows);
}

/**
 * The formal coverage tests: Kupiec, Christoffersen and the traffic light on every h-th observation, whose
 * h-step windows do not overlap (independent under a correct model), beside the indicative ones on every
 * step. With h = 1 the indicative tests are the formal ones and this table is not drawn.
 */
export function formalCoverageTable(result: RunResult): Table | null {
  const h = result.run.horizonSteps;
  if (h === 1 || !result.coverage.some((c) => c.formal)) return null;
  const f = (c: ModeCoverage) => c.formal;
  const rows: [string, (c: ModeCoverage) => Cell][] = [
    ['observations (every h-th step)', (c) => cell(formatCount(f(c)?.observations), f(c)?.observations ?? null)],
    ['exceedances', (c) => cell(formatCount(f(c)?.exceedances), f(c)?.exceedances ?? null, (f(c)?.exceedances ?? 0) > 0 ? 'warn' : null)],
    ['exceedance rate', (c) => cell(formatPercent(f(c)?.rate), f(c)?.rate ?? null)],
    ['expected rate', (c) => cell(formatPercent(f(c)?.expectedRate), f(c)?.expectedRate ?? null)],
    ['Kupiec LR', (c) => cell(formatDecimal(f(c)?.kupiec.lr), f(c)?.kupiec.lr ?? null)],
    // A rejection for too many exceedances (margin too thin) is an alert; for too few (too thick), a warning.
    ['Kupiec p-value', (c) => cell(formatProbability(f(c)?.kupiec.pValue), f(c)?.kupiec.pValue ?? null,
      (f(c)?.kupiec.pValue ?? 1) < 0.05 ? ((f(c)?.rate ?? 0) > (f(c)?.expectedRate ?? 0) ? 'alert' : 'warn') : null)],
    ['independence p-value', (c) => cell(formatProbability(f(c)?.christoffersen.pInd), f(c)?.christoffersen.pInd ?? null)],
    ['conditional coverage p-value', (c) => cell(formatProbability(f(c)?.christoffersen.pCc), f(c)?.christoffersen.pCc ?? null)],
    ['traffic-light zone', (c) => { const zone = f(c)?.trafficLight.zone ?? null; return cell(zone ?? '-', zone ?? '', zone ? ZONE_TONE[zone] ?? null : null); }],
  ];
  return sideBySide('coverage-formal', 'Margin backtest, formal (non-overlapping windows)',
    `The same tests on every ${ordinal(h)} step only, whose ${h}-step loss windows do not overlap: under a correct model these hits are independent, so the binomial and Markov tests hold as stated. Fewer observations, so less power than the indicative tests below.`,
    result.coverage, (c) => c.mode, rows);
}
