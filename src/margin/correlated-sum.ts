/**
 * `√(vᵀ ρ v)` over the assets marked in `held`: the risk of units whose standalone risks are `v`, combined
 * with the correlation matrix `ρ` (n × n, row-major) instead of added (ρ = 1 everywhere gives the sum; the
 * smaller the correlations, the larger the credit). Entries of unheld assets are ignored. O(n²), no allocation.
 */
export function correlatedSum(values: Float64Array, held: Uint8Array, correlation: ArrayLike<number>, n: number): number {
  let quad = 0;
  for (let i = 0; i < n; i++) {
    if (!held[i]) continue;
    const vi = values[i];
    if (vi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) if (held[j]) row += correlation[i * n + j] * values[j];
    quad += vi * row;
  }
  return Math.sqrt(quad > 0 ? quad : 0);
}
