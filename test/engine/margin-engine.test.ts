import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/core/normal-quantile.js';
import type { LiquidationAvoidedEvent, LiquidationEvent, UnderfundedEvent } from '../../src/engine/events.js';
import { constantEstimator, modes, parametricVar, position, run, setup } from './fixtures.js';

const close = 1e-9;

describe('isolated vs cross on a hedged pair (hand-computed)', () => {
  // Long A 1000, short B 1000 at 100 (q = ±10), leverage 10 (IM 100 each), MM 5 %, capital 1000, fee 0.5 %.
  // t2: A = 90 → A bucket equity 100 + 10·(90 − 100) = 0 < MM 0.05·900 = 45: isolated liquidates A.
  //     Fee 0.005·900 = 4.5 → equity after −4.5 → bad debt 4.5.
  //     Cross: E = 1000 − 100 + (−10)·(89 − 100) = 1010, R = 45 + 44.5 = 89.5 → alive, headroom 920.5.
  // t3: both back to 100: cross P&L of A = 0 → capital saved = 0 + isolated loss 100 = 100.
  const rows = [
    [100, 100],
    [95, 94],
    [90, 89],
    [100, 100],
  ];
  const s = setup({ assets: ['A', 'B'], positions: [position('A', 0, 1000), position('B', 1, -1000)], modes: modes(['isolated', 'cross']) });
  const outcome = run(s, rows);

  it('isolated liquidates the long leg at step 2 with bad debt 4.5', () => {
    const liq = outcome.events.filter((e): e is LiquidationEvent => e.kind === 'liquidation');
    expect(liq).toHaveLength(1);
    expect(liq[0]).toMatchObject({ mode: 'isolated', step: 2, scope: 'position', pool: 'A', assets: ['A'], prices: [90] });
    expect(liq[0].equity).toBeCloseTo(0, 9);
    expect(liq[0].requirement).toBeCloseTo(45, 9);
    expect(liq[0].fee).toBeCloseTo(4.5, 9);
    expect(liq[0].equityAfter).toBeCloseTo(-4.5, 9);
    expect(liq[0].badDebt).toBeCloseTo(4.5, 9);
  });

  it('records that cross kept it alive, with headroom and capital saved', () => {
    const avoided = outcome.events.filter((e): e is LiquidationAvoidedEvent => e.kind === 'liquidation_avoided');
    expect(avoided).toHaveLength(1);
    const e = avoided[0];
    expect(e).toMatchObject({ mode: 'cross', isolatedMode: 'isolated', asset: 'A', step: 2, crossLiquidatedLater: false, crossLiquidatedStep: null });
    expect(e.crossHeadroom).toBeCloseTo(920.5, 9);
    expect(e.isolatedLoss).toBeCloseTo(100, 9);
    expect(e.crossOutcome).toBeCloseTo(0, 9);
    expect(e.capitalSaved).toBeCloseTo(100, 9);
  });

  it('ends with isolated equity 900 (800 idle + B bucket 100 + A written off) and cross 1000', () => {
    const [iso, cross] = outcome.modes;
    expect(iso.finalEquity).toBeCloseTo(900, 9);
    expect(iso.badDebt).toBeCloseTo(4.5, 9);
    expect(cross.finalEquity).toBeCloseTo(1000, 9);
    expect(cross.liquidations).toBe(0);
  });

  it('cross requirement equals the sum of isolated maintenance while both hold every leg', () => {
    const isoReq = outcome.series.get('isolated.requirement')!;
    const crossReq = outcome.series.get('cross.requirement')!;
    for (const t of [0, 1]) expect(crossReq[t]).toBeCloseTo(isoReq[t], 9);
    expect(crossReq[1]).toBeCloseTo(0.05 * (950 + 940), 9);
  });
});

describe('partial vs full liquidation of a shared pool (hand-computed)', () => {
  // Long A, long B, short C, 1000 each at 100; MM 5 %; capital 200. t1: A 90, B 101, C 100.
  // E = 200 − 100 + 10 = 110 < R = 0.05·(900 + 1010 + 1000) = 145.5 → liquidation.
  const rows = [
    [100, 100, 100],
    [90, 101, 100],
    [90, 101, 100],
  ];
  const positions = [position('A', 0, 1000), position('B', 1, 1000), position('C', 2, -1000)];

  it('full: closes the account, fee on all 2910 of notional', () => {
    const outcome = run(setup({ assets: ['A', 'B', 'C'], positions, modes: modes(['cross']), capital: 200 }), rows);
    const e = outcome.events[0] as LiquidationEvent;
    expect(e).toMatchObject({ kind: 'liquidation', step: 1, scope: 'account', assets: ['A', 'B', 'C'] });
    expect(e.equity).toBeCloseTo(110, 9);
    expect(e.requirement).toBeCloseTo(145.5, 9);
    expect(e.fee).toBeCloseTo(14.55, 9);
    expect(e.equityAfter).toBeCloseTo(95.45, 9);
    expect(outcome.modes[0].finalEquity).toBeCloseTo(95.45, 9);
  });

  it('partial: closes the loser A, then B (largest requirement), stops once equity ≥ R·1.1', () => {
    // After A: E = 110 − 4.5 = 105.5, R = 50.5 + 50 = 100.5, 1.1·R = 110.55 > 105.5 → go on.
    // After B: E = 105.5 − 5.05 = 100.45, R = 50, 1.1·R = 55 → stop. C stays open.
    const outcome = run(
      setup({ assets: ['A', 'B', 'C'], positions, modes: modes(['cross']), capital: 200, liquidation: { kind: 'partial', buffer: 0.1, feeRate: 0.005 } }),
      rows,
    );
    const e = outcome.events[0] as LiquidationEvent;
    expect(e).toMatchObject({ scope: 'position', assets: ['A', 'B'] });
    expect(e.fee).toBeCloseTo(9.55, 9);
    expect(e.equityAfter).toBeCloseTo(100.45, 9);
    expect(outcome.series.get('cross.open')![2]).toBe(1);
    expect(outcome.series.get('cross.requirement')![2]).toBeCloseTo(50, 9);
  });
});

describe('bad debt on a gap through zero', () => {
  it('records equity below zero as bad debt and never reports negative equity', () => {
    // Long A 1000 at 100, capital 200; A gaps to 75: E = 200 − 250 = −50; fee 3.75 → −53.75.
    const outcome = run(setup({ assets: ['A'], positions: [position('A', 0, 1000)], modes: modes(['cross']), capital: 200 }), [[100], [75], [80]]);
    const e = outcome.events.find((x) => x.kind === 'liquidation') as LiquidationEvent;
    expect(e.equityAfter).toBeCloseTo(-53.75, 9);
    expect(e.badDebt).toBeCloseTo(53.75, 9);
    expect(outcome.modes[0].finalEquity).toBe(0);
    expect(outcome.modes[0].wipedOut).toBe(true);
  });
});

describe('underfunding causes under parametric portfolio margin (hand-computed)', () => {
  // Fixed estimate: σ = 1 % per step for both, ρ = 0.9. Long A 1000, short B 1000, h = 1, α = 99 %.
  // z = Φ⁻¹(0.99) = 2.326348; standalone each z·0.01·1000 = 23.26348, S = 46.52696.
  // Diversified = z·√(10² + 10² − 2·0.9·10·10) = z·√20 = 10.40375; credit D = 36.12321;
  // R = S − 0.8·D = 17.62839.
  const z = normalQuantile(0.99);
  const S = 2 * z * 10;
  const diversified = z * Math.sqrt(20);
  const R = S - 0.8 * (S - diversified);
  const make = () =>
    setup({
      assets: ['A', 'B'],
      positions: [position('A', 0, 1000), position('B', 1, -1000)],
      modes: [{ name: 'pm', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 2, rules: { cap: 0.8, floor: 0, addOn: 0 } }) }],
      estimator: constantEstimator([0.01, 0.01], [1, 0.9, 0.9, 1]),
      capital: 1e6,
    });

  it('a hedge flip (long −2 %, short +2 %) is a correlation breakdown: L = 40 ≤ S', () => {
    const outcome = run(make(), [
      [100, 100],
      [98, 102],
      [98, 102],
    ]);
    const e = outcome.events.find((x): x is UnderfundedEvent => x.kind === 'underfunded')!;
    expect(e.step).toBe(0);
    expect(e.loss).toBeCloseTo(40, 9);
    expect(e.requirement).toBeCloseTo(R, 9);
    expect(e.requirement).toBeCloseTo(17.62839, 4); // hand value above
    expect(e.standaloneSum).toBeCloseTo(S, 9);
    expect(e.shortfall).toBeCloseTo(40 - R, 9);
    expect(e.cause).toBe('correlation_breakdown');
    expect(e.legs).toEqual(['A', 'B']);
    expect(e.estimatedCorrelation).toBeCloseTo(0.9, 12);
    expect(outcome.coverage[0]).toMatchObject({ observations: 2, exceedances: 1, correlationBreakdown: 1, volatility: 0 });
  });

  it('a 6 % fall of the long leg alone is volatility: L = 60 > S', () => {
    const outcome = run(make(), [
      [100, 100],
      [94, 100],
      [94, 100],
    ]);
    const e = outcome.events.find((x): x is UnderfundedEvent => x.kind === 'underfunded')!;
    expect(e.loss).toBeCloseTo(60, 9);
    expect(e.cause).toBe('volatility');
    // A lost 60, B neither lost nor gained: the pair is still (A, B), the legs whose co-movement was assumed.
    expect(e.legs).toEqual(['A', 'B']);
    expect(e.estimatedCorrelation).toBeCloseTo(0.9, 12);
  });
});
