import type { RunResult } from '../result/run-result.js';
import type { Card, Fact, Headline } from './headline.js';
import { formatCount, formatDecimal } from './report-format.js';
import { formatAmount, formatPercent } from './text-table.js';

const fact = (key: string, label: string, raw: number | string | null, text: string): Fact => ({ key, label, raw, text });
const pctFact = (key: string, label: string, x: number | null, digits = 1) => fact(key, label, x, formatPercent(x, digits));
const amountFact = (key: string, label: string, x: number | null) => fact(key, label, x, formatAmount(x));

/** The entry with the largest value (the first on ties), or undefined for an empty list. */
function largest<T>(items: readonly T[], value: (x: T) => number | null): T | undefined {
  let best: T | undefined;
  for (const x of items) if (best === undefined || (value(x) ?? -Infinity) > (value(best) ?? -Infinity)) best = x;
  return best;
}

/**
 * The headline of a Monte Carlo run: probabilities and quantiles over every path (from `result.monteCarlo`),
 * not the numbers of the representative path, which the tables below the headline describe.
 */
export function monteCarloHeadline(result: RunResult): Headline | null {
  const mc = result.monteCarlo;
  if (!mc) return null;
  const paths = `${formatCount(mc.runs)} paths`;
  const summary: Card[] = [];

  const topAvoided = largest(mc.avoided, (a) => a.probability);
  summary.push({
    id: 'avoided',
    title: 'Liquidations avoided by cross margin',
    subtitle: `share of ${paths} on which a cross mode kept alive a position isolated margin liquidated`,
    main: pctFact('mc.avoided.top.probability', topAvoided ? `of paths (${topAvoided.mode})` : '', topAvoided?.probability ?? null),
    facts: [],
    wide: true,
    breakdown: {
      columns: ['cross mode', 'P(avoided)', 'per path', 'mean saved'],
      rows: mc.avoided.map((a) => ({
        label: a.mode,
        facts: [
          pctFact(`mc.avoided.${a.mode}.probability`, 'P(avoided)', a.probability),
          fact(`mc.avoided.${a.mode}.mean`, 'mean per path', a.count.mean, formatDecimal(a.count.mean, 2)),
          amountFact(`mc.avoided.${a.mode}.meanCapitalSaved`, 'mean capital saved', a.meanCapitalSaved),
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
    subtitle: `share of ${paths} with at least one step where the ${result.run.horizonSteps}-step loss exceeded the cross requirement, by cause`,
    main: pctFact('mc.underfunded.top.probability', topUnder ? `of paths (${topUnder.mode})` : '', topUnder?.probability ?? null),
    facts: [],
    breakdown: {
      columns: ['cross mode', 'any', 'corr.', 'vol.'],
      rows: mc.underfunding.map((u) => ({
        label: u.mode,
        facts: [
          pctFact(`mc.underfunded.${u.mode}.probability`, 'P(underfunded)', u.probability),
          pctFact(`mc.underfunded.${u.mode}.correlation_breakdown`, 'P(correlation breakdown)', u.byCause.correlation_breakdown.probability),
          pctFact(`mc.underfunded.${u.mode}.volatility`, 'P(volatility)', u.byCause.volatility.probability),
        ],
      })),
    },
    zone: null,
    alert: (topUnder?.probability ?? 0) > 0,
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
          amountFact(`mc.underfunded.${worst.mode}.maxShortfall.max`, 'worst path', worst.maxShortfall.max),
          amountFact(`mc.underfunded.${worst.mode}.expectedShortfall`, 'expected per path',
            worst.byCause.correlation_breakdown.expectedShortfall + worst.byCause.volatility.expectedShortfall),
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
      pctFact(`${k}.badDebtProbability`, 'P(bad debt)', m.badDebtProbability, 2),
      amountFact(`${k}.meanRequirement`, 'mean requirement', m.meanRequirement),
      amountFact(`${k}.finalEquity.p05`, 'final equity, 5%', m.finalEquity.quantiles.p05),
      amountFact(`${k}.finalEquity.p50`, 'final equity, median', m.finalEquity.quantiles.p50),
    ];
    if (u) facts.push(pctFact(`mc.underfunded.${m.name}.probability`, 'P(underfunded)', u.probability), pctFact(`mc.underfunded.${m.name}.exceedanceRate`, 'exceedance rate', u.exceedanceRate, 2));
    return {
      id: `mode-${m.name}`,
      title: m.name,
      subtitle: `${m.kind}${methods.has(m.name) ? ` · ${methods.get(m.name)}` : ''}`,
      main: pctFact(`${k}.liquidationProbability`, 'paths liquidated', m.liquidationProbability),
      facts,
      zone: null,
      alert: m.badDebtProbability > 0,
    };
  });
  return { summary, modes };
}
