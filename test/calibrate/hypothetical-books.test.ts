import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, drawHypotheticalBooks, type BookDrawOptions } from '../../src/index.js';

const assets = ['DAX', 'SMI', 'CAC', 'FTSE', 'AEX', 'IBEX'];
const template = { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 };
const base: BookDrawOptions = { assets, count: 12, seed: 7, grossNotional: 10_000_000, template, maxLegs: 5 };

describe('drawHypotheticalBooks', () => {
  it('draws the same books for the same seed, and other books for another seed', () => {
    const a = drawHypotheticalBooks(base);
    const b = drawHypotheticalBooks(base);
    expect(b).toEqual(a);
    const c = drawHypotheticalBooks({ ...base, seed: 8 });
    expect(c).not.toEqual(a);
  });

  it('book k depends only on (seed, k): drawing fewer books gives a prefix', () => {
    const all = drawHypotheticalBooks(base);
    const few = drawHypotheticalBooks({ ...base, count: 4 });
    expect(few).toEqual(all.slice(0, 4));
    expect(all.map((b) => b.name).slice(0, 3)).toEqual(['book-01', 'book-02', 'book-03']);
  });

  it('follows the documented scheme draw by draw on the stream Rng(seed, k)', () => {
    // Independent re-statement of the README's recipe for book k = 3 of seed 1: legs, assets, signs, weights.
    const rng = new Rng(1, 3);
    const legs = 2 + rng.nextInt(base.maxLegs! - 1);
    const order = assets.map((_, i) => i);
    for (let i = 0; i < legs; i++) {
      const j = i + rng.nextInt(order.length - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const signs = Array.from({ length: legs }, () => (rng.nextFloat() < 0.5 ? 1 : -1));
    if (signs.every((s) => s === signs[0])) signs[legs - 1] *= -1;
    const weights = Array.from({ length: legs }, () => 0.2 + 0.8 * rng.nextFloat());
    const total = weights.reduce((s, w) => s + w, 0);
    const third = drawHypotheticalBooks({ ...base, seed: 1, count: 3 })[2];
    expect(third.positions.map((p) => p.asset)).toEqual(order.slice(0, legs).map((i) => assets[i]));
    third.positions.forEach((p, i) => {
      expect(Math.sign(p.notional!)).toBe(signs[i]);
      expect(Math.abs(p.notional!)).toBeCloseTo((base.grossNotional * weights[i]) / total, 1); // to the cent
    });
  });

  it('every book is a long/short book of 2…maxLegs distinct assets with the gross and margin terms asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 2, max: 6 }), (seed, maxLegs) => {
        const books = drawHypotheticalBooks({ ...base, seed, maxLegs, count: 5 });
        for (const book of books) {
          const legs = book.positions;
          expect(legs.length).toBeGreaterThanOrEqual(2);
          expect(legs.length).toBeLessThanOrEqual(maxLegs);
          expect(new Set(legs.map((p) => p.asset)).size).toBe(legs.length);
          expect(legs.some((p) => p.notional! > 0) && legs.some((p) => p.notional! < 0)).toBe(true);
          // Σ |notional| is the gross asked for, to the cent (the rounding residue sits on the last leg).
          const gross = legs.reduce((s, p) => s + Math.abs(p.notional!), 0);
          expect(Math.abs(gross - base.grossNotional)).toBeLessThan(0.005 * legs.length);
          // No leg below 0.2/(0.2 + (m − 1)·1) of the gross: the weight floor.
          for (const p of legs) {
            expect(Math.abs(p.notional!)).toBeGreaterThan((base.grossNotional * 0.2) / (0.2 + legs.length - 1) - 0.01);
            expect(p).toMatchObject({ leverage: 10, maintenanceRate: 0.05 });
            expect(p.quantity).toBeUndefined();
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('copies maintenance tiers and an initial-margin rate from the template', () => {
    const tiers = [{ upTo: 1e6, rate: 0.02, deduction: 0 }, { upTo: null, rate: 0.05, deduction: 30000 }];
    const [book] = drawHypotheticalBooks({ ...base, count: 1, template: { asset: 'X', quantity: 3, initialMarginRate: 0.1, maintenanceTiers: tiers } });
    for (const p of book.positions) expect(p).toMatchObject({ initialMarginRate: 0.1, maintenanceTiers: tiers });
  });

  it('rejects a data set with fewer than two assets', () => {
    expect(() => drawHypotheticalBooks({ ...base, assets: ['DAX'] })).toThrow(/at least 2 assets/);
  });
});
