import { wilsonInterval } from '../backtest/wilson-interval.js';
import type { ModeCoverage, ModeSummary, RunResult } from '../result/run-result.js';
import type { MonteCarloSummary } from '../result/monte-carlo-summary.js';
import { formatCount, formatProbability } from './report-format.js';
import { cell, type Cell, type Table } from './table-model.js';
import { currencyOf, formatPercent, moneyIn, type Money } from './text-table.js';

/** The first thing a committee reads: per mode what it costs, what it risks, what it liquidated, and the trade-off in one sentence. */
export interface DecisionPanel {
  /** The trade-off between the cheapest and the safest mode, with the figures (plain text). */
  readonly sentence: string;
  readonly table: Table;
  /** The modes the sentence compares (null when there is none to compare). */
  readonly cheapest: string | null;
  readonly safest: string | null;
  /**
   * What happened on the path, in plain words under the sentence (historical runs; null for Monte Carlo,
   * whose sentence and table are already over every path): liquidations, what cross margin kept alive, where
   * the margin fell short of the loss, and bad debt.
   */
  readonly happened: string | null;
}

/** A mode as the panel compares it: cost per unit of gross notional, and the risk keys in order. */
interface Candidate {
  readonly name: string;
  /** Mean requirement per unit of mean gross notional (null when nothing was ever open). */
  readonly cost: number | null;
  /** A shared pool with a margin backtest (cross or portfolio); the verdict compares these when there are two. */
  readonly backtested: boolean;
  /** Risk to the venue, compared in this order: the first that differs decides. */
  readonly risk: readonly RiskKey[];
  /** Steps its margin backtest observed, and its first liquidation (historical runs). */
  readonly evidence?: { readonly observations: number; readonly firstLiquidation: string | null };
}

/**
 * The safest mode's backtest is called short against the cheapest's below this share of its observations: a
 * mode liquidated early stops being observed, so a clean record over its few steps is weak evidence.
 */
const SHORT_RECORD = 0.5;

interface RiskKey {
  readonly value: number;
  /** This mode against `name`'s `other`, in words, e.g. `has 15.0× its bad-debt probability (1.50 % against 0.10 %)`. */
  readonly compare: (other: number, name: string) => string;
}

const KUPIEC_LEVEL = 0.05;

/**
 * The decision panel of a run: a row per mode with its margin cost (mean requirement per unit of mean gross
 * notional), its risk to the venue (exceedance rate against the target with the direction of a Kupiec
 * rejection on the formal, non-overlapping test; worst and mean shortfall; bad debt) and its liquidations
 * (count, and how many isolated liquidations it avoided for good), then one sentence: the cheapest mode
 * against the safest, with the figures. Safest = least bad debt, then the smallest worst shortfall, then
 * the lowest exceedance rate (for a Monte Carlo run: bad-debt probability, mean bad debt, the 99 % largest
 * shortfall, the pooled exceedance rate).
 */
export function decisionPanel(result: RunResult): DecisionPanel {
  const money = moneyIn(currencyOf(result));
  return result.monteCarlo ? monteCarloPanel(result, result.monteCarlo, money) : historicalPanel(result, money);
}

function historicalPanel(result: RunResult, money: Money): DecisionPanel {
  const coverage = new Map(result.coverage.map((c) => [c.mode, c]));
  const avoided = new Map(result.avoided.map((a) => [a.mode, a]));
  const target = 1 - result.run.confidence;
  const candidates: Candidate[] = result.modes.map((m) => {
    const c = coverage.get(m.name);
    const rate = c && c.observations > 0 ? c.exceedances / c.observations : 0;
    return {
      name: m.name,
      cost: costOf(m),
      backtested: c !== undefined && c.observations > 0,
      evidence: { observations: c?.observations ?? 0, firstLiquidation: m.liquidations > 0 ? m.firstLiquidationTime : null },
      risk: [
        { value: m.badDebt, compare: (other, name) => `it leaves ${money(m.badDebt)} of bad debt (${name}: ${other > 0 ? money(other) : 'none'})` },
        { value: c?.maxShortfall ?? 0, compare: (other, name) => `its worst shortfall is ${money(c?.maxShortfall ?? 0)} (${name}: ${other > 0 ? money(other) : 'none'})` },
        { value: rate, compare: (other, name) => `it exceeded its requirement on ${formatPercent(rate)} of steps (${name}: ${formatPercent(other)}; target ${formatPercent(target)})` },
      ],
    };
  });
  const rows = result.modes.map((m) => {
    const c = coverage.get(m.name);
    const a = avoided.get(m.name);
    return [
      cell(`${m.name} · ${m.method}`, m.name),
      costCell(costOf(m)),
      ...backtestCells(c, target, money),
      cell(money(m.badDebt), m.badDebt, m.badDebt > 0 ? 'alert' : null),
      cell(formatCount(m.liquidations), m.liquidations, m.liquidations > 0 ? 'warn' : null),
      a ? cell(`${formatCount(a.forGood)} of ${formatCount(a.count)}`, a.forGood) : cell('-', null),
    ];
  });
  const h = result.run.horizonSteps;
  const table: Table = {
    id: 'decision',
    title: 'Per mode',
    stackOnPhone: true,
    note:
      'Margin cost: mean requirement per unit of mean gross notional. Exceedances: steps whose ' +
      `${h}-step loss exceeded the requirement, and their rate against the target 1 − confidence; Kupiec on ` +
      (h > 1 ? `non-overlapping windows (every ${ordinal(h)} step: the formal test). ` : 'every step (formal with h = 1). ') +
      'Worst shortfall (mean in brackets) and bad debt: what the venue would have carried. Avoided for good: isolated liquidations this mode kept alive and never liquidated later.',
    columns: [
      { label: 'mode · method' }, { label: 'margin cost', numeric: true }, { label: 'exceedances (rate vs target)', numeric: true },
      { label: 'Kupiec (formal)' }, { label: 'worst shortfall (mean)', numeric: true }, { label: 'bad debt', numeric: true },
      { label: 'liquidations', numeric: true }, { label: 'avoided for good', numeric: true },
    ],
    rows,
  };
  return { ...verdict(candidates, 'of gross notional'), table, happened: whatHappened(result, money) };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The earliest first liquidation among `modes` (ISO dates compare as strings), or null. */
function earliest(modes: readonly ModeSummary[]): ModeSummary | null {
  return modes.filter((m) => m.firstLiquidationTime).reduce<ModeSummary | null>((a, m) => (a === null || m.firstLiquidationTime! < a.firstLiquidationTime! ? m : a), null);
}

/**
 * The path's events in a committee member's words, e.g. for eu-pair-trade-1998: "Isolated margin liquidated 1
 * position (first 1997-01-14); cross, portfolio-var and portfolio-hs each kept it alive for good (net capital saved
 * -3,502,192 EUR: keeping cost more than the close-out). No cross or
 * portfolio mode was liquidated. The margin fell short of the 2-step loss in portfolio-hs (3 of 420 steps,
 * worst 89,442 EUR). No mode left bad debt."
 */
export function whatHappened(result: RunResult, money: Money): string {
  const h = result.run.horizonSteps;
  const sentences: string[] = [];
  const isolated = result.modes.filter((m) => m.kind === 'isolated');
  const pooled = result.modes.filter((m) => m.kind !== 'isolated');
  const closed = isolated.reduce((n, m) => n + m.positionsLiquidated, 0);
  if (isolated.length > 0) {
    const first = earliest(isolated);
    const where = isolated.length > 1 ? `over ${isolated.length} isolated modes, ` : '';
    let text = closed === 0
      ? 'Isolated margin liquidated no position'
      : `Isolated margin liquidated ${plural(closed, 'position')}${first ? ` (${where}first ${first.firstLiquidationTime})` : ''}`;
    if (closed > 0 && result.avoided.length > 0) {
      const best = Math.max(...result.avoided.map((a) => a.forGood));
      const postponed = Math.max(...result.avoided.map((a) => a.postponed));
      if (best === 0) {
        text += `; no cross or portfolio mode kept one alive for good${postponed > 0 ? ` (${formatCount(postponed)} only postponed)` : ''}`;
      } else {
        const keeping = result.avoided.filter((a) => a.forGood === best);
        const keepers = keeping.map((a) => a.mode);
        const them = closed === 1 ? 'it' : `${formatCount(best)} of them`;
        // What keeping it was worth, net of what the kept position made or lost afterwards (negative: it cost more).
        const saved = [...new Set(keeping.map((a) => money(a.capitalSavedForGood)))];
        const worse = keeping.every((a) => a.capitalSavedForGood < 0) ? ': keeping cost more than the close-out' : '';
        const net = `${saved.length === 1 ? saved[0] : `${saved[0]} to ${saved[saved.length - 1]}`}${worse}`;
        text += `; ${keepers.length > 3 ? `${keepers.length} cross and portfolio modes` : listed(keepers)}${keepers.length > 1 ? ' each' : ''} kept ${them} alive for good (net capital saved ${net})`;
      }
    }
    sentences.push(`${text}.`);
  }
  if (pooled.length > 0) {
    const hit = pooled.filter((m) => m.liquidations > 0);
    if (hit.length === 0) sentences.push('No cross or portfolio mode was liquidated.');
    else if (hit.length <= 3) sentences.push(`${listed(hit.map((m) => `${m.name} (${m.firstLiquidationTime ?? '-'})`))} ${hit.length === 1 ? 'was' : 'were'} liquidated.`);
    else {
      const first = earliest(hit);
      sentences.push(`${hit.length === pooled.length ? `All ${hit.length}` : `${hit.length} of ${pooled.length}`} cross and portfolio modes were liquidated${first ? `, the first ${first.name} on ${first.firstLiquidationTime}` : ''}.`);
    }
  }
  if (result.coverage.length > 0) {
    const short = result.coverage.filter((c) => c.exceedances > 0).sort((a, b) => b.exceedances - a.exceedances);
    if (short.length === 0) sentences.push(`No cross or portfolio mode's margin fell short of its ${h}-step loss.`);
    else {
      const shown = short.slice(0, 3).map((c) => `${c.mode} (${formatCount(c.exceedances)} of ${plural(c.observations, 'step')}, worst ${money(c.maxShortfall)})`);
      if (short.length > 3) shown.push(`${short.length - 3} more mode${short.length === 4 ? '' : 's'}`);
      sentences.push(`The margin fell short of the ${h}-step loss in ${listed(shown)}.`);
    }
  }
  const debt = result.modes.filter((m) => m.badDebt > 0);
  sentences.push(debt.length === 0 ? 'No mode left bad debt.' : `${listed(debt.map((m) => `${m.name} left ${money(m.badDebt)} of bad debt`))}.`);
  return sentences.join(' ');
}

function monteCarloPanel(result: RunResult, mc: MonteCarloSummary, money: Money): DecisionPanel {
  const under = new Map(mc.underfunding.map((u) => [u.mode, u]));
  const avoided = new Map(mc.avoided.map((a) => [a.mode, a]));
  const n = mc.runs;
  const target = 1 - result.run.confidence;
  const candidates: Candidate[] = mc.modes.map((m) => {
    const u = under.get(m.name);
    const p99 = u?.maxShortfall.quantiles.p99 ?? 0;
    const rate = u?.exceedanceRate ?? 0;
    return {
      name: m.name,
      cost: m.capitalEfficiency ? 1 / m.capitalEfficiency : null,
      backtested: u !== undefined && u.observations > 0,
      risk: [
        { value: m.badDebtProbability, compare: (other, name) => ratioPhrase(m.badDebtProbability, other, name, 'bad-debt probability', (x) => `${formatPercent(x)} ${interval(x, n)}`) },
        { value: m.meanBadDebt, compare: (other, name) => `its mean bad debt per path is ${money(m.meanBadDebt)} (${name}: ${money(other)})` },
        { value: p99, compare: (other, name) => `its largest shortfall on 99 % of paths reaches ${money(p99)} (${name}: ${money(other)})` },
        { value: rate, compare: (other, name) => `it exceeded its requirement on ${formatPercent(rate)} of steps (${name}: ${formatPercent(other)}; target ${formatPercent(target)})` },
      ],
    };
  });
  const methods = new Map(result.modes.map((m) => [m.name, m.method]));
  const rows = mc.modes.map((m) => {
    const u = under.get(m.name);
    const a = avoided.get(m.name);
    return [
      cell(`${m.name} · ${methods.get(m.name) ?? m.kind}`, m.name),
      costCell(m.capitalEfficiency ? 1 / m.capitalEfficiency : null),
      probabilityCell(m.badDebtProbability, n, m.badDebtProbability > 0 ? 'alert' : null),
      cell(money(m.meanBadDebt), m.meanBadDebt),
      u ? probabilityCell(u.probability, n, null) : cell('-', null),
      u ? cell(`${formatPercent(u.expectedProbability.nonOverlapping, 1)}–${formatPercent(u.expectedProbability.independent, 1)}`, u.expectedProbability.independent) : cell('-', null),
      u ? cell(`${formatPercent(u.exceedanceRate, 2)} vs ${formatPercent(u.expectedRate, 2)}`, u.exceedanceRate, (u.exceedanceRate ?? 0) > 2 * u.expectedRate ? 'warn' : null) : cell('-', null),
      u ? cell(money(u.maxShortfall.quantiles.p99), u.maxShortfall.quantiles.p99) : cell('-', null),
      probabilityCell(m.liquidationProbability, n, null),
      a ? probabilityCell(a.forGoodProbability, n, null) : cell('-', null),
    ];
  });
  const table: Table = {
    id: 'decision',
    title: 'Per mode',
    stackOnPhone: true,
    note:
      `Over ${formatCount(n)} synthetic paths; 95 % Wilson intervals in brackets. Margin cost: mean requirement per unit of mean gross notional. ` +
      'Calibrated: the share of paths with an exceedance a correctly calibrated model would show at these observation counts ' +
      '(non-overlapping windows – every step independent). Largest shortfall: 99 % quantile over paths of each path\'s largest.',
    columns: [
      { label: 'mode · method' }, { label: 'margin cost', numeric: true }, { label: 'P(bad debt)', numeric: true },
      { label: 'mean bad debt', numeric: true }, { label: 'P(underfunded)', numeric: true }, { label: 'calibrated', numeric: true },
      { label: 'exceedance rate', numeric: true }, { label: 'largest shortfall, 99 %', numeric: true }, { label: 'P(liquidation)', numeric: true },
      { label: 'P(avoided for good)', numeric: true },
    ],
    rows,
  };
  return { ...verdict(candidates, 'of gross notional'), table, happened: null };
}

/** Mean requirement per unit of mean gross notional. */
function costOf(m: ModeSummary): number | null {
  return m.meanGross > 0 ? m.meanRequirement / m.meanGross : null;
}

function costCell(cost: number | null): Cell {
  return cell(cost === null ? '-' : formatPercent(cost, 2), cost);
}

/** Exceedances with their rate against target, the Kupiec verdict (formal test when h > 1), worst and mean shortfall. */
function backtestCells(c: ModeCoverage | undefined, target: number, money: Money): Cell[] {
  if (!c || c.observations === 0) return [cell('no backtest', null), cell('-'), cell('-', null)];
  const rate = c.exceedances / c.observations;
  const formal = c.formal ?? c;
  const test = formal.kupiec;
  const formalRate = formal.observations ? (formal.exceedances ?? 0) / formal.observations : 0;
  let kupiec = '-';
  let tone: Cell['tone'] = null;
  if (test) {
    if (test.pValue < KUPIEC_LEVEL) {
      const many = formalRate > target;
      kupiec = `rejected: too ${many ? 'many' : 'few'} (p ${formatProbability(test.pValue)})`;
      tone = many ? 'alert' : 'warn';
    } else {
      kupiec = `consistent (p ${formatProbability(test.pValue)})`;
      tone = 'ok';
    }
  }
  return [
    cell(`${formatCount(c.exceedances)} / ${formatCount(c.observations)} (${formatPercent(rate)} vs ${formatPercent(target)})`, rate, c.exceedances > 0 ? 'warn' : null),
    cell(kupiec, test?.pValue ?? null, tone),
    cell(c.exceedances > 0 ? `${money(c.maxShortfall)} (${money(c.meanShortfall)})` : money(0), c.maxShortfall, c.maxShortfall > 0 ? 'alert' : null),
  ];
}

/** 2nd, 3rd, 4th, 21st, … */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function probabilityCell(p: number, n: number, tone: Cell['tone']): Cell {
  return cell(`${formatPercent(p)} ${interval(p, n)}`, p, tone);
}

/** `[0.03–0.36%]`, `[47.0–75.8%]`: the 95 % Wilson interval of a share `p` of `n` paths (two decimals below 1 %). */
export function interval(p: number, n: number): string {
  if (!(n > 0) || !Number.isFinite(p)) return '';
  const { lower, upper } = wilsonInterval(Math.round(p * n), n);
  const digits = upper < 0.01 ? 2 : 1;
  return `[${(lower * 100).toFixed(digits)}–${(upper * 100).toFixed(digits)}%]`;
}

function ratioPhrase(a: number, b: number, name: string, what: string, show: (x: number) => string): string {
  if (b > 0 && a > b) return `has ${(a / b).toFixed(1)}× its ${what} (${show(a)} against ${show(b)})`;
  return `has a ${what} of ${show(a)} (${name}: ${show(b)})`;
}

/**
 * The cheapest and the safest mode and the sentence comparing them. Among the shared-pool modes with a
 * margin backtest when there are two or more (the choice a committee makes: which cross margin), else
 * among all modes: an isolated mode has no shortfall to measure, and unmeasured is not safe.
 */
function verdict(all: readonly Candidate[], unit: string): Omit<DecisionPanel, 'table' | 'happened'> {
  const backtested = all.filter((c) => c.backtested);
  const candidates = backtested.length >= 2 ? backtested : all;
  const priced = candidates.filter((c) => c.cost !== null && c.cost > 0);
  if (priced.length === 0) return { sentence: 'No mode held positions long enough to compare margin costs.', cheapest: null, safest: null };
  const cheapest = priced.reduce((best, c) => (c.cost! < best.cost! ? c : best));
  const safest = priced.reduce((best, c) => (compareRisk(c, best) < 0 ? c : best));
  const cost = (c: Candidate) => formatPercent(c.cost, 2);
  const among = candidates === backtested ? 'of the modes with a margin backtest' : 'of the modes';
  if (cheapest.name === safest.name) {
    return { sentence: `${cheapest.name} is both the cheapest ${among} (${cost(cheapest)} ${unit}) and the safest: no trade-off to make on these figures.`, cheapest: cheapest.name, safest: safest.name };
  }
  const factor = safest.cost! / cheapest.cost!;
  const less = factor >= 1.5 ? `${factor.toFixed(1)}× less` : `${((1 - 1 / factor) * 100).toFixed(0)}% less`;
  const k = cheapest.risk.findIndex((r, i) => r.value !== safest.risk[i].value);
  const risk = k < 0 ? 'and is as safe by every measure here' : `but ${cheapest.risk[k].compare(safest.risk[k].value, safest.name)}`;
  return {
    sentence: `${cheapest.name} needs ${less} margin than ${safest.name} (${cost(cheapest)} against ${cost(safest)} ${unit}) ${risk}. ${cheapest.name} is the cheapest ${among}, ${safest.name} the safest${shortRecord(safest, cheapest)}.`,
    cheapest: cheapest.name,
    safest: safest.name,
  };
}

/**
 * `, on a short record: its backtest covers 30 steps against 100 for binance-cross (first liquidated
 * 2008-11-20)` when the safest mode was observed on less than half the cheapest's steps (it was liquidated
 * early, or held nothing for long): its clean record then says less than the figures suggest. Empty otherwise.
 */
function shortRecord(safest: Candidate, cheapest: Candidate): string {
  const a = safest.evidence;
  const b = cheapest.evidence;
  if (!a || !b || !safest.backtested || !cheapest.backtested || !(a.observations < SHORT_RECORD * b.observations)) return '';
  const when = a.firstLiquidation ? ` (first liquidated ${a.firstLiquidation})` : '';
  return `, on a short record: its backtest covers ${formatCount(a.observations)} step${a.observations === 1 ? '' : 's'} against ${formatCount(b.observations)} for ${cheapest.name}${when}`;
}

function compareRisk(a: Candidate, b: Candidate): number {
  for (let i = 0; i < a.risk.length; i++) {
    const d = a.risk[i].value - b.risk[i].value;
    if (d !== 0) return d;
  }
  return (a.cost ?? Infinity) - (b.cost ?? Infinity);
}

