import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  XmarginError,
  blackScholes,
  compileScenario,
  createOptionGreeks,
  parseScenario,
  runCompiled,
  strategyBasedOptionMargin,
  type ScenarioRun,
  type TradeEvent,
} from '../../src/index.js';

const DAY = 86_400_000;
let dir: string;

/** Business days from 2020-01-02 with a gently oscillating index and an implied volatility column (in points). */
function writeData(rows: number): string {
  const lines = ['date,SPX,VOL'];
  let t = Date.UTC(2020, 0, 2);
  for (let i = 0; i < rows; i++) {
    while ([0, 6].includes(new Date(t).getUTCDay())) t += DAY;
    const spx = 3000 * Math.exp(0.03 * Math.sin(i / 9) - 0.0004 * i);
    const vol = 18 + 6 * Math.sin(i / 15) ** 2;
    lines.push(`${new Date(t).toISOString().slice(0, 10)},${spx.toFixed(4)},${vol.toFixed(4)}`);
    t += DAY;
  }
  const file = join(dir, 'spx.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function scenario(patch: (s: Record<string, any>) => void = () => {}): Record<string, any> {
  const s: Record<string, any> = {
    name: 'option-book',
    data: { file: join(dir, 'spx.csv') },
    market: { rate: 0.01, carry: { SPX: 0.02 }, impliedVol: { SPX: { column: 'VOL', scale: 0.01 } } },
    portfolio: {
      capital: 3_000_000,
      openAt: '2020-02-03',
      positions: [
        { asset: 'SPX', instrument: { kind: 'option', right: 'put', strikePct: 0.95, tenorDays: 30, multiplier: 100 }, quantity: -20, roll: 'expiry', group: 'puts' },
        { asset: 'SPX', hedge: { group: 'puts' }, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    margin: { horizonDays: 1, modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', name: 'pvar', method: 'parametric-var' }] },
    liquidation: { policy: 'full', buffer: 0.1, fee: 0 },
  };
  patch(s);
  return s;
}

function run(s: Record<string, any>): ScenarioRun {
  const file = join(dir, 'scenario.json');
  return runCompiled(compileScenario(parseScenario(s, file), file), { write: false });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-options-'));
  writeData(160);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('option books', () => {
  it('a delta hedge keeps the net dollar delta of the book at its target after every rebalance, in every mode still holding it', () => {
    const r = run(scenario());
    const series = r.outcome.series;
    for (const mode of ['cross', 'pvar']) {
      const delta = series.get(`${mode}.delta`)!;
      const open = series.get(`${mode}.open`)!;
      for (let t = r.outcome.openStep; t <= r.outcome.lastStep; t++) {
        if (open[t] === 2) expect(Math.abs(delta[t])).toBeLessThan(1e-6);
      }
    }
    expect(r.outcome.events.filter((e) => e.kind === 'trade' && (e as TradeEvent).action === 'rebalance').length).toBeGreaterThan(100);
  });

  it('settles at intrinsic value at the first step on or after expiry and opens the next contract at 95 % of the spot then', () => {
    const r = run(scenario());
    const trades = r.outcome.events.filter((e): e is TradeEvent => e.kind === 'trade' && e.mode === 'cross' && e.reason !== 'hedge');
    const spx = r.outcome.series.get('price.SPX')!;
    const time = r.outcome.series.get('time')!;
    const openTime = time[r.outcome.openStep];
    const settle = trades.find((e) => e.action === 'settle')!;
    // The first contract expires 30 calendar days after the opening; it settles at the first step on or after.
    expect(settle.expiry).toBe(openTime + 30 * DAY);
    const step = settle.step;
    expect(time[step]).toBeGreaterThanOrEqual(settle.expiry!);
    expect(time[step - 1]).toBeLessThan(settle.expiry!);
    const K = 0.95 * spx[r.outcome.openStep];
    expect(settle.strike).toBeCloseTo(K, 9);
    expect(settle.price).toBeCloseTo(100 * Math.max(K - spx[step], 0), 9);
    expect(settle.quantity).toBe(20);
    const reopened = trades.find((e) => e.action === 'open' && e.step === step)!;
    expect(reopened.strike).toBeCloseTo(0.95 * spx[step], 9);
    expect(reopened.expiry).toBe(time[step] + 30 * DAY);
    // Opened at the model value: Black–Scholes at the step's spot, implied vol, rate and carry, 30/365 years.
    const vol = r.outcome.series.get('iv.SPX')![step];
    const value = 100 * blackScholes('put', spx[step], 0.95 * spx[step], 30 / 365, 0.01, 0.02, vol, createOptionGreeks()).value;
    expect(reopened.price).toBeCloseTo(value, 9);
    expect(reopened.quantity).toBe(-20);
  });

  it('charges trade fees to equity and nothing else: equity with fees = equity without − the fees paid', () => {
    const free = run(scenario((s) => (s.portfolio.positions[0].roll = { everySteps: 10 })));
    const paid = run(scenario((s) => {
      s.portfolio.positions[0].roll = { everySteps: 10 };
      s.fees = { open: 0.001, fundingPerYear: 0, optionPerContract: 1.5, optionPremiumRate: 0.01 };
    }));
    const fees = paid.outcome.events.filter((e): e is TradeEvent => e.kind === 'trade' && e.mode === 'cross').reduce((sum, e) => sum + e.fee, 0);
    expect(fees).toBeGreaterThan(0);
    const last = paid.outcome.lastStep;
    const opening = paid.result.modes.find((m) => m.name === 'cross')!;
    expect(opening.liquidations).toBe(0);
    // Opening fees: 20 contracts × 1.5 + 1 % of the premium, and 0.1 % of the hedge's notional.
    const cross = (r: ScenarioRun) => r.outcome.series.get('cross.equity')![last];
    const openFees = paid.outcome.series.get('cross.equity')![paid.outcome.openStep] - free.outcome.series.get('cross.equity')![free.outcome.openStep];
    expect(cross(paid) - cross(free)).toBeCloseTo(openFees - fees, 6);
  });

  it('margins a short put in cross mode by the strategy-based rule at the step’s marks', () => {
    const r = run(scenario((s) => {
      s.portfolio.positions = [s.portfolio.positions[0]];
      delete s.portfolio.positions[0].group;
    }));
    const t = r.outcome.openStep + 7;
    const spx = r.outcome.series.get('price.SPX')![t];
    const time = r.outcome.series.get('time')!;
    const K = 0.95 * r.outcome.series.get('price.SPX')![r.outcome.openStep];
    const T = (time[r.outcome.openStep] + 30 * DAY - time[t]) / (365 * DAY);
    const value = blackScholes('put', spx, K, T, 0.01, 0.02, r.outcome.series.get('iv.SPX')![t], createOptionGreeks()).value;
    expect(r.outcome.series.get('cross.requirement')![t]).toBeCloseTo(strategyBasedOptionMargin('put', -20, 100, spx, K, value), 6);
  });

  it.each([
    ['strike ≤ 0', (s: any) => (s.portfolio.positions[0].instrument = { kind: 'option', right: 'put', strike: 0, tenorDays: 30 }), /positions\[0\]\.instrument\.strike: /],
    // Without the roll: a roll needs a tenor, and a fixed expiry with one is refused first (positions[0].roll).
    ['expiry on the opening date', (s: any) => {
      s.portfolio.positions[0].instrument = { kind: 'option', right: 'put', strikePct: 0.9, expiry: '2020-02-03' };
      delete s.portfolio.positions[0].roll;
    }, /positions\[0\]\.instrument\.expiry: expected an expiry after the opening/],
    ['tenor 0', (s: any) => (s.portfolio.positions[0].instrument.tenorDays = 0), /positions\[0\]\.instrument\.tenorDays: /],
    ['unknown right', (s: any) => (s.portfolio.positions[0].instrument.right = 'straddle'), /positions\[0\]\.instrument\.right: /],
    ['no implied-volatility column', (s: any) => delete s.market.impliedVol, /positions\[0\]\.instrument: an option on "SPX" needs its implied volatility/],
    ['a missing column', (s: any) => (s.market.impliedVol.SPX.column = 'VIX'), /market\.impliedVol\.SPX\.column: no column "VIX"/],
    ['a volatility above 500 %', (s: any) => (s.market.impliedVol.SPX.scale = 1), /spx\.csv: column "VOL" at 2020-01-02: expected an implied volatility in \(0, 500 %\]/],
    ['a hedge of no group', (s: any) => (s.portfolio.positions[1].hedge.group = 'calls'), /positions\[1\]\.hedge\.group: no position is in group "calls"; groups: puts/],
    ['a roll interval of 0', (s: any) => (s.portfolio.positions[0].roll = { everySteps: 0 }), /positions\[0\]\.roll/],
    ['a size on a hedge', (s: any) => (s.portfolio.positions[1].notional = 1e6), /positions\[1\]\.notional: not allowed/],
    ['a leverage on an option', (s: any) => (s.portfolio.positions[0].leverage = 5), /positions\[0\]\.leverage: not allowed/],
  ])('refuses %s with a located error', (_, patch, message) => {
    let error: unknown;
    try {
      run(scenario(patch));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmarginError);
    expect((error as XmarginError).message).toMatch(message);
    expect((error as XmarginError).code).not.toBe('E_INTERNAL');
  });
});
