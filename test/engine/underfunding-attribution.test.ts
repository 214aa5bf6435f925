import { describe, expect, it } from 'vitest';
import {
  MarginEngine,
  RollingCorrelationEstimator,
  blackScholes,
  createOptionGreeks,
  eventsOf,
  instrumentKinds,
  maintenanceSum,
  normalQuantile,
  notionalMarginRule,
  optionMarginRule,
  parametricVar,
  type EngineSetup,
  type Instrument,
  type ResolvedPosition,
  type UnderfundedEvent,
} from '../../src/index.js';

/**
 * The factor attribution of the margin backtest on constructed paths where only volatility, only
 * correlation, or both change after the step of the exceedance, each checked against the hand computation
 * of the parametric VaR requirement and its two-factor Shapley split.
 *
 * Two assets, 20 one-step log returns before step t = 20 and 20 after it, built from two ±1 patterns
 * x = (+1, −1, +1, −1, …) and y = (+1, +1, −1, −1, …): both have mean 0 and sample deviation √(20/19), and
 * they are orthogonal, so returns A = a·x, B = b·(ρx + √(1 − ρ²)·y) have sample deviations a·√(20/19),
 * b·√(20/19) and sample correlation exactly ρ. The rolling(20) estimate at t = 20 is therefore
 * (σ̂ = a√(20/19), ρ̂), and the realised inputs over t+1 … t+20 (realisedWindow 20, h = 1) are
 * (σ_r = a′√(20/19), ρ_r). After t both patterns are negated (the same moments, a loss first for the long book).
 *
 * Hand computation, long 1,000,000 of each asset, z = Φ⁻¹(0.99), cap 0.8:
 *   S(σ) = z (σ_A + σ_B) · 10⁶,  R_div(σ, ρ) = z √(σ_A² + σ_B² + 2ρσ_Aσ_B) · 10⁶,
 *   R(σ, ρ) = S − 0.8 · (S − R_div)  (R_div ≤ S always here),
 *   φ_σ = ½[(R(σ_r, ρ̂) − R(σ̂, ρ̂)) + (R(σ_r, ρ_r) − R(σ̂, ρ_r))],  φ_ρ = ½[(R(σ̂, ρ_r) − R(σ̂, ρ̂)) + (R(σ_r, ρ_r) − R(σ_r, ρ̂))].
 */
const N = 20;
const x = Array.from({ length: N }, (_, k) => (k % 2 === 0 ? 1 : -1));
const y = Array.from({ length: N }, (_, k) => (k % 4 < 2 ? 1 : -1));
const DEVIATION = Math.sqrt(N / (N - 1));
const z = normalQuantile(0.99);
const NOTIONAL = 1e6;
/** What every engine of these tests shares: ample capital, a one-step horizon, no fees, the realised window N. */
const ONE_STEP = {
  capital: 1e8,
  horizonSteps: 1,
  liquidation: { kind: 'full', buffer: 0.1, feeRate: 0 },
  openFeeRate: 0,
  fundingPerStep: 0,
  realisedWindow: N,
} as const;

function requirementByHand(sigmaA: number, sigmaB: number, rho: number): number {
  const standalone = z * (sigmaA + sigmaB) * NOTIONAL;
  const diversified = z * Math.sqrt(sigmaA * sigmaA + sigmaB * sigmaB + 2 * rho * sigmaA * sigmaB) * NOTIONAL;
  return standalone - 0.8 * (standalone - diversified);
}

interface Regime { a: number; b: number; rho: number }

/** Prices of A and B: 20 returns of `before`, then 20 of `after` with both patterns negated. */
function pricePath(before: Regime, after: Regime) {
  const rows = 2 * N + 1;
  const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2021, 0, 4) + t * 86_400_000);
  const A = new Float64Array(rows);
  const B = new Float64Array(rows);
  A[0] = 100;
  B[0] = 50;
  for (let s = 1; s < rows; s++) {
    const regime = s <= N ? before : after;
    const sign = s <= N ? 1 : -1;
    const k = (s - 1) % N;
    const ra = regime.a * sign * x[k];
    const rb = regime.b * sign * (regime.rho * x[k] + Math.sqrt(1 - regime.rho * regime.rho) * y[k]);
    A[s] = A[s - 1] * Math.exp(ra);
    B[s] = B[s - 1] * Math.exp(rb);
  }
  return { time, columns: [A, B] };
}

function positions(): ResolvedPosition[] {
  const linear = instrumentKinds.require('linear');
  return ['A', 'B'].map((asset, assetIndex) => ({
    asset,
    assetIndex,
    size: { notional: NOTIONAL },
    initialMarginRate: 0.1,
    maintenance: { kind: 'rate', rate: 0.05 },
    instrument: linear.build({ kind: 'linear', style: 'perpetual', multiplier: 1 }, { asset, underlying: assetIndex }) as Instrument,
    margin: notionalMarginRule(0.1, { kind: 'rate', rate: 0.05 }),
  }));
}

function exceedanceAt20(before: Regime, after: Regime): UnderfundedEvent {
  const setup: EngineSetup = {
    assets: ['A', 'B'],
    positions: positions(),
    modes: [
      { name: 'cross', kind: 'cross', method: maintenanceSum() },
      { name: 'portfolio-var', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 2, rules: { cap: 0.8, floor: 0, addOn: 0 } }) },
    ],
    estimator: new RollingCorrelationEstimator(2, N),
    ...ONE_STEP,
  };
  const { time, columns } = pricePath(before, after);
  const outcome = new MarginEngine(setup).run(time, columns, { collectEvents: true, recordSeries: false, recordHits: true });
  const event = eventsOf(outcome.events, 'underfunded').find((e) => e.step === N && e.mode === 'portfolio-var');
  expect(event, 'an exceedance at the step before the regime changes').toBeDefined();
  return event!;
}

/** The Shapley split by hand from the four requirements. */
function split(before: Regime, after: Regime) {
  const sHat = [before.a * DEVIATION, before.b * DEVIATION] as const;
  const sReal = [after.a * DEVIATION, after.b * DEVIATION] as const;
  const R = (s: readonly [number, number], rho: number) => requirementByHand(s[0], s[1], rho);
  const base = R(sHat, before.rho);
  const volatility = 0.5 * ((R(sReal, before.rho) - base) + (R(sReal, after.rho) - R(sHat, after.rho)));
  const correlation = 0.5 * ((R(sHat, after.rho) - base) + (R(sReal, after.rho) - R(sReal, before.rho)));
  return { base, volatility, correlation, realised: R(sReal, after.rho) };
}

function expectAttribution(event: UnderfundedEvent, before: Regime, after: Regime) {
  const hand = split(before, after);
  const tolerance = 1e-9 * hand.base;
  expect(event.requirement).toBeCloseTo(hand.base, 4);
  expect(Math.abs(event.volatilityPart! - hand.volatility)).toBeLessThan(tolerance);
  expect(Math.abs(event.correlationPart! - hand.correlation)).toBeLessThan(tolerance);
  expect(Math.abs(event.realisedRequirement! - hand.realised)).toBeLessThan(tolerance);
  // The parts add up: L − R = φ_σ + φ_ρ + residual.
  expect(event.volatilityPart! + event.correlationPart! + event.residual!).toBeCloseTo(event.loss - event.requirement, 6);
  expect(event.impliedVolatilityPart).toBe(0);
  expect(event.realisedSteps).toBe(N);
  expect(event.standaloneCovered).toBe(event.loss <= event.standaloneSum);
  return hand;
}

describe('factor attribution of an exceedance (parametric VaR, Shapley over volatility and correlation)', () => {
  it('only volatility changes (×3, ρ = −0.5 throughout): the whole change is volatility, φ_σ = 2·R_t, φ_ρ = 0', () => {
    const before = { a: 0.01, b: 0.01, rho: -0.5 };
    const after = { a: 0.03, b: 0.03, rho: -0.5 };
    const event = exceedanceAt20(before, after);
    const hand = expectAttribution(event, before, after);
    // R is homogeneous of degree 1 in σ: tripling every volatility triples R.
    expect(hand.volatility).toBeCloseTo(2 * hand.base, 6);
    expect(Math.abs(event.correlationPart!)).toBeLessThan(1e-9 * hand.base);
    expect(event.cause).toBe('volatility');
    expect(event.estimatedCorrelation).toBeCloseTo(-0.5, 12);
    expect(event.realisedCorrelation).toBeCloseTo(-0.5, 12);
  });

  it('only correlation changes (ρ −0.9 → +0.9, same volatility): the whole change is correlation, cause correlation_breakdown', () => {
    const before = { a: 0.01, b: 0.01, rho: -0.9 };
    const after = { a: 0.01, b: 0.01, rho: 0.9 };
    const event = exceedanceAt20(before, after);
    const hand = expectAttribution(event, before, after);
    expect(Math.abs(event.volatilityPart!)).toBeLessThan(1e-9 * hand.base);
    // Equal legs and σ: R = zσ·10⁶·(0.4 + 0.8√(2 + 2ρ)), so φ_ρ = zσ·10⁶·0.8·(√3.8 − √0.2).
    expect(hand.correlation).toBeCloseTo(z * 0.01 * DEVIATION * NOTIONAL * 0.8 * (Math.sqrt(3.8) - Math.sqrt(0.2)), 6);
    expect(event.cause).toBe('correlation_breakdown');
    // The old rule would say the same here (the loss stayed under the standalone sum); it is now a separate flag.
    expect(event.standaloneCovered).toBe(true);
  });

  it('both change, correlation more (σ ×2, ρ −0.9 → +0.9): φ_σ = ½(R̂ + R(σ̂, ρ_r)), φ_ρ = 3/2 (R(σ̂, ρ_r) − R̂), cause correlation_breakdown', () => {
    const before = { a: 0.01, b: 0.01, rho: -0.9 };
    const after = { a: 0.02, b: 0.02, rho: 0.9 };
    const event = exceedanceAt20(before, after);
    const hand = expectAttribution(event, before, after);
    const atRealisedRho = requirementByHand(0.01 * DEVIATION, 0.01 * DEVIATION, 0.9);
    expect(hand.volatility).toBeCloseTo(0.5 * (hand.base + atRealisedRho), 6);
    expect(hand.correlation).toBeCloseTo(1.5 * (atRealisedRho - hand.base), 6);
    expect(event.correlationPart!).toBeGreaterThan(event.volatilityPart!);
    expect(event.cause).toBe('correlation_breakdown');
  });

  it('both change, volatility more (σ ×4, ρ −0.9 → +0.9): cause volatility although the correlation part is positive', () => {
    const before = { a: 0.01, b: 0.01, rho: -0.9 };
    const after = { a: 0.04, b: 0.04, rho: 0.9 };
    const event = exceedanceAt20(before, after);
    const hand = expectAttribution(event, before, after);
    const atRealisedRho = requirementByHand(0.01 * DEVIATION, 0.01 * DEVIATION, 0.9);
    expect(hand.volatility).toBeCloseTo(1.5 * (hand.base + atRealisedRho), 6);
    expect(hand.correlation).toBeCloseTo(2.5 * (atRealisedRho - hand.base), 6);
    expect(event.correlationPart!).toBeGreaterThan(0);
    expect(event.volatilityPart!).toBeGreaterThan(event.correlationPart!);
    expect(event.cause).toBe('volatility');
  });

  it('correlation moving in the book’s favour is never a correlation breakdown, even when L ≤ S', () => {
    // Long/long, ρ from +0.3 to −0.3 (a better hedge) while volatility ×3: φ_ρ < 0.
    const before = { a: 0.01, b: 0.01, rho: 0.3 };
    const after = { a: 0.03, b: 0.03, rho: -0.3 };
    const event = exceedanceAt20(before, after);
    expectAttribution(event, before, after);
    expect(event.correlationPart!).toBeLessThan(0);
    expect(event.cause).toBe('volatility');
  });
});

/**
 * Ten short puts (×100, struck 3 % below the price at opening, 60 days) with margin `margin`, opened at step N
 * on 2N + 1 daily steps of the ±0.5 % pattern from 2,700, implied volatility 15 % up to step N and 40 % after,
 * in one mode with a one-step horizon: the underfunded event at step N and the path's prices.
 */
function shortPutExceedance(mode: EngineSetup['modes'][number], estimator: EngineSetup['estimator'], margin: ResolvedPosition['margin']) {
  const rows = 2 * N + 1;
  const DAY = 86_400_000;
  const time = Float64Array.from({ length: rows }, (_, t) => Date.UTC(2018, 0, 2) + t * DAY);
  const spot = new Float64Array(rows);
  spot[0] = 2700;
  for (let s = 1; s < rows; s++) spot[s] = spot[s - 1] * Math.exp(0.005 * x[(s - 1) % N]);
  const iv = Float64Array.from({ length: rows }, (_, t) => (t <= N ? 0.15 : 0.4));
  const instrument = instrumentKinds.require('option').build(
    { kind: 'option', right: 'put', strikePct: 0.97, tenorDays: 60, multiplier: 100, model: 'black-scholes' }, { asset: 'SPX', underlying: 0 }) as Instrument;
  const position: ResolvedPosition = {
    asset: 'SPX', assetIndex: 0, size: { quantity: -10 }, initialMarginRate: 0.2, maintenance: { kind: 'rate', rate: 0.1 }, instrument, margin,
  };
  const engine = new MarginEngine({
    assets: ['SPX'],
    positions: [position],
    modes: [mode],
    estimator,
    ...ONE_STEP,
    openStep: N,
  });
  const outcome = engine.run(time, [spot], { collectEvents: true, recordSeries: false, recordHits: true, impliedVol: [iv] });
  const event = eventsOf(outcome.events, 'underfunded').find((e) => e.step === N)!;
  expect(event).toBeDefined();
  return { event, spot };
}

describe('factor attribution of an option book: the implied-volatility factor', () => {
  /**
   * A short put (10 contracts × 100) margined by parametric VaR with a fixed estimate σ̂ = the realised
   * one-step volatility of the path (±0.5 % a step: sample deviation 0.005·√(20/19)), so the volatility part
   * is ~0; one asset, so the correlation part is exactly 0. The implied volatility jumps from 15 % to 40 %
   * after t: the put's delta, and so the book's exposure e = q·m·Δ·S, grows.
   *
   * Hand computation with one position: R = S = z·σ·|e| (the cap cannot bind), a product, so the Shapley
   * parts of R(σ_r, e_r) − R(σ̂, ê) are φ_σ = ½ z (σ_r − σ̂)(|ê| + |e_r|) and φ_iv = ½ z (|e_r| − |ê|)(σ̂ + σ_r),
   * with e from the Black–Scholes delta at the step's price and time and each implied volatility.
   */
  it('attributes the jump in implied volatility to implied_volatility', () => {
    const sigmaHat = 0.005 * DEVIATION;
    const estimator = {
      label: 'fixed', n: 1, warmup: 0, update() {}, ready: () => true, reset() {},
      estimate: () => ({ n: 1, correlation: Float64Array.of(1), volatility: Float64Array.of(sigmaHat), repairDistance: 0, repaired: false }),
    };
    const mode = { name: 'portfolio-var', kind: 'portfolio', method: parametricVar({ confidence: 0.99, horizonSteps: 1, assets: 1, rules: { cap: 0.8, floor: 0, addOn: 0 } }) } as const;
    const { event, spot } = shortPutExceedance(mode, estimator, notionalMarginRule(0.2, { kind: 'rate', rate: 0.1 }));

    const greeks = createOptionGreeks();
    const K = 0.97 * spot[N];
    const T = 60 / 365;
    const exposure = (vol: number) => -10 * 100 * blackScholes('put', spot[N], K, T, 0, 0, vol, greeks).delta * spot[N];
    const eHat = Math.abs(exposure(0.15));
    const eReal = Math.abs(exposure(0.4));
    const sigmaReal = 0.005 * DEVIATION; // the same ±0.5 % pattern after t
    const volatilityPart = 0.5 * z * (sigmaReal - sigmaHat) * (eHat + eReal);
    const impliedPart = 0.5 * z * (eReal - eHat) * (sigmaHat + sigmaReal);
    expect(event.requirement).toBeCloseTo(z * sigmaHat * eHat, 6);
    expect(Math.abs(event.volatilityPart! - volatilityPart)).toBeLessThan(1e-9 * event.requirement);
    expect(event.correlationPart).toBe(0);
    expect(event.impliedVolatilityPart!).toBeCloseTo(impliedPart, 6);
    expect(event.impliedVolatilityPart!).toBeGreaterThan(0);
    expect(event.cause).toBe('implied_volatility');
  });
});

describe('factor attribution under a maintenance sum: an option position\'s maintenance moves with its implied volatility', () => {
  /**
   * The same short put (10 contracts × 100, K = 0.97 S, 60 days) in a cross pool whose requirement is the
   * strategy-based rule with small rates (a = 2 %, minimum 1 % of K, so the one-step loss of the volatility
   * jump exceeds it): R = 10 · 100 · (V(σ) + max(0.02 S − OTM, 0.01 K)), OTM = S − K = 0.03 S, so the bracket is
   * 0.01 K. The rule reads no volatility or correlation estimate; the only factor is implied volatility, and
   * with one factor its Shapley part is the whole change: φ_iv = R(σ = 40 %) − R(σ = 15 %) = 1000 (V₄₀ − V₁₅).
   * Before, the maintenance sum declared no factor, and this exceedance was `volatility` with parts 0.
   */
  it('re-runs the rule on the book marked at the realised implied volatility: cause implied_volatility', () => {
    const rule = { name: 'test', underlyingRate: 0.02, minimumRate: 0.01 };
    const mode = { name: 'cross', kind: 'cross', method: maintenanceSum() } as const;
    const { event, spot } = shortPutExceedance(mode, new RollingCorrelationEstimator(1, N), optionMarginRule(rule));

    const greeks = createOptionGreeks();
    const S = spot[N];
    const K = 0.97 * S;
    const T = 60 / 365;
    const value = (vol: number) => blackScholes('put', S, K, T, 0, 0, vol, greeks).value;
    const requirement = (vol: number) => 10 * 100 * (value(vol) + Math.max(0.02 * S - (S - K), 0.01 * K));
    expect(event.requirement).toBeCloseTo(requirement(0.15), 6);
    expect(event.volatilityPart).toBe(0);
    expect(event.correlationPart).toBe(0);
    expect(Math.abs(event.impliedVolatilityPart! - (requirement(0.4) - requirement(0.15)))).toBeLessThan(1e-9 * event.requirement);
    expect(event.impliedVolatilityPart!).toBeGreaterThan(0);
    expect(event.cause).toBe('implied_volatility');
  });
});
