/**
 * Empirical VaR / expected shortfall of a sample of losses (positive = loss), without sorting the whole
 * sample: Hoare quickselect on a scratch copy, O(L) expected.
 *
 * Convention (stated in the README): with `L` losses and confidence `α`, let `k = ⌊L(1 − α)⌋`.
 * VaR is the `(k + 1)`-th largest loss, so exactly `k` scenarios exceed it (absent ties);
 * ES is the mean of the `max(k, 1)` largest losses. For L = 500, α = 99 %: VaR = 6th largest, ES = mean of the 5 largest.
 */
export function tailLoss(losses: Float64Array, confidence: number, measure: 'var' | 'es', scratch: Float64Array): number {
  const n = losses.length;
  const k = Math.floor(n * (1 - confidence) + 1e-9);
  const work = scratch.subarray(0, n);
  work.set(losses);
  if (measure === 'var') {
    const rank = Math.min(k, n - 1); // 0-based index in descending order
    select(work, rank);
    return work[rank];
  }
  const m = Math.max(1, Math.min(k, n));
  select(work, m - 1);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += work[i];
  return sum / m;
}

/** Rearranges `a` so that `a[rank]` is the element of that rank in descending order, larger ones before it. */
function select(a: Float64Array, rank: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return;
  }
}

/**
 * The same VaR / ES convention read off a sample of returns already sorted ascending, for a position whose
 * loss is `−r` per unit (long, `lowerTail`) or `+r` per unit (short). Returns the loss per unit of
 * absolute exposure; O(1) for VaR, O(k) for ES.
 */
export function tailOfSorted(sorted: Float64Array, confidence: number, measure: 'var' | 'es', lowerTail: boolean): number {
  const n = sorted.length;
  const k = Math.floor(n * (1 - confidence) + 1e-9);
  if (measure === 'var') {
    const rank = Math.min(k, n - 1);
    return lowerTail ? -sorted[rank] : sorted[n - 1 - rank];
  }
  const m = Math.max(1, Math.min(k, n));
  let sum = 0;
  if (lowerTail) for (let i = 0; i < m; i++) sum -= sorted[i];
  else for (let i = n - m; i < n; i++) sum += sorted[i];
  return sum / m;
}
