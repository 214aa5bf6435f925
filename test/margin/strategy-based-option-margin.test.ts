import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BROAD_BASED_INDEX_RULE,
  EQUITY_OPTION_RULE,
  strategyBasedOptionMargin,
  uncoveredShortRequirement,
  validateStrategyMarginRule,
  XmarginError,
  type OptionRight,
} from '../../src/index.js';

describe('strategyBasedOptionMargin: short broad-based index options by hand', () => {
  // SPX closes 2018-02-02 (2762.13) and 2018-02-05 (2648.94) from data/sp500_ohlc.csv; option values are
  // illustrative. Multiplier 100. Rule: V + max(15 % S − OTM, 10 % × (S for calls, K for puts)).
  const spx = 2762.13;

  it('an out-of-the-money put: the 15 % leg binds', () => {
    // K = 2625, V = 10.50: OTM = 2762.13 − 2625 = 137.13; 15 % S = 414.3195; 414.3195 − 137.13 = 277.1895
    // > 10 % K = 262.5 → 10.50 + 277.1895 = 287.6895 per unit → × 100 = 28,768.95 per contract
    expect(strategyBasedOptionMargin('put', -1, 100, spx, 2625, 10.5)).toBeCloseTo(28768.95, 8);
    // three contracts: × 3
    expect(strategyBasedOptionMargin('put', -3, 100, spx, 2625, 10.5)).toBeCloseTo(86306.85, 8);
  });

  it('the same put after the 2018-02-05 fall: the requirement rises 43 %', () => {
    // S = 2648.94, V = 38.00: OTM = 23.94; 15 % S = 397.341; 397.341 − 23.94 = 373.401 > 262.5
    // → 38 + 373.401 = 411.401 → 41,140.10 per contract
    expect(strategyBasedOptionMargin('put', -1, 100, 2648.94, 2625, 38)).toBeCloseTo(41140.1, 8);
  });

  it('a far out-of-the-money put: the 10 %-of-strike minimum binds', () => {
    // K = 2300, V = 0.80: 414.3195 − 462.13 = −47.8105 < 10 % K = 230 → 0.80 + 230 = 230.80 → 23,080
    expect(strategyBasedOptionMargin('put', -1, 100, spx, 2300, 0.8)).toBeCloseTo(23080, 8);
  });

  it('an in-the-money put: no OTM deduction', () => {
    // K = 2800, V = 60: OTM 0 → 60 + 414.3195 = 474.3195 (> 60 + 280) → 47,431.95
    expect(strategyBasedOptionMargin('put', -1, 100, spx, 2800, 60)).toBeCloseTo(47431.95, 8);
  });

  it('calls: out of the money, far out (10 %-of-underlying minimum), in the money', () => {
    // K = 2900, V = 4.20: OTM 137.87; 414.3195 − 137.87 = 276.4495 > 10 % S = 276.213 → 280.6495 → 28,064.95
    expect(strategyBasedOptionMargin('call', -1, 100, spx, 2900, 4.2)).toBeCloseTo(28064.95, 8);
    // K = 3000, V = 1.10: 414.3195 − 237.87 = 176.4495 < 276.213 → 1.10 + 276.213 = 277.313 → 27,731.30
    expect(strategyBasedOptionMargin('call', -1, 100, spx, 3000, 1.1)).toBeCloseTo(27731.3, 8);
    // K = 2700, V = 80: OTM 0 → 80 + 414.3195 = 494.3195 → 49,431.95
    expect(strategyBasedOptionMargin('call', -1, 100, spx, 2700, 80)).toBeCloseTo(49431.95, 8);
  });

  it('long options: their value, nothing more (no loan value); no position: 0', () => {
    // 2 long puts worth 10.50: 2 × 100 × 10.50 = 2,100
    expect(strategyBasedOptionMargin('put', 2, 100, spx, 2625, 10.5)).toBe(2100);
    expect(strategyBasedOptionMargin('call', 0, 100, spx, 2625, 10.5)).toBe(0);
  });
});

describe('strategyBasedOptionMargin: against a reference implementation', () => {
  // tastyware/margin-estimator ("margin estimates … based on CBOE margining"), test.py at commit
  // 0ebac1851bb8844d46afca4e42765397e3370171: its expected `margin_requirement` per contract (multiplier 100).
  // It rounds the per-share amounts to cents before multiplying by 100, so the tolerance is half a cent
  // per share: $0.50 per contract (+1e-9 for binary rounding).
  const tolerance = 0.5 + 1e-9;
  const reference: [name: string, rule: typeof BROAD_BASED_INDEX_RULE, right: OptionRight, quantity: number, S: number, K: number, V: number, expected: number][] = [
    ['test_short_broad (put, minimum binds)', BROAD_BASED_INDEX_RULE, 'put', -1, 445.35, 410, 0.1, 4110],
    ['test_short_broad_2 (put near the money)', BROAD_BASED_INDEX_RULE, 'put', -1, 433.35, 430, 7.8, 6945],
    ['test_short_broad_itm (put in the money)', BROAD_BASED_INDEX_RULE, 'put', -1, 43.34, 45, 2.85, 935],
    ['test_short_call_broad_itm', BROAD_BASED_INDEX_RULE, 'call', -1, 433.35, 430, 8.7, 7370],
    ['test_short_call_broad (call out of the money)', BROAD_BASED_INDEX_RULE, 'call', -1, 43.34, 45, 1.35, 619],
    ['test_short_call_etf_broad', BROAD_BASED_INDEX_RULE, 'call', -1, 378.5, 370, 12.85, 6962],
    ['test_long_option_index', BROAD_BASED_INDEX_RULE, 'put', 1, 433.35, 430, 5.5, 550],
    ['test_short_put (equity, minimum binds)', EQUITY_OPTION_RULE, 'put', -1, 95, 80, 2, 1000],
    ['test_short_put_itm (equity)', EQUITY_OPTION_RULE, 'put', -1, 19.5, 20, 1.5, 540],
    ['test_short_call_itm (equity)', EQUITY_OPTION_RULE, 'call', -1, 128.5, 120, 8.4, 3410],
    ['test_short_call (equity, minimum binds)', EQUITY_OPTION_RULE, 'call', -1, 26.38, 30, 0.05, 269],
  ];
  it.each(reference)('%s', (_name, rule, right, quantity, S, K, V, expected) => {
    expect(Math.abs(strategyBasedOptionMargin(right, quantity, 100, S, K, V, rule) - expected)).toBeLessThanOrEqual(tolerance);
  });
});

describe('strategyBasedOptionMargin: properties', () => {
  const point = fc.record({
    right: fc.constantFrom<OptionRight>('call', 'put'),
    quantity: fc.integer({ min: -50, max: -1 }),
    S: fc.double({ min: 1, max: 10_000, noNaN: true }),
    moneyness: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
    V: fc.double({ min: 0, max: 500, noNaN: true }),
  });

  it('a short requires its value plus at least the minimum, and is linear in contracts', () => {
    fc.assert(
      fc.property(point, ({ right, quantity, S, moneyness, V }) => {
        const K = S * moneyness;
        const requirement = strategyBasedOptionMargin(right, quantity, 100, S, K, V);
        const minimum = 0.1 * (right === 'call' ? S : K);
        expect(requirement).toBeGreaterThanOrEqual(-quantity * 100 * (V + minimum) * (1 - 1e-15));
        expect(requirement).toBeLessThanOrEqual(-quantity * 100 * (V + 0.15 * S + minimum) * (1 + 1e-15));
        expect(requirement).toBeCloseTo(-quantity * strategyBasedOptionMargin(right, -1, 100, S, K, V), 6);
      }),
    );
  });

  it('out of the money, the requirement of a short put rises as the index falls toward the strike (fixed value)', () => {
    // d/dS (0.15 S − (S − K)) = −0.85 < 0 while S > K; the 10 %-of-strike minimum does not depend on S.
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 10_000, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (K, a, b, V) => {
          const [low, high] = [K * (1 + Math.min(a, b)), K * (1 + Math.max(a, b))];
          expect(uncoveredShortRequirement('put', low, K, V)).toBeGreaterThanOrEqual(uncoveredShortRequirement('put', high, K, V));
        },
      ),
    );
  });

  it('refuses invalid inputs', () => {
    expect(() => strategyBasedOptionMargin('put', -1, 100, 0, 2625, 1)).toThrow(XmarginError);
    expect(() => strategyBasedOptionMargin('put', -1, 100, 2762, 2625, -1)).toThrow(XmarginError);
    expect(() => strategyBasedOptionMargin('put', NaN, 100, 2762, 2625, 1)).toThrow(XmarginError);
    expect(() => strategyBasedOptionMargin('put', -1, 0, 2762, 2625, 1)).toThrow(
      'strategy-based option margin: expected finite S > 0, K > 0, value ≥ 0, multiplier > 0 and quantity; got S = 2762, K = 2625, value = 1, multiplier = 0, quantity = -1',
    );
    expect(() => strategyBasedOptionMargin('straddle' as OptionRight, -1, 100, 2762, 2625, 1)).toThrow(
      'option right: expected "call" or "put", got "straddle"',
    );
  });
});

describe('validateStrategyMarginRule', () => {
  it('reads presets and custom rates', () => {
    expect(validateStrategyMarginRule(undefined)).toBe(BROAD_BASED_INDEX_RULE);
    expect(validateStrategyMarginRule('equity')).toBe(EQUITY_OPTION_RULE);
    expect(validateStrategyMarginRule({ underlyingRate: 0.25, minimumRate: 0.15 })).toEqual({ name: 'custom', underlyingRate: 0.25, minimumRate: 0.15 });
  });

  it('names the JSON path of a bad rule', () => {
    expect(() => validateStrategyMarginRule('narrow', 'margin.options.rule')).toThrow(
      'margin.options.rule: expected one of "broad-based-index", "equity", got "narrow"',
    );
    expect(() => validateStrategyMarginRule({ underlyingRate: 1.5, minimumRate: 0.1 }, 'r')).toThrow('r.underlyingRate: expected a rate in (0, 1], got 1.5');
    expect(() => validateStrategyMarginRule({ underlyingRate: 0.15 }, 'r')).toThrow('r.minimumRate: expected a rate in (0, 1], got nothing');
    expect(() => validateStrategyMarginRule({ underlyingRate: 0.15, minimumRate: 0.1, floor: 1 }, 'r')).toThrow('r.floor: unknown field');
  });
});
