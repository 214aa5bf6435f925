import type { RunResult } from '../result/run-result.js';
import { interval } from './decision-panel.js';
import type { Card, Fact, Headline } from './headline.js';
import { formatCount, formatDecimal } from './report-format.js';
import { currencyOf, formatPercent, moneyIn } from './text-table.js';

const fact = (key: string, label: string, raw: number | string | null, text: string): Fact => ({ key, label, raw, text });

/** The entry with the largest value (the first on ties), or undefined for an empty list. */
function largest<T>(items: readonly T[], value: (x: T) => number | null): T | undefined {
  let best: T | undefined;
  for (const x of items) if (best === undefined || (value(x) ?? -Infinity) > (value(best) ?? -Infinity)) best = x;
  return best;
}

/**
 * The headline of a Monte Carlo run: probabilities (each with its 95 % Wilson interval over the paths) and
 * quantiles over every path (from `result.monteCarlo`), not the numbers of the representative path, which
 * the tables below the headline describe. The share of paths with an exceedance is shown against what a
 * correctly calibrated model would score at the run's observation counts.
 */
export function monteCarloHeadline(result: RunResult): Headline | null {
  const mc = result.monteCarlo;
  if (!mc) return null;
  const n = mc.runs;
  const money = moneyIn(currencyOf(result));
  const pctFact = (key: string, label: string, x: number | null, digits = 2) => fact(key, label, x, x === null ? '-' : `${formatPercent(x, digits)} ${interval(x, n)}`);
  /** A tile's big number: the share alone; its interval goes with the label underneath. */
  const mainPct = (key: string, label: string, x: number | null) => fact(key, x === null ? label : `${label} · 95% CI ${interval(x, n)}`, x, formatPercent(x, 1));
  const amountFact = (key: string, label: string, x: number | null) => fact(key, label, x, money(x));
  const paths = `${formatCount(n)} paths`;
  const summary: Card[] = [];

  const topAvoided = largest(mc.avoided, (a) => a.forGoodProbability);
  summary.push({
    id: 'avoided',
    title: 'Liquidations avoided by cross margin, for good',
    subtitle: `share of ${paths} on which a cross mode kept alive, and never liquidated later, a position isolated margin liquidated; 95 % Wilson intervals`,
    main: mainPct('mc.avoided.top.forGoodProbability', topAvoided ? `of paths (${topAvoided.mode})` : '', topAvoided?.forGoodProbability ?? null),
    facts: [],
    wide: 'full',
    breakdown: {
      columns: ['cross mode', 'P(for good)', 'P(kept at the time)', 'for good per path', 'mean saved, for good', 'mean saved, postponed'],
      rows: mc.avoided.map((a) => ({
        label: a.mode,
        facts: [
          pctFact(`mc.avoided.${a.mode}.forGoodProbability`, 'P(avoided for good)', a.forGoodProbability, 1),
          pctFact(`mc.avoided.${a.mode}.probability`, 'P(kept alive at the time)', a.probability, 1),
          fact(`mc.avoided.${a.mode}.meanForGood`, 'avoided for good per path', a.meanForGood, formatDecimal(a.meanForGood, 2)),
          amountFact(`mc.avoided.${a.mode}.meanCapitalSavedForGood`, 'mean capital saved, for good', a.meanCapitalSavedForGood),
          amountFact(`mc.avoided.${a.mode}.meanCapitalSavedPostponed`, 'mean capital saved, postponed', a.meanCapitalSavedPostponed),
        ],
      })),
    },
    zone: null,
    alert: false,
  });

  const topUnder = largest(mc.underfunding, (u) => u.probability);
  summary.push({
    id: 'underfunded',
    title: 'Underfunding across paths',
    // (P(volatility) and the other causes are in the across-paths table.)
    subtitle: `share of ${paths} with at least one step where the ${result.run.horizonSteps}-step loss exceeded the cross requirement, against what a correctly calibrated model would show at these observation counts (non-overlapping – independent steps)`,
    main: mainPct('mc.underfunded.top.probability', topUnder ? `of paths (${topUnder.mode})` : '', topUnder?.probability ?? null),
    facts: [],
    wide: true,
    breakdown: {
      columns: ['cross mode', 'P(any)', 'calibrated', 'P(corr. breakdown)'],
      rows: mc.underfunding.map((u) => ({
        label: u.mode,
        facts: [
          pctFact(`mc.underfunded.${u.mode}.probability`, 'P(underfunded)', u.probability, 1),
          fact(`mc.underfunded.${u.mode}.expected`, 'calibrated expectation', u.expectedProbability.independent,
            `${formatPercent(u.expectedProbability.nonOverlapping, 1)}–${formatPercent(u.expectedProbability.independent, 1)}`),
          pctFact(`mc.underfunded.${u.mode}.correlation_breakdown`, 'P(correlation breakdown)', u.byCause.correlation_breakdown.probability, 1),
        ],
      })),
    },
    zone: null,
    alert: mc.underfunding.some((u) => u.probability > u.expectedProbability.independent),
  });

  const worst = largest(mc.underfunding, (u) => u.maxShortfall.quantiles.p99);
  summary.push({
    id: 'worst-shortfall',
    title: 'Largest shortfall, 99% of paths',
    subtitle: 'the 99% quantile over paths of each path\'s largest loss beyond the requirement held, worst cross mode',
    main: amountFact('mc.worstShortfall.p99', '', worst?.maxShortfall.quantiles.p99 ?? null),
    facts: worst
      ? [
          fact('mc.worstShortfall.mode', 'mode', worst.mode, worst.mode),
          amountFact(`mc.underfunded.${worst.mode}.maxShortfall.p95`, '95% of paths', worst.maxShortfall.quantiles.p95),
          amountFact(`mc.underfunded.${worst.mode}.maxShortfall.p999`, '99.9% of paths', worst.maxShortfall.quantiles.p999),
          amountFact(`mc.underfunded.${worst.mode}.maxShortfall.max`, 'worst path', worst.maxShortfall.max),
          amountFact(`mc.underfunded.${worst.mode}.expectedShortfall`, 'expected per path',
            worst.byCause.correlation_breakdown.expectedShortfall + worst.byCause.volatility.expectedShortfall + (worst.byCause.implied_volatility?.expectedShortfall ?? 0)),
        ]
      : [],
    zone: null,
    alert: (worst?.maxShortfall.quantiles.p99 ?? 0) > 0,
  });

  const methods = new Map(result.modes.map((m) => [m.name, m.method]));
  const under = new Map(mc.underfunding.map((u) => [u.mode, u]));
  const modes: Card[] = mc.modes.map((m) => {
    const k = `mc.mode.${m.name}`;
    const u = under.get(m.name);
    const facts: Fact[] = [
      pctFact(`${k}.wipedOutProbability`, 'P(wiped out)', m.wipedOutProbability),
      pctFact(`${k}.badDebtProbability`, 'P(bad debt)', m.badDebtProbability),
      amountFact(`${k}.meanRequirement`, 'mean requirement', m.meanRequirement),
      amountFact(`${k}.finalEquity.p01`, 'final equity, 1% quantile', m.finalEquity.quantiles.p01),
      amountFact(`${k}.finalEquity.p05`, 'final equity, 5% quantile', m.finalEquity.quantiles.p05),
      amountFact(`${k}.finalEquity.p50`, 'final equity, median', m.finalEquity.quantiles.p50),
    ];
    if (u) facts.push(pctFact(`mc.underfunded.${m.name}.probability`, 'P(underfunded)', u.probability), fact(`mc.underfunded.${m.name}.exceedanceRate`, 'exceedance rate (pooled)', u.exceedanceRate, `${formatPercent(u.exceedanceRate, 2)} vs ${formatPercent(u.expectedRate, 2)}`));
    return {
      id: `mode-${m.name}`,
      title: m.name,
      subtitle: `${m.kind}${methods.has(m.name) ? ` · ${methods.get(m.name)}` : ''}`,
      main: fact(`${k}.liquidationProbability`, `paths liquidated ${interval(m.liquidationProbability, n)}`, m.liquidationProbability, formatPercent(m.liquidationProbability, 1)),
      facts,
      zone: null,
      alert: m.badDebtProbability > 0,
    };
  });
  return { summary, modes };
}
