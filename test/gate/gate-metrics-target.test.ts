import { describe, expect, it } from 'vitest';
import { binomialCdf, chiSquaredSurvival, coverage, gateMetrics, kupiec, type RunResult } from '../../src/index.js';

/**
 * A candidate that lowers the confidence is judged against the baseline's target (issue 19): its expected
 * rate, Kupiec, conditional coverage and zones are recomputed with the baseline's p, from the counts in
 * result.json. A hand-made result: 250 observations, 8 exceedances, confidence 97.5 % (p = 2.5 %).
 */
function result(): RunResult {
  const hits = new Uint8Array(250);
  for (const t of [10, 11, 50, 90, 130, 170, 200, 240]) hits[t] = 1;
  const stats = coverage(hits, 0.025, { horizon: 1 });
  return {
    run: { confidence: 0.975 },
    modes: [{ name: 'pm', kind: 'portfolio' }],
    coverage: [{ mode: 'pm', ...stats, periods: 7, correlationBreakdown: 1, volatility: 7, impliedVolatility: 0, standaloneCovered: 3, unattributed: 0, maxShortfall: 1, meanShortfall: 0.5 }],
    avoided: [],
    events: { underfunded: 8, underfundedByCause: { correlation_breakdown: 1, volatility: 7, implied_volatility: 0 } },
  } as unknown as RunResult;
}

describe('gateMetrics with the baseline’s target', () => {
  it('on its own target (2.5 %): 8 of 250 is green (the yellow zone starts at 11)', () => {
    const own = gateMetrics(result());
    expect(own['pm.expectedRate']).toBeCloseTo(0.025, 15);
    expect(own['pm.zone']).toBe(0);
  });

  it('on the baseline’s 1 % target: 8 of 250 is yellow (5–9), Kupiec and conditional coverage recomputed', () => {
    const judged = gateMetrics(result(), { target: 0.01 });
    expect(judged['pm.expectedRate']).toBe(0.01);
    // Basel: yellow begins at the smallest x with P(X ≤ x) ≥ 95 %: P(X ≤ 4) = 89.2 %, P(X ≤ 5) = 95.9 % at n = 250, p = 1 %.
    expect(binomialCdf(4, 250, 0.01)).toBeCloseTo(0.8922, 4);
    expect(binomialCdf(5, 250, 0.01)).toBeCloseTo(0.9588, 4);
    expect(judged['pm.zone']).toBe(1);
    expect(judged['pm.kupiecPValue']).toBe(kupiec(250, 8, 0.01).pValue);
    const lrInd = result().coverage[0].christoffersen!.lrInd;
    expect(judged['pm.conditionalCoveragePValue']).toBe(chiSquaredSurvival(kupiec(250, 8, 0.01).lr + lrInd, 2));
    // Independence does not depend on p.
    expect(judged['pm.independencePValue']).toBe(gateMetrics(result())['pm.independencePValue']);
  });
});
