import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript without type declarations
import { checkFloor } from '../../bench/montecarlo-floor.js';
// @ts-expect-error: the bench is plain JavaScript without type declarations
import { benchScenario } from '../../bench/montecarlo.bench.js';

// `npm run bench montecarlo` calls bench/montecarlo-floor.js the arithmetic floor of the same run: it must stay
// the same computation as the engine's, or the figure the README and issue 20's verdict rest on means nothing.
// The floor reads dist/ (built once by test/setup/global-build.ts), as the bench does.

describe('the Monte Carlo bench floor', () => {
  it('gives every path the engine’s outcome bit for bit: liquidations, wipe-outs, bad debt, final equity, backtest and avoided tallies', () => {
    const { compared, mismatches } = checkFloor(benchScenario(10, 60), 'scenarios/bench-montecarlo.json', 60);
    // 3 modes × 4 values + 2 cross modes × 4 tallies per path.
    expect(compared).toBe(60 * 20);
    expect(mismatches).toEqual([]);
  });
});
