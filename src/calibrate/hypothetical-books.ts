import { Rng } from '../core/rng.js';
import { inputError } from '../core/errors.js';
import type { PositionSpec } from '../scenario/scenario-schema.js';

/** A book the margin model is backtested on: the scenario's own (index 0) or a seeded random long/short one. */
export interface HypotheticalBook {
  /** `scenario` for the scenario's own book, `book-01`, `book-02`, … for the random ones. */
  readonly name: string;
  readonly positions: readonly PositionSpec[];
}

export interface BookDrawOptions {
  /** The assets legs are drawn from (the scenario data file's columns). */
  readonly assets: readonly string[];
  /** Number of random books. */
  readonly count: number;
  readonly seed: number;
  /** Σ |notional| of every book at opening (the scenario book's gross notional). */
  readonly grossNotional: number;
  /** Margin terms copied onto every leg: the scenario's first position (size fields are ignored). */
  readonly template: PositionSpec;
  /** Most legs a book may have (default 8, at most the number of assets). */
  readonly maxLegs?: number;
}

/** Smallest share of the gross a leg may carry before normalisation: no leg is negligible. */
const MIN_WEIGHT = 0.2;

/**
 * Seeded random long/short books, as clearing houses backtest margin models on hypothetical portfolios.
 * Book `k` (1-based) uses only the stream `Rng(seed, k)`, so it is the same whatever the count or order:
 *
 * 1. legs `m` uniform on {2, …, min(maxLegs, assets)};
 * 2. `m` distinct assets, uniformly without replacement (partial Fisher–Yates), in draw order;
 * 3. each leg long or short with probability ½; if all legs came out the same side, the last leg is
 *    flipped, so every book is long/short;
 * 4. weights `w_i` uniform on [0.2, 1), scaled so Σ |notional_i| = `grossNotional` (notionals rounded to
 *    cents, the residue put on the last leg);
 * 5. leverage or initial-margin rate and maintenance rate or tiers copied from `template`.
 */
export function drawHypotheticalBooks(options: BookDrawOptions): HypotheticalBook[] {
  const { assets, count, seed, grossNotional, template } = options;
  if (assets.length < 2) throw inputError(`hypothetical books need at least 2 assets in the data, got ${assets.length}`, { path: 'assets' });
  if (!Number.isSafeInteger(count) || count < 0) throw inputError(`expected a number of books ≥ 0, got ${count}`, { path: 'portfolios' });
  if (!(grossNotional > 0 && Number.isFinite(grossNotional))) throw inputError(`expected a positive gross notional, got ${grossNotional}`, { path: 'grossNotional' });
  const maxLegs = Math.min(options.maxLegs ?? 8, assets.length);
  if (!Number.isSafeInteger(maxLegs) || maxLegs < 2) throw inputError(`expected maxLegs ≥ 2, got ${options.maxLegs}`, { path: 'maxLegs' });
  const terms = marginTerms(template);
  const books: HypotheticalBook[] = [];
  const rng = new Rng(seed, 0);
  const order = assets.map((_, i) => i);
  for (let k = 1; k <= count; k++) {
    rng.reseed(seed, k);
    const legs = 2 + rng.nextInt(maxLegs - 1);
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = 0; i < legs; i++) {
      const j = i + rng.nextInt(order.length - i);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    const signs: number[] = [];
    for (let i = 0; i < legs; i++) signs.push(rng.nextFloat() < 0.5 ? 1 : -1);
    if (signs.every((s) => s === signs[0])) signs[legs - 1] = -signs[legs - 1];
    const weights: number[] = [];
    for (let i = 0; i < legs; i++) weights.push(MIN_WEIGHT + (1 - MIN_WEIGHT) * rng.nextFloat());
    const total = weights.reduce((s, w) => s + w, 0);
    const sizes = weights.map((w) => Math.round((grossNotional * w * 100) / total) / 100);
    sizes[legs - 1] = Math.round((grossNotional - sizes.slice(0, -1).reduce((s, x) => s + x, 0)) * 100) / 100;
    const positions = sizes.map((size, i) => ({ asset: assets[order[i]], notional: signs[i] * size, ...terms }) as PositionSpec);
    books.push({ name: `book-${String(k).padStart(2, '0')}`, positions });
  }
  return books;
}

/** The margin fields of a position (leverage or IM rate, maintenance rate or tiers), without its size. */
function marginTerms(p: PositionSpec): Partial<PositionSpec> {
  const terms: Record<string, unknown> = {};
  if (p.leverage !== undefined) terms.leverage = p.leverage;
  if (p.initialMarginRate !== undefined) terms.initialMarginRate = p.initialMarginRate;
  if (p.maintenanceRate !== undefined) terms.maintenanceRate = p.maintenanceRate;
  if (p.maintenanceTiers !== undefined) terms.maintenanceTiers = p.maintenanceTiers.map((t) => ({ ...t }));
  return terms as Partial<PositionSpec>;
}
