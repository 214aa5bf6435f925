import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCalibration, type CalibrationResult } from '../../src/index.js';

/**
 * The random books of `xmargin calibrate` are scaled to the scenario book's gross notional at the opening,
 * Σ |q · S · ∂V/∂S| (what the engine calls the gross). It was Σ |notional, or quantity × price|: a quantity's
 * multiplier was left out (100 contracts of ×100 counted as 100 units), a hedge's size was undefined (NaN:
 * "grossNotional: expected a positive gross notional, got NaN"), an option counted at the price of its
 * underlying. Each case below computes the gross by hand from the data rows.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xm-gross-'));

/** The close of `column` on `date` in a bundled CSV, as written. */
function priceOn(file: string, date: string, column: string): number {
  const [header, ...lines] = readFileSync(join(root, file), 'utf8').trim().split('\n');
  const row = lines.find((l) => l.startsWith(`${date},`));
  if (!row) throw new Error(`${file} has no row ${date}`);
  return Number(row.split(',')[header.split(',').indexOf(column)]);
}

async function calibrate(name: string, scenario: object): Promise<CalibrationResult> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return (await runCalibration(file, { grid: { ewma: [0.94] }, portfolios: 2, seed: 5, threads: 1, write: false })).result;
}

const grossOf = (book: { positions: readonly { notional?: number }[] }) => book.positions.reduce((s, p) => s + Math.abs(p.notional!), 0);

describe('calibrate: the random books carry the scenario book\'s gross notional', () => {
  it('a linear leg with multiplier 100: 20 units count as 2,000 of multiplier 1 (was: as 20)', async () => {
    const book = (multiplier: number, quantity: number) => ({
      name: `eu-m${multiplier}`,
      data: { file: join(root, 'data/eustockmarkets.csv'), from: '1995-06-01', to: '1998-12-31' },
      portfolio: { capital: 1.5e6, openAt: '1997-01-02', positions: [
        { asset: 'DAX', instrument: { kind: 'linear', multiplier }, quantity, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -3_000_000, leverage: 10, maintenanceRate: 0.05 },
      ] },
      margin: { modes: [{ kind: 'portfolio', name: 'portfolio-var', method: 'parametric-var' }] },
    });
    const one = await calibrate('m1', book(1, 2000));
    const hundred = await calibrate('m100', book(100, 20));
    expect(one.inputs.openTime.slice(0, 10)).toBe('1997-01-02');
    // By hand: 2,000 DAX units at the opening close, plus the CAC short's 3,000,000.
    const dax = priceOn('data/eustockmarkets.csv', '1997-01-02', 'DAX');
    expect(dax).toBe(2820.81);
    const gross = 2000 * dax + 3_000_000; // 8,641,620
    for (const result of [one, hundred]) {
      for (const random of result.inputs.books.slice(1)) expect(Math.abs(grossOf(random) - gross)).toBeLessThanOrEqual(0.006);
    }
    // Before the fix the ×100 book's random books summed to 20 × 2,820.81 + 3,000,000 = 3,056,416.20.
    expect(hundred.inputs.books.slice(1)).toEqual(one.inputs.books.slice(1));
    // Everything scored on them follows: the random books' rows are the same number for number.
    const random = (r: CalibrationResult) => r.rows.filter((row) => row.book !== 'scenario');
    expect(random(hundred)).toEqual(random(one));
    expect(random(one).length).toBe(2);
  });

  it('a delta-hedged short put book: 2 × |q · m · S · Δ| at the opening (was: NaN from the hedge)', async () => {
    const book = (multiplier: number) => ({
      name: `puts-m${multiplier}`,
      data: { files: [{ file: join(root, 'data/sp500_ohlc.csv') }, { file: join(root, 'data/vix.csv'), missing: 'ffill' }], from: '2016-01-04', to: '2017-06-30' },
      market: { impliedVol: { close: { column: 'VIX', scale: 0.01 } } },
      portfolio: { capital: 1e7, openAt: '2017-01-03', positions: [
        { asset: 'close', hedge: { group: 'puts' }, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'close', instrument: { kind: 'option', right: 'put', strikePct: 0.95, tenorDays: 30, multiplier }, quantity: -20_000 / multiplier, group: 'puts' },
      ] },
      margin: { modes: [{ kind: 'portfolio', name: 'portfolio-var', method: 'parametric-var' }] },
    });
    const hundred = await calibrate('puts-m100', book(100));
    const one = await calibrate('puts-m1', book(1));
    expect(hundred.inputs.openTime.slice(0, 10)).toBe('2017-01-03');
    // By hand (rate and carry 0, flat smile): S = 2,257.83, σ = 12.85 / 100, T = 30/365, K = 0.95 S,
    // d₁ = (ln(S/K) + σ²T/2) / (σ√T) = 1.41075…, put delta Δ = −Φ(−d₁) = −0.0791587; the put book's dollar delta
    // is −200 × 100 × S × Δ = +3,574,536.41 and the hedge's the opposite, so the gross is twice it: 7,149,072.83.
    const S = priceOn('data/sp500_ohlc.csv', '2017-01-03', 'close');
    const sigma = priceOn('data/vix.csv', '2017-01-03', 'VIX') / 100;
    expect([S, sigma]).toEqual([2257.83, 0.1285]);
    const T = 30 / 365;
    const d1 = (Math.log(1 / 0.95) + (sigma * sigma * T) / 2) / (sigma * Math.sqrt(T));
    const delta = -normalCdf(-d1);
    expect(delta).toBeCloseTo(-0.0791586703, 9);
    const gross = 2 * Math.abs(-200 * 100 * S * delta);
    expect(gross).toBeCloseTo(7_149_072.825, 2);
    for (const result of [hundred, one]) {
      for (const random of result.inputs.books.slice(1)) expect(Math.abs(grossOf(random) - gross)).toBeLessThanOrEqual(0.006);
    }
    expect(one.inputs.books.slice(1)).toEqual(hundred.inputs.books.slice(1));
  });
});

/**
 * Φ(x) by Marsaglia's series (J. Stat. Software 11(4), 2004): Φ(x) = ½ + φ(x) (x + x³/3 + x⁵/(3·5) + …),
 * summed until the term no longer changes the sum; independent of the library's Cody approximation.
 */
function normalCdf(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 3; sum + term !== sum || k < 10; k += 2) {
    term *= (x * x) / k;
    sum += term;
  }
  return 0.5 + sum * Math.exp(-0.5 * x * x - 0.5 * Math.log(2 * Math.PI));
}
