/**
 * How a mode groups positions into collateral pools: `per-position` (isolated: one bucket per position,
 * funded with its initial margin out of the capital) or `shared` (cross and portfolio: one pool holding all
 * the capital). Cross vs isolated is this grouping, not a second code path.
 */
export type Pooling = 'per-position' | 'shared';

/** The member positions of each pool. */
export function poolMembers(pooling: Pooling, positions: number): number[][] {
  const all = Array.from({ length: positions }, (_, p) => p);
  return pooling === 'per-position' ? all.map((p) => [p]) : [all];
}
