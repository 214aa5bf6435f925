import { describe, expect, it } from 'vitest';
import { createGenerator, createBootstrapGenerator, XmarginError } from './api.js';
import { forEachPath } from './path-stats.js';
import { frameFromReturns, simulateGarchReturns } from './garch-sim.js';

const days = 500;
const history = frameFromReturns(
  simulateGarchReturns({ omega: 2e-6, alpha: 0.1, beta: 0.85 }, days, 3, 0.6, 77),
  ['A', 'B', 'C'],
);
const historyReturns = history.logReturns();

describe('stationary block bootstrap', () => {
  it('keeps days whole: every resampled return vector is one historical day', () => {
    const generator = createBootstrapGenerator({ kind: 'bootstrap', meanBlockLength: 5 }, { seed: 1, steps: 120, history });
    forEachPath(generator, 8, (_k, columns) => {
      for (let t = 1; t <= 120; t++) {
        const row = columns.map((c) => Math.log(c[t] / c[t - 1]));
        // Independent search over the history (not trusting sourceRows): some day must match all assets.
        const matches: number[] = [];
        for (let d = 0; d < days; d++) {
          if (row.every((r, i) => Math.abs(r - historyReturns[i][d]) < 1e-9)) matches.push(d);
        }
        expect(matches).toContain(generator.sourceRows[t - 1]);
      }
    });
  });

  it('has mean block length ≈ L (restart rate 1/L per step)', () => {
    const L = 10;
    const generator = createBootstrapGenerator({ kind: 'bootstrap', meanBlockLength: L }, { seed: 2, steps: 300, history });
    let restarts = 0, transitions = 0;
    forEachPath(generator, 200, () => {
      const rows = generator.sourceRows;
      for (let t = 1; t < rows.length; t++) {
        transitions++;
        if (rows[t] !== (rows[t - 1] + 1) % days) restarts++;
      }
    });
    // p̂ = restarts / transitions estimates 1/L·(1 − 1/days) (a restart landing on the next day is invisible);
    // SE(p̂) = sqrt(p(1 − p)/M) = 0.00123 at M = 59 800 → SE(1/p̂) ≈ L²·SE(p̂) = 0.123. 4 SE.
    const estimated = transitions / restarts;
    expect(Math.abs(estimated - L / (1 - 1 / days))).toBeLessThan(4 * 0.123);
  });

  it('starts from the last historical prices and continues the calendar', () => {
    const generator = createGenerator({ kind: 'bootstrap', meanBlockLength: 3, S0: { C: 1 } }, { seed: 2, steps: 5, history });
    expect(Array.from(generator.initialPrices)).toEqual([history.columns[0][days], history.columns[1][days], 1]);
    expect(generator.time[0]).toBe(history.time[days]);
  });

  it('needs a history', () => {
    expect(() => createGenerator({ kind: 'bootstrap', meanBlockLength: 3 }, { seed: 2, steps: 5 })).toThrow(
      new XmarginError('E_INPUT_SCENARIO', 'the bootstrap resamples a history: give one (--data)', { path: 'generator.kind' }),
    );
  });
});
