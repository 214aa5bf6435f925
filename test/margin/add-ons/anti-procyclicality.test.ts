import { describe, expect, it } from 'vitest';
import { sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import {
  addOnKinds,
  historicalSimulation,
  longLookbackFloor,
  marginBuffer,
  parametricVar,
  withAddOns,
  type AddOnContext,
  type MarginMethod,
} from '../../../src/index.js';
import { bookState, sumOf } from '../book-state.js';

const Z99 = 2.3263478740408408; // Φ⁻¹(0.99), Wichura AS 241

/** A method that charges a preset series (by step), split equally between the open positions. */
function presetMethod(series: readonly number[]): MarginMethod {
  return {
    label: 'preset',
    needs: { estimate: false, historySteps: 0, greeks: false },
    bind() {},
    evaluate(state, out) {
      const value = series[state.step];
      let open = 0;
      for (const p of state.members) open += state.open[p];
      for (const p of state.members) out.standalone[p] = state.open[p] ? value / open : 0;
      out.value = value;
      out.standaloneSum = value;
      out.diversified = value;
      out.credit = 0;
    },
    allocate(state, requirement, out) {
      for (const p of state.members) out[p] = requirement.standalone[p];
    },
  };
}

describe('anti-procyclicality buffer (EMIR Art. 28(1)(a))', () => {
  // Calculated margin 100 for 11 steps, then 150 for good.
  const series = Array.from({ length: 22 }, (_, t) => (t <= 10 ? 100 : 150));
  const buffer = () => marginBuffer({ buffer: 0.25, window: 5, threshold: 0.25, replenishSteps: 4 });

  function called(evaluationsPerStep: number) {
    const method = withAddOns(presetMethod(series), [buffer()], ['addon.anti_procyclicality']);
    method.bind([]);
    const { state, requirement } = bookState({ assetOf: [0, 1], exposure: [1, -1], prices: [1, 1] });
    const out: number[] = [];
    for (let t = 0; t < series.length; t++) {
      state.step = t;
      for (let k = 0; k < evaluationsPerStep; k++) method.evaluate(state, requirement);
      out.push(requirement.value);
    }
    return out;
  }

  it('holds the full buffer in calm times, absorbs a 50 % jump until the margin catches up, then rebuilds over 4 steps (hand computation)', () => {
    // t 0–10: 125 (100 + 25 %); t 11–15: R = 150 > 1.25 × R(t−5) = 125, rising: C = max(150, min(187.5, C(t−1))) = 150;
    // t 16: no longer rising, a = 0 + 0.25/4 → 150 × 1.0625; then + 0.0625 a step up to 0.25.
    const expected = [...Array(11).fill(125), 150, 150, 150, 150, 150, 159.375, 168.75, 178.125, 187.5, 187.5, 187.5];
    expect(called(1)).toEqual(expected);
  });

  it('gives the same margins when a step is evaluated several times (partial liquidation, probes)', () => {
    expect(called(3)).toEqual(called(1));
  });

  it('the jump the member sees is 20 % instead of 50 % (the largest 5-step increase)', () => {
    const c = called(1);
    let largest = 0;
    for (let t = 0; t + 5 < c.length; t++) largest = Math.max(largest, c[t + 5] / c[t] - 1);
    expect(largest).toBeCloseTo(0.25, 12); // the rebuild, 150 → 187.5 over four steps, is now the largest
    let withoutLargest = 0;
    for (let t = 0; t + 5 < series.length; t++) withoutLargest = Math.max(withoutLargest, series[t + 5] / series[t] - 1);
    expect(withoutLargest).toBeCloseTo(0.5, 12);
    expect(c[11] / c[10] - 1).toBeCloseTo(0.2, 12); // the call on the day of the jump
  });

  it('refuses a buffer below 25 % with the regulation in the message', () => {
    const schema = addOnKinds.require('anti-procyclicality').schema();
    const result = schema.safeParse({ kind: 'anti-procyclicality', tool: 'buffer', buffer: 0.2 });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['buffer']);
    expect(result.error!.issues[0].message).toContain('Art. 28(1)(a)');
    expect(schema.safeParse({ kind: 'anti-procyclicality', tool: 'stressed-weight', weight: 0.1, period: { from: '2000-01-01', to: '2000-06-30' } }).error!.issues[0].message).toContain('Art. 28(1)(b)');
  });
});

describe('long-lookback floor (EMIR Art. 28(1)(c))', () => {
  /**
   * One asset, long 1,000,000 at the open. Prices rise 0.5 % on odd steps and fall a little more than 0.5 % on
   * even ones (0.5 % × (1 + t/1000): the newest calm loss is always the largest, so two windows that both hold
   * it agree exactly), except a −5 % day at step 70. Historical VaR at 99 % with h = 1 and L = 20 is the largest
   * one-day loss of the last 20 (k = ⌊20 · 0.01⌋ = 0); the floor uses L = 50 (1 "year" of 50 steps). Both hold
   * the −5 % day from step 70; the 20-step window drops it at step 90, the 50-step window at step 120: the floor
   * binds on steps 90 … 119 and nowhere else.
   */
  const rows = 160;
  const price = new Float64Array(rows);
  price[0] = 100;
  for (let t = 1; t < rows; t++) price[t] = price[t - 1] * (t === 70 ? 0.95 : t % 2 ? 1.005 : 1 - 0.005 * (1 + t / 1000));
  const quantity = 1_000_000 / price[50];

  function floored(policy: 'required' | 'available', from: number) {
    const floor = longLookbackFloor({
      steps: 50, years: 1, policy, horizonSteps: 1, assets: 1, path: 'addOns[0]',
      lookbackMethod: (lookback) => historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 1, lookback, positions: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } }),
    });
    const base = historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 1, lookback: 20, positions: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    const method = withAddOns(base, [floor], ['addon.anti_procyclicality']);
    method.bind([price]);
    const names = method.diagnostics!.names;
    const out = { binds: [] as number[], lookback: [] as number[], checked: 0 };
    for (let t = from; t < rows; t++) {
      const { state, requirement } = bookState({ assetOf: [0], exposure: [quantity * price[t]], prices: [price[t]], step: t });
      method.evaluate(state, requirement);
      const values = method.diagnostics!.values;
      if (values[names.indexOf('addon.anti_procyclicality')] > 0) out.binds.push(t);
      out.lookback.push(values[names.indexOf('addon.anti_procyclicality.lookback')]);
      // By hand: the largest one-day loss over each window, at today's exposure.
      const maxLoss = (window: number) => {
        let m = 0;
        for (let s = t - window + 1; s <= t; s++) m = Math.max(m, -quantity * price[t] * (price[s] / price[s - 1] - 1));
        return m;
      };
      expect(requirement.value).toBeCloseTo(Math.max(maxLoss(20), maxLoss(Math.min(50, from))), 6);
      out.checked++;
    }
    return out;
  }

  it('binds exactly on the steps where the −5 % day has left the 20-step window but not the 50-step one', () => {
    const { binds, checked } = floored('required', 50);
    expect(binds).toEqual(Array.from({ length: 30 }, (_, k) => 90 + k));
    expect(checked).toBe(110);
  });

  it('needs the whole lookback before the book opens under "required" (its history need is L + h − 1)', () => {
    const floor = longLookbackFloor({
      steps: 50, years: 1, policy: 'required', horizonSteps: 1, assets: 1, path: 'p',
      lookbackMethod: (lookback) => historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 1, lookback, positions: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } }),
    });
    expect(floor.needs.historySteps).toBe(50);
  });

  it('under "available" uses the history there is at the opening and reports it in its lookback series', () => {
    const { lookback, binds } = floored('available', 30);
    expect(lookback.every((l) => l === 30)).toBe(true); // 30 one-step scenarios at step 30, fixed for the path
    expect(binds).toEqual(Array.from({ length: 10 }, (_, k) => 90 + k)); // the 30-step window drops the −5 % day at step 100
  });
});

describe('stressed-weight (EMIR Art. 28(1)(b))', () => {
  // Two assets over 120 days; days 40–79 are the stress period (three times the volatility, correlation flipped).
  const rows = 120;
  const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2001, 0, 1) + t * 86_400_000);
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  a[0] = 100;
  b[0] = 50;
  for (let t = 1; t < rows; t++) {
    const stress = t >= 40 && t < 80;
    const x = Math.sin(t * 1.7) * (stress ? 0.03 : 0.01);
    const y = Math.cos(t * 2.3) * (stress ? 0.03 : 0.01) + (stress ? -0.5 : 0.5) * x;
    a[t] = a[t - 1] * Math.exp(x);
    b[t] = b[t - 1] * Math.exp(y);
  }
  const period = { from: '2001-02-10', to: '2001-03-21' }; // rows 40 … 79

  function context(mode: Record<string, unknown>, create: (overrides: Record<string, unknown>) => MarginMethod): AddOnContext {
    return {
      confidence: 0.99, horizonSteps: 2, assets: 2, positions: 2, path: 'margin.modes[0].addOns[0]', mode,
      data: { assets: ['A0', 'A1'], periodsPerYear: 252, rows, history: { time, columns: [a, b] } },
      createMethod: create,
    };
  }

  it('parametric VaR: C = 0.75 R + 0.25 R_stressed, R_stressed from the period\'s sample volatilities and correlation (simple-statistics)', () => {
    const rules = { cap: 0.8, floor: 0, addOn: 0 };
    const make = () => parametricVar({ confidence: 0.99, horizonSteps: 2, assets: 2, rules });
    const addOn = addOnKinds.require('anti-procyclicality').create({ kind: 'anti-procyclicality', tool: 'stressed-weight', weight: 0.25, period }, context({ method: 'parametric-var' }, make));
    const method = withAddOns(make(), [addOn], ['addon.anti_procyclicality']);
    method.bind([a, b]);
    const book = { assetOf: [0, 1], exposure: [1_000_000, -800_000], prices: [a[100], b[100]], volatility: [0.01, 0.011], correlation: [1, 0.5, 0.5, 1], step: 100 };
    const { state, requirement } = bookState(book);
    method.evaluate(state, requirement);
    // Independently: log returns with both ends inside rows 40 … 79.
    const ra: number[] = [];
    const rb: number[] = [];
    for (let t = 41; t <= 79; t++) {
      ra.push(Math.log(a[t] / a[t - 1]));
      rb.push(Math.log(b[t] / b[t - 1]));
    }
    const charge = (sa: number, sb: number, rho: number) => {
      const scale = Z99 * Math.SQRT2;
      const wa = 1_000_000 * sa;
      const wb = -800_000 * sb;
      const standalone = scale * (Math.abs(wa) + Math.abs(wb));
      const diversified = scale * Math.sqrt(wa * wa + wb * wb + 2 * rho * wa * wb);
      return standalone - 0.8 * (standalone - diversified);
    };
    const current = charge(0.01, 0.011, 0.5);
    const stressed = charge(sampleStandardDeviation(ra), sampleStandardDeviation(rb), sampleCorrelation(ra, rb));
    expect(requirement.value).toBeCloseTo(0.75 * current + 0.25 * stressed, 6);
    const components = new Float64Array(2);
    method.allocate!(state, requirement, components);
    expect(Math.abs(sumOf(components, state) - requirement.value)).toBeLessThan(1e-9 * requirement.value);
  });

  it('historical VaR: R_stressed is the VaR of today\'s book over the period\'s h-step moves (sorted by hand)', () => {
    const rules = { cap: 0.8, floor: 0, addOn: 0 };
    const make = (overrides: Record<string, unknown>) =>
      historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: 2, lookback: (overrides.lookback as number) ?? 30, positions: 2, rules });
    const addOn = addOnKinds.require('anti-procyclicality').create(
      { kind: 'anti-procyclicality', tool: 'stressed-weight', weight: 0.5, period },
      context({ method: 'historical-var', lookback: 30 }, make),
    );
    const method = withAddOns(make({}), [addOn], ['addon.anti_procyclicality']);
    method.bind([a, b]);
    const exposure = [1_000_000, -800_000];
    const { state, requirement } = bookState({ assetOf: [0, 1], exposure, prices: [a[100], b[100]], step: 100 });
    method.evaluate(state, requirement);
    // By hand: 2-step moves ending at s = 42 … 79 (38 scenarios, k = ⌊38 · 0.01⌋ = 0: the largest loss).
    const losses: number[] = [];
    const standalone = [0, 0];
    for (let s = 42; s <= 79; s++) {
      const la = -exposure[0] * (a[s] / a[s - 2] - 1);
      const lb = -exposure[1] * (b[s] / b[s - 2] - 1);
      losses.push(la + lb);
      standalone[0] = Math.max(standalone[0], la);
      standalone[1] = Math.max(standalone[1], lb);
    }
    const var99 = Math.max(...losses);
    const S = standalone[0] + standalone[1];
    const stressed = S - 0.8 * Math.max(0, S - var99);
    const base = method.diagnostics!.values[method.diagnostics!.names.indexOf('addon.base')];
    expect(requirement.value).toBeCloseTo(0.5 * base + 0.5 * stressed, 6);
  });

  it('a period that holds too few rows of the data is refused with its JSON path', () => {
    const make = () => parametricVar({ confidence: 0.99, horizonSteps: 2, assets: 2, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    expect(() => addOnKinds.require('anti-procyclicality').create(
      { kind: 'anti-procyclicality', tool: 'stressed-weight', weight: 0.25, period: { from: '1990-01-01', to: '1990-12-31' } },
      context({ method: 'parametric-var' }, make),
    )).toThrow(/margin\.modes\[0\]\.addOns\[0\]\.period: 1990-01-01\.\.1990-12-31 holds 0 row\(s\) of the data file \(the data file runs 2001-01-01 … 2001-04-30\); expected at least 3/);
  });
});
