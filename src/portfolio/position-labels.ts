import type { ResolvedPosition } from './position.js';

/**
 * How events and pools name each position: its asset when no other position holds that asset (every linear
 * book of distinct assets), else its instrument's id (`SPX put K=95%·S 30d`), and `#k` (its index) when even
 * that is not unique. Stable for a book, so names in events.csv identify positions.
 */
export function positionLabels(positions: readonly ResolvedPosition[]): string[] {
  const count = (key: (p: ResolvedPosition) => string) => {
    const seen = new Map<string, number>();
    for (const p of positions) seen.set(key(p), (seen.get(key(p)) ?? 0) + 1);
    return seen;
  };
  const byAsset = count((p) => p.asset);
  const byId = count((p) => p.instrument.id);
  return positions.map((p, k) => {
    if (byAsset.get(p.asset) === 1) return p.asset;
    const id = p.instrument.kind === 'linear' ? `${p.asset} ${p.hedge ? 'hedge' : 'linear'}` : p.instrument.id;
    return byId.get(p.instrument.id) === 1 || p.instrument.kind === 'linear' && p.hedge ? id : `${id} #${k}`;
  });
}
