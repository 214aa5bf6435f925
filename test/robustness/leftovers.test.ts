import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, xmargin } from './cli.js';
import { ADDONS, EU, OPTIONS, VENUES, caseFolders, type Edit, type Scenario } from './trimmed-scenarios.js';

/**
 * Defects the robustness sweep of the new surfaces noticed and left (brief h-r2): settings accepted that
 * meant nothing or overflowed, ignored without a word, or refused without their JSON path. Each case runs
 * the real CLI: exit 2, one line with the scenario file and the JSON path first, no output folder. The
 * "was:" note says what the CLI did before the fix.
 */

const { scenarioCase, refused } = caseFolders('leftovers');

function runs(scenario: Scenario, edit: Edit): void {
  const c = scenarioCase(scenario, edit);
  const result = xmargin(['run', c.file, '--out', c.out, '--quiet', '--no-report']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

/** Rows of a CSV file (after the header) whose date, the first field, is in [from, to]. */
function rowsBetween(file: string, from: string, to: string): number {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').slice(1).filter((l) => l !== '' && l.slice(0, 10) >= from && l.slice(0, 10) <= to).length;
}

describe('item 1: backtest.realisedWindow longer than the path', () => {
  // By hand: eu-pair-trade-1998 opens on 1997-01-02 and its data ends on 1998-12-31; the steps after the
  // opening are the rows from the opening on, less the opening row itself.
  const euAfter = rowsBetween('data/eustockmarkets.csv', '1997-01-02', '1998-12-31') - 1;
  // The option book, cut to 2017-03-31, opens on 2017-01-03: 20 + 19 + 23 trading days, 61 steps after it.
  const optionsAfter = rowsBetween('data/sp500_ohlc.csv', '2017-01-03', '2017-03-31') - 1;

  it('the paths hold the steps counted by hand', () => {
    expect(optionsAfter).toBe(61);
    expect(euAfter).toBeGreaterThan(400);
  });

  // was: exit 0; every exceedance's window was cut at the end of the path, and nothing said so
  it('1e9 is refused with the largest value allowed (was: accepted)', () => {
    refused(EU, (s) => (s.backtest = { realisedWindow: 1e9 }),
      `backtest\\.realisedWindow: expected at most ${euAfter} steps, got 1000000000: the path has ${euAfter} steps after the book opens on 1997-01-02, and no underfunded step can have a longer realised window$`);
  });

  it('one step more than the path is refused; the whole path is accepted', () => {
    refused(OPTIONS, (s) => (s.backtest = { realisedWindow: optionsAfter + 1 }),
      `backtest\\.realisedWindow: expected at most 61 steps, got 62: the path has 61 steps after the book opens on 2017-01-03`);
    runs(OPTIONS, (s) => (s.backtest = { realisedWindow: optionsAfter }));
  });

  it('a Monte Carlo path: paths.steps is the bound; the default 20 runs on a 5-step path', () => {
    const mc = (window?: number) => (s: Scenario) => {
      delete s.portfolio.openAt;
      s.paths = { generator: { kind: 'gbm', fit: 'data' }, runs: 2, steps: 5 };
      if (window !== undefined) s.backtest = { realisedWindow: window };
    };
    refused(OPTIONS, mc(21), 'backtest\\.realisedWindow: expected at most 20 steps \\(the default, cut at the end of the path\\), got 21: a Monte Carlo path has 5 steps after the book opens \\(paths\\.steps\\)$');
    runs(OPTIONS, mc());
  });
});

describe('item 2: smile slopes that overflow the implied volatility', () => {
  it.each([
    // was: exit 0; σ = ATM + 1e308 · ln(K/F) ≈ −5e306 at the 5 % out-of-the-money put: the floor at every step
    ['slope', 1e308, 'volatility per unit of ln\\(K/F\\)', '1e\\+308'],
    // was: exit 0; σ = +5e306: every put priced near its discounted strike
    ['slope', -1e308, 'volatility per unit of ln\\(K/F\\)', '-1e\\+308'],
    // was: exit 0; σ = ATM + 1e308 · (T − T_ref) ≈ −3e305 once the contract was a day old: the floor
    ['termSlope', 1e308, 'volatility per year of tenor', '1e\\+308'],
    ['slope', 10.5, 'volatility per unit of ln\\(K/F\\)', '10\\.5'],
  ])('market.smile.SPX.%s = %d (was: accepted)', (field, value, unit, shown) => {
    refused(OPTIONS, (s) => (s.market.smile.SPX[field] = value),
      `market\\.smile\\.SPX\\.${field}: expected a number in \\[-10, 10\\] \\(${unit}\\), got ${shown}$`);
  });
});

describe('a contract multiplier past any listed contract', () => {
  // was: exit 2 after the data was read, naming the scenario file but no path: the option margin's value was Infinity
  it.each([[1e308], [1e10]])('portfolio.positions[0].instrument.multiplier = %d', (value) => {
    refused(OPTIONS, (s) => (s.portfolio.positions[0].instrument.multiplier = value), 'portfolio\\.positions\\[0\\]\\.instrument\\.multiplier: .*multiplier in \\(0, 1e\\+9\\]');
  });
  it('a linear position takes the same bound', () => {
    refused(EU, (s) => (s.portfolio.positions[0].instrument = { kind: 'linear', multiplier: 2e9 }), 'portfolio\\.positions\\[0\\]\\.instrument\\.multiplier: .*multiplier in \\(0, 1e\\+9\\]');
  });
});

describe('item 3: hedge and roll fields', () => {
  // By hand: the hedge has leverage 10 and the capital is 10,000,000, so its initial margin reaches the
  // capital at a net dollar delta of 10,000,000 × 10 = 100,000,000.
  it.each([
    // was: exit 2 naming the data files, "isolated: meanRequirement is Infinity: amounts … left the range of doubles"
    [1e308, '1e\\+308'],
    [-1e308, '-1e\\+308'],
    [-100_000_001, '-100,000,001'],
  ])('hedge.targetDelta %d (was: unlocated overflow for ±1e308)', (target, shown) => {
    refused(OPTIONS, (s) => (s.portfolio.positions[1].hedge.targetDelta = target),
      `portfolio\\.positions\\[1\\]\\.hedge\\.targetDelta: expected a net dollar delta within ±100,000,000 \\(its initial margin at 10 % is the capital, 10,000,000\\), got ${shown}$`);
  });

  it('hedge.targetDelta at the bound runs', () => runs(OPTIONS, (s) => (s.portfolio.positions[1].hedge.targetDelta = -100_000_000)));

  // was: exit 0; the hedge was set at the opening and never again, the contract never rolled
  it('hedge.everySteps 1e9 (was: accepted, never rebalanced)', () => {
    refused(OPTIONS, (s) => (s.portfolio.positions[1].hedge.everySteps = 1e9),
      'portfolio\\.positions\\[1\\]\\.hedge\\.everySteps: expected at most 61 steps, got 1000000000: the path has 61 steps after the book opens on 2017-01-03, so the hedge would never be rebalanced after the opening$');
  });

  it('roll.everySteps 62 is refused (was: accepted, never rolled); 61 runs', () => {
    refused(OPTIONS, (s) => (s.portfolio.positions[0].roll = { everySteps: 62 }),
      'portfolio\\.positions\\[0\\]\\.roll\\.everySteps: expected at most 61 steps, got 62: the path has 61 steps after the book opens on 2017-01-03, so the contract would never roll$');
    runs(OPTIONS, (s) => (s.portfolio.positions[0].roll = { everySteps: 61 }));
  });

  it.each([
    ['hedge.everySteps', (s: Scenario) => (s.portfolio.positions[1].hedge.everySteps = 1e308), 'portfolio\\.positions\\[1\\]\\.hedge\\.everySteps: Too big'],
    ['roll.everySteps', (s: Scenario) => (s.portfolio.positions[0].roll = { everySteps: 1e308 }), 'portfolio\\.positions\\[0\\]\\.roll\\.everySteps: Too big'],
  ])('%s 1e308 is refused at its path', (_name, edit, located) => refused(OPTIONS, edit as Edit, located));
});

describe('item 5: the same add-on twice on one mode', () => {
  const var_ = (s: Scenario) => s.margin.modes[1];
  it.each([
    // was: exit 0; both buffers applied: the mean requirement 286,292 (method alone) became 439,972 (+54 %)
    ['two anti-procyclicality buffers (was: both applied)', (s: Scenario) => var_(s).addOns.push({ kind: 'anti-procyclicality', tool: 'buffer' }),
      'margin\\.modes\\[1\\]\\.addOns\\[3\\]: a second anti-procyclicality \\(buffer\\) add-on \\(also addOns\\[2\\]\\): each applies once per mode'],
    ['two correlation breaks', (s: Scenario) => var_(s).addOns.splice(1, 0, { kind: 'correlation-break', blend: 0.3 }),
      'margin\\.modes\\[1\\]\\.addOns\\[1\\]: a second correlation-break add-on \\(also addOns\\[0\\]\\)'],
    ['two concentration charges', (s: Scenario) => var_(s).addOns.push({ kind: 'concentration', exponent: 1, default: { threshold: 1e6, halfSpread: 0.001 } }),
      'margin\\.modes\\[1\\]\\.addOns\\[3\\]: a second concentration add-on \\(also addOns\\[1\\]\\)'],
    ['two long-lookback floors', (s: Scenario) => s.margin.modes[2].addOns.push({ kind: 'anti-procyclicality', tool: 'floor', years: 5, history: 'available' }),
      'margin\\.modes\\[2\\]\\.addOns\\[2\\]: a second anti-procyclicality \\(floor\\) add-on \\(also addOns\\[1\\]\\)'],
  ])('%s', (_name, edit, located) => refused(ADDONS, edit as Edit, located));

  it('different anti-procyclicality tools on one mode still combine (the bundled stressed weight under a floor)', () => {
    expect(ADDONS.margin.modes[2].addOns.map((a: { tool: string }) => a.tool)).toEqual(['stressed-weight', 'floor']);
    runs(ADDONS, (s) => {
      s.margin.modes = [s.margin.modes[0], s.margin.modes[1]];
      s.margin.modes[1].addOns.push({ kind: 'anti-procyclicality', tool: 'floor', years: 1, history: 'available' });
    });
  });
});

describe('item 6: liquidation.fill where no bar is checked', () => {
  // was: exit 0 in all three; the fill setting was dropped before the engine saw it
  it('a price file of closes only', () => {
    refused(EU, (s) => (s.liquidation.fill = 'extreme'),
      'liquidation\\.fill: applies to intrabar checks, which need high and low columns: map them in data\\.columns');
  });
  it('bars, but every mode checks at the close', () => {
    refused(VENUES, (s) => {
      for (const m of s.margin.modes) m.check = 'close';
      s.liquidation.fill = 'extreme';
    }, 'liquidation\\.fill: applies to intrabar checks, and every mode checks at the close \\("check": "close"\\)');
  });
  it('a Monte Carlo run', () => {
    refused(VENUES, (s) => {
      for (const m of s.margin.modes) delete m.check;
      s.paths = { generator: { kind: 'gbm', fit: 'data' }, runs: 2, steps: 5 };
      s.liquidation.fill = 'trigger';
    }, 'liquidation\\.fill: applies to intrabar checks, and a Monte Carlo run checks its synthetic closes only');
  });
  it('bars with an intrabar mode: fill is accepted', () => runs(VENUES, (s) => (s.liquidation.fill = 'extreme')));
});

describe('item 4: a venue asOf after the preset\'s newest version', () => {
  // was: the newest version applied without a word (result.json and the report named the version, not that
  // nothing later was known). Now each such use records how far past its first day asOf is, and why it applies.
  it('result.json and the report say which version was used and why; within the versions nothing is added', () => {
    const c = scenarioCase(VENUES, (s) => {
      s.margin.modes = [
        { kind: 'isolated', name: 'binance-2024', venue: 'binance-usdm', asOf: '2024-03-01', symbols: { SPX: 'BTCUSDT' } },
        { kind: 'isolated', name: 'binance-2023', venue: 'binance-usdm', asOf: '2023-06-30', symbols: { SPX: 'BTCUSDT' } },
        { kind: 'cross', name: 'hyperliquid-2030', venue: 'hyperliquid', asOf: '2030-01-01', symbols: { SPX: 'BTC' } },
        { kind: 'cross', name: 'dydx-read-day', venue: 'dydx-v4', asOf: '2026-12-06', symbols: { SPX: 'BTC-USD' } },
      ];
    });
    const result = xmargin(['run', c.file, '--out', c.out, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const run = JSON.parse(readFileSync(join(c.out, 'result.json'), 'utf8'));
    const uses = Object.fromEntries(run.venues.map((v: { mode: string }) => [v.mode, v]));
    // By hand: 2024-02-03 → 2024-03-01 is 26 days of February (a leap year) and 1 of March: 27 days;
    // 2026-12-06 → 2030-01-01 is 365 + 366 + 365 days to 2029-12-06, then 26: 1,122 days.
    const reason = (days: string) => `the newest version in the preset: its rules are taken as still in force ${days} days after its first day, the preset recording no later version`;
    expect(uses['binance-2024']).toMatchObject({ effective: '2024-02-03', basis: 'observed', until: null, afterNewest: { days: 27, reason: reason('27') } });
    expect(uses['hyperliquid-2030']).toMatchObject({ effective: '2026-12-06', basis: 'undated-source', afterNewest: { days: 1122, reason: reason('1122') } });
    // An older version (a later one exists) and the newest version on its own first day: nothing to add.
    expect(uses['binance-2023']).toMatchObject({ effective: '2022-09-27' });
    expect(uses['binance-2023'].afterNewest).toBeUndefined();
    expect(uses['dydx-read-day'].afterNewest).toBeUndefined();
    const report = readFileSync(join(c.out, 'report.md'), 'utf8');
    expect(report).toContain(`binance-2024: binance-usdm as of 2024-03-01, the version of 2024-02-03 (observed; ${reason('27')}) in venues/binance-usdm.json`);
    expect(report).toContain(`hyperliquid-2030: hyperliquid as of 2030-01-01, the version of 2026-12-06 (undated-source; ${reason('1122')}) in venues/hyperliquid.json`);
    expect(report).toContain('binance-2023: binance-usdm as of 2023-06-30, the version of 2022-09-27 (observed) in venues/binance-usdm.json');
  });
});
