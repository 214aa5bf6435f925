import { describe, expect, it } from 'vitest';
import { MonteCarloTally, PathBlockRunner, type PathOutcome } from '../../src/index.js';
import { compileSmall } from './mc-fixture.js';

const RUNS = 40;
const compiled = compileSmall({ runs: RUNS });
const runner = new PathBlockRunner(compiled);
// The direct, serial computation: every path's outcome kept, statistics by plain loops below.
const outcomes: PathOutcome[] = Array.from({ length: RUNS }, (_, k) => runner.runPath(k, false));
const confidence = compiled.scenario.margin.confidence;

/** Type 7 quantile written out independently: sort, h = (n − 1)p, interpolate. */
function quantile(values: number[], p: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
}
const mean = (values: number[]) => values.reduce((s, x) => s + x, 0) / values.length;
const share = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;

describe('MonteCarloTally', () => {
  const summary = runner.runBlock(0, RUNS).summarise(confidence);

  it('the fixture exercises both event families (otherwise the checks below prove little)', () => {
    expect(summary.modes[0].liquidationProbability).toBeGreaterThan(0);
    expect(summary.avoided[0].probability).toBeGreaterThan(0);
    expect(summary.underfunding[1].byCause.correlation_breakdown.probability).toBeGreaterThan(0);
  });

  it('agrees with a direct serial computation over the kept outcomes', () => {
    summary.modes.forEach((m, i) => {
      const per = outcomes.map((o) => o.modes[i]);
      expect(m.name).toBe(per[0].name);
      expect(m.liquidationProbability).toBe(share(per.map((o) => o.liquidations > 0)));
      expect(m.wipedOutProbability).toBe(share(per.map((o) => o.wipedOut)));
      expect(m.badDebtProbability).toBe(share(per.map((o) => o.badDebt > 0)));
      expect(m.meanLiquidations).toBe(mean(per.map((o) => o.liquidations)));
      // Sums: the tally's are exactly rounded, the naive loop's are not: agree to 1e-12 relative.
      expect(m.meanBadDebt).toBeCloseTo(mean(per.map((o) => o.badDebt)), 6);
      expect(m.meanRequirement / mean(per.map((o) => o.meanRequirement))).toBeCloseTo(1, 12);
      const equity = per.map((o) => o.finalEquity);
      expect(m.finalEquity.mean / mean(equity)).toBeCloseTo(1, 12);
      expect(m.finalEquity.min).toBe(Math.min(...equity));
      expect(m.finalEquity.max).toBe(Math.max(...equity));
      expect(m.finalEquity.quantiles.p05).toBeCloseTo(quantile(equity, 0.05), 6);
      expect(m.finalEquity.quantiles.p50).toBeCloseTo(quantile(equity, 0.5), 6);
      expect(m.finalEquity.quantiles.p95).toBeCloseTo(quantile(equity, 0.95), 6);
      expect(m.finalEquity.quantiles.p99).toBeCloseTo(quantile(equity, 0.99), 6);
    });
    summary.underfunding.forEach((u, j) => {
      const per = outcomes.map((o) => o.coverage[j]);
      expect(u.mode).toBe(per[0].mode);
      expect(u.probability).toBe(share(per.map((c) => c.exceedances > 0)));
      expect(u.observations).toBe(per.reduce((s, c) => s + c.observations, 0));
      expect(u.exceedances).toBe(per.reduce((s, c) => s + c.exceedances, 0));
      expect(u.expectedRate).toBeCloseTo(0.01, 15);
      const breakdown = u.byCause.correlation_breakdown;
      expect(breakdown.probability).toBe(share(per.map((c) => c.correlationBreakdown > 0)));
      expect(breakdown.meanCount).toBe(mean(per.map((c) => c.correlationBreakdown)));
      expect(breakdown.expectedShortfall).toBeCloseTo(mean(per.map((c) => c.breakdownShortfall)), 6);
      expect(u.byCause.volatility.expectedShortfall).toBeCloseTo(mean(per.map((c) => c.volatilityShortfall)), 6);
      // The two causes split the total shortfall.
      const total = per.reduce((s, c) => s + c.sumShortfall, 0) / RUNS;
      expect(breakdown.expectedShortfall + u.byCause.volatility.expectedShortfall).toBeCloseTo(total, 6);
      const worst = per.map((c) => c.maxShortfall);
      expect(u.maxShortfall.max).toBe(Math.max(...worst));
      expect(u.maxShortfall.quantiles.p95).toBeCloseTo(quantile(worst, 0.95), 6);
    });
    summary.avoided.forEach((a, j) => {
      const per = outcomes.map((o) => o.avoided[j]);
      expect(a.probability).toBe(share(per.map((x) => x.count > 0)));
      expect(a.count.mean).toBe(mean(per.map((x) => x.count)));
      expect(a.count.quantiles.p50).toBe(quantile(per.map((x) => x.count), 0.5));
      expect(a.meanCapitalSaved).toBeCloseTo(mean(per.map((x) => x.capitalSaved)), 6);
      expect(a.meanIsolatedLoss).toBeCloseTo(mean(per.map((x) => x.isolatedLoss)), 6);
    });
  });

  it('gives an identical summary for any split into blocks merged in index order, and through JSON', () => {
    for (const cuts of [[0, 7, 19, 40], [0, 1, 2, 39, 40], [0, 20, 40]]) {
      const merged = runner.runBlock(cuts[0], cuts[1]);
      for (let b = 1; b < cuts.length - 1; b++) {
        merged.merge(MonteCarloTally.fromJSON(JSON.parse(JSON.stringify(runner.runBlock(cuts[b], cuts[b + 1]).toJSON()))));
      }
      expect(merged.count).toBe(RUNS);
      expect(merged.summarise(confidence)).toStrictEqual(summary);
    }
  });

  it('refuses to count paths out of order or to append a block that does not follow', () => {
    const tally = runner.runBlock(0, 3);
    expect(() => tally.add(5, outcomes[5])).toThrow('tally: expected path 3, got 5');
    expect(() => tally.merge(runner.runBlock(4, 6))).toThrow('tally: cannot append paths [4, 6) after [0, 3)');
  });
});
