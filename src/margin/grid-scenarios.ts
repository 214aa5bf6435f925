import type { GridSpec } from './grid-spec.js';

/**
 * A grid's scenarios flattened for the step loop: scenario `k` moves each risk unit's price by
 * `rangeMultiple[k] × (its price scan range)` — or, for a fixed move (Deribit's extended table), by
 * `fixedMove[k]` whatever the range (`rangeMultiple[k]` NaN) — and its implied volatility in direction
 * `volatility[k]` (−1, 0, +1) by the volatility scan range; `weight[k]` of the loss counts.
 */
export interface GridScenarios {
  readonly count: number;
  readonly rangeMultiple: Float64Array;
  readonly fixedMove: Float64Array;
  readonly volatility: Int8Array;
  readonly weight: Float64Array;
  /** Short names, e.g. `+1/3 up`, `-66% up`, `+2 none`: `<price> <volatility>`. */
  readonly labels: readonly string[];
}

/** Flatten a resolved grid (the fixed moves need `movesWeight`, checked by the caller). */
export function gridScenarios(grid: GridSpec): GridScenarios {
  const moves = grid.moves ?? [];
  const count = grid.scenarios.length + moves.length;
  const rangeMultiple = new Float64Array(count);
  const fixedMove = new Float64Array(count);
  const volatility = new Int8Array(count);
  const weight = new Float64Array(count);
  const labels: string[] = [];
  grid.scenarios.forEach((s, k) => {
    rangeMultiple[k] = s.price;
    fixedMove[k] = Number.NaN;
    volatility[k] = s.volatility;
    weight[k] = s.weight;
    labels.push(`${rangeLabel(s.price)} ${volatilityLabel(s.volatility)}`);
  });
  moves.forEach((m, j) => {
    const k = grid.scenarios.length + j;
    rangeMultiple[k] = Number.NaN;
    fixedMove[k] = m.move;
    volatility[k] = m.volatility;
    weight[k] = grid.movesWeight ?? Number.NaN;
    labels.push(`${moveLabel(m.move)} ${volatilityLabel(m.volatility)}`);
  });
  return { count, rangeMultiple, fixedMove, volatility, weight, labels };
}

/** `0`, `+1/3`, `-2/3`, `+1`, `+0.25`: a multiple of the price scan range (thirds written as fractions). */
export function rangeLabel(multiple: number): string {
  if (multiple === 0) return '0';
  const sign = multiple > 0 ? '+' : '-';
  const x = Math.abs(multiple);
  const thirds = Math.round(x * 3);
  if (Math.abs(x * 3 - thirds) < 1e-9 && thirds % 3 !== 0) return `${sign}${thirds}/3`;
  return `${sign}${+x.toPrecision(12)}`;
}

/** `-66%`, `+500%`: a fixed relative price move. */
export function moveLabel(move: number): string {
  return `${move > 0 ? '+' : move < 0 ? '-' : ''}${+(Math.abs(move) * 100).toPrecision(12)}%`;
}

export function volatilityLabel(direction: number): 'up' | 'none' | 'down' {
  return direction > 0 ? 'up' : direction < 0 ? 'down' : 'none';
}
