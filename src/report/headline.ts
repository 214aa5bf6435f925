import { eventsOf, UNDERFUNDING_CAUSES, type RunEvent } from '../engine/events.js';
import type { RunResult } from '../result/run-result.js';
import { formatCount, formatTime } from './report-format.js';
import { currencyOf, formatAmount, formatPercent } from './text-table.js';
import { underfundedPeriods } from './underfunded-periods.js';

/** One number of the headline: `key` is stable (tests and scripts find it), `raw` is the value it shows. */
export interface Fact {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  readonly raw: number | string | null;
}

/** A headline tile: a title, one big number, and the facts under it. */
export interface Card {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly main: Fact;
  readonly facts: readonly Fact[];
  /** A small table under the facts (one row per cross mode or cause). */
  readonly breakdown?: Breakdown;
  /** Spans two tile columns (a breakdown with many columns), or the whole row (`full`). */
  readonly wide?: boolean | 'full';
  /** Basel traffic-light zone of the mode's coverage backtest, when it has one. */
  readonly zone: string | null;
  /** Something the committee must look at: a liquidation with bad debt, an underfunded step, a red zone. */
  readonly alert: boolean;
}

/** Rows of facts under column headings; the first column is each row's label. */
export interface Breakdown {
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly facts: readonly Fact[] }[];
}

export interface Headline {
  /** The two event families and the worst case, over all modes. */
  readonly summary: readonly Card[];
  /** One tile per margin mode, in scenario order. */
  readonly modes: readonly Card[];
}

const fact = (key: string, label: string, raw: number | string | null, text: string): Fact => ({ key, label, raw, text });
type AmountFact = (key: string, label: string, raw: number | null | undefined) => Fact;
/** Facts for money figures in `currency`. */
const amountFactIn = (currency: string | null): AmountFact => (key, label, raw) => fact(key, label, raw ?? null, formatAmount(raw, currency));

/** Isolated liquidations that at least one cross mode kept alive (distinct step × asset); `forGood`: and never liquidated later. */
function distinctAvoided(events: readonly RunEvent[], forGood = false): number {
  const seen = new Set<string>();
  for (const e of eventsOf(events, 'liquidation_avoided')) if (!forGood || !e.crossLiquidatedLater) seen.add(`${e.step}\u0000${e.asset}`);
  return seen.size;
}

function summaryCards(result: RunResult, events: readonly RunEvent[], amountFact: AmountFact): Card[] {
  const cards: Card[] = [];
  const hasIsolated = result.modes.some((m) => m.kind === 'isolated');
  const distinct = distinctAvoided(events);
  const forGood = distinctAvoided(events, true);
  cards.push({
    id: 'avoided',
    title: 'Liquidations avoided by cross margin, for good',
    subtitle: hasIsolated && result.avoided.length > 0
      ? `isolated liquidations a cross mode kept alive and never liquidated later (${formatCount(distinct)} kept alive at the time; the others were only postponed); capital saved is net of what the kept position made or lost afterwards`
      : 'needs an isolated and a cross mode in the scenario',
    main: fact('avoided.forGood', forGood === 1 ? 'isolated liquidation' : 'isolated liquidations', forGood, formatCount(forGood)),
    facts: [],
    wide: true,
    breakdown: {
      columns: ['cross mode', 'for good', 'saved, for good', 'postponed', 'saved, postponed'],
      rows: result.avoided.map((a) => ({
        label: a.mode,
        facts: [
          fact(`avoided.${a.mode}.forGood`, 'avoided for good', a.forGood, formatCount(a.forGood)),
          amountFact(`avoided.${a.mode}.capitalSavedForGood`, 'capital saved, for good (net)', a.capitalSavedForGood),
          fact(`avoided.${a.mode}.postponed`, 'postponed', a.postponed, formatCount(a.postponed)),
          amountFact(`avoided.${a.mode}.capitalSavedPostponed`, 'capital saved, postponed (net)', a.capitalSavedPostponed),
        ],
      })),
    },
    zone: null,
    alert: false,
  });

  const periods = underfundedPeriods(events);
  const totalPeriods = result.coverage.reduce((s, c) => s + c.periods, 0);
  const byCause = result.events.underfundedByCause;
  const periodsOf = (cause: string) => periods.filter((p) => p.cause === cause).length;
  const causes = UNDERFUNDING_CAUSES.filter((c) => c !== 'implied_volatility' || (byCause.implied_volatility ?? 0) > 0);
  const covered = result.coverage.reduce((s, c) => s + (c.standaloneCovered ?? 0), 0);
  cards.push({
    id: 'underfunded',
    title: 'Underfunded periods',
    subtitle: `runs of consecutive steps where the ${result.run.horizonSteps}-step loss exceeded the cross requirement, by the attributed cause of the worst step`,
    main: fact('underfunded.periods', 'periods', totalPeriods, formatCount(totalPeriods)),
    facts: [fact('underfunded.standaloneCovered', 'steps the standalone sum would have covered (L ≤ S)', covered, formatCount(covered))],
    breakdown: {
      columns: ['cause', 'periods', 'steps'],
      rows: causes.map((cause) => ({
        label: cause.replace('_', ' '),
        facts: [
          fact(`underfunded.periods.${cause}`, `${cause.replace('_', ' ')}: periods`, periodsOf(cause), formatCount(periodsOf(cause))),
          fact(`underfunded.steps.${cause}`, `${cause.replace('_', ' ')}: steps`, byCause[cause], formatCount(byCause[cause])),
        ],
      })),
    },
    zone: null,
    alert: totalPeriods > 0,
  });

  let worst: (typeof result.coverage)[number] | null = null;
  for (const c of result.coverage) if ((c.maxShortfall ?? 0) > (worst?.maxShortfall ?? 0)) worst = c;
  const worstEvent = worst
    ? eventsOf(events, 'underfunded').find((e) => e.mode === worst!.mode && e.shortfall === worst!.maxShortfall)
    : undefined;
  const worstFacts: Fact[] = [];
  if (worst) {
    worstFacts.push(fact('worstShortfall.mode', 'mode', worst.mode, worst.mode));
    if (worstEvent) {
      worstFacts.push(
        fact('worstShortfall.time', 'at', formatTime(worstEvent.time), formatTime(worstEvent.time)),
        amountFact('worstShortfall.loss', `${worstEvent.horizonSteps}-step loss`, worstEvent.loss),
        amountFact('worstShortfall.requirement', 'requirement held', worstEvent.requirement),
        fact('worstShortfall.cause', 'cause', worstEvent.cause, worstEvent.cause.replace('_', ' ')),
      );
    }
    worstFacts.push(amountFact(`coverage.${worst.mode}.meanShortfall`, 'mean shortfall, that mode', worst.meanShortfall));
  }
  const worstAmount = worst?.maxShortfall ?? 0;
  cards.push({
    id: 'worst-shortfall',
    title: 'Worst shortfall',
    subtitle: 'largest loss beyond the requirement held, over every cross mode: what the default fund would have absorbed',
    main: amountFact('worstShortfall', '', worstAmount),
    facts: worstFacts,
    zone: null,
    alert: worstAmount > 0,
  });
  return cards;
}

function modeCards(result: RunResult, amountFact: AmountFact): Card[] {
  const coverage = new Map(result.coverage.map((c) => [c.mode, c]));
  const avoided = new Map(result.avoided.map((a) => [a.mode, a]));
  return result.modes.map((m) => {
    const k = `mode.${m.name}`;
    const facts: Fact[] = [];
    if (m.firstLiquidationTime) facts.push(fact(`${k}.firstLiquidationTime`, 'first liquidation', m.firstLiquidationTime, m.firstLiquidationTime));
    facts.push(
      amountFact(`${k}.meanRequirement`, 'mean requirement', m.meanRequirement),
      amountFact(`${k}.finalEquity`, 'final equity', m.finalEquity),
      amountFact(`${k}.badDebt`, 'bad debt', m.badDebt),
      amountFact(`${k}.minHeadroom`, 'min headroom', m.minHeadroom),
    );
    const c = coverage.get(m.name);
    if (c) {
      facts.push(
        fact(`coverage.${m.name}.exceedances`, 'exceedances', c.exceedances, `${formatCount(c.exceedances)} of ${formatCount(c.observations)}`),
        fact(`coverage.${m.name}.rate`, 'exceedance rate', c.rate ?? null, formatPercent(c.rate)),
        fact(`coverage.${m.name}.expectedRate`, 'expected rate', c.expectedRate ?? null, formatPercent(c.expectedRate)),
      );
    }
    const a = avoided.get(m.name);
    if (a) facts.push(fact(`avoided.${m.name}.count`, 'liquidations avoided for good', a.forGood, `${formatCount(a.forGood)} of ${formatCount(a.count)}`));
    if (c) facts.push(amountFact(`coverage.${m.name}.maxShortfall`, 'worst shortfall', c.maxShortfall));
    const zone = c?.trafficLight?.zone ?? null;
    return {
      id: `mode-${m.name}`,
      title: m.name,
      subtitle: `${m.kind} · ${m.method}`,
      main: fact(`${k}.liquidations`, m.liquidations === 1 ? 'liquidation' : 'liquidations', m.liquidations, formatCount(m.liquidations)),
      facts,
      zone,
      alert: m.wipedOut || (m.badDebt ?? 0) > 0 || zone === 'red',
    };
  });
}

/** The headline tiles of a run: the same numbers in the HTML and the Markdown report. */
export function headline(result: RunResult, events: readonly RunEvent[]): Headline {
  const amountFact = amountFactIn(currencyOf(result));
  return { summary: summaryCards(result, events, amountFact), modes: modeCards(result, amountFact) };
}
