import { describe, expect, it } from 'vitest';
import { RiskView, historicalSimulation, linearPricer, Requirement, resolvePosition, type MarginState, type Position } from '../../src/index.js';

/**
 * Historical VaR and ES are clamped at zero (README, Methodology): when the (k+1)-th largest loss of the
 * window is a gain, VaR charges nothing rather than a negative requirement, and so does a standalone term.
 *
 * Hand computation. One long position of 10 units; 100 one-step returns of +1 %, except −2 % at steps 10,
 * 30, 50, 70 and 90. At step 100 with L = 100, h = 1, α = 95 %: k = ⌊100 · 0.05⌋ = 5. The losses
 * −e · r are 0.02·e five times and −0.01·e (gains) 95 times, e = 10 · P(100).
 *   VaR = the 6th largest loss = −0.01·e, a gain → clamped to 0 (book and standalone);
 *   ES = mean of the 5 largest = 0.02·e > 0, unclamped.
 */
describe('historical VaR / ES: clamped at 0 when the tail is a gain', () => {
  const prices = new Float64Array(101);
  prices[0] = 100;
  for (let s = 1; s <= 100; s++) prices[s] = prices[s - 1] * (s % 20 === 10 ? 0.98 : 1.01);
  const position: Position = { asset: 'A', assetIndex: 0, size: { quantity: 10 }, initialMarginRate: 0.1, maintenance: { kind: 'rate', rate: 0.05 } };
  const e = 10 * prices[100];
  const resolved = resolvePosition(position);
  const view = new RiskView([{ instrument: resolved.instrument, pricer: linearPricer as never, terms: new Float64Array(0) }], 1);
  const state: MarginState = { step: 100, positions: [resolved], quantity: Float64Array.of(10), exposure: Float64Array.of(e), open: Uint8Array.of(1), members: [0], estimate: null, view, lane: 0 };
  const rules = { cap: 0.8, floor: 0, addOn: 0 };

  it('VaR: the 6th largest loss is a gain, so the requirement and the standalone term are 0', () => {
    const method = historicalSimulation({ measure: 'var', confidence: 0.95, horizonSteps: 1, lookback: 100, positions: 1, rules });
    method.bind([prices]);
    const out = new Requirement(1);
    method.evaluate(state, out);
    expect(out.diversified).toBe(0);
    expect(out.standalone[0]).toBe(0);
    expect(out.value).toBe(0);
  });

  it('ES: the mean of the 5 largest losses, 0.02 · e, is charged (relative tolerance 1e-12)', () => {
    const method = historicalSimulation({ measure: 'es', confidence: 0.95, horizonSteps: 1, lookback: 100, positions: 1, rules });
    method.bind([prices]);
    const out = new Requirement(1);
    method.evaluate(state, out);
    expect(Math.abs(out.diversified / (0.02 * e) - 1)).toBeLessThan(1e-12);
    expect(Math.abs(out.standalone[0] / (0.02 * e) - 1)).toBeLessThan(1e-12);
  });
});
