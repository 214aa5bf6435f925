import type { Rng } from '../core/rng.js';

/**
 * Correlated standard normals: fills `z` with independent N(0, 1) draws (`Rng.nextNormal`, the ziggurat) and
 * writes `out = L·z`, where `L` is the lower-triangular correlation factor (row-major n × n), so
 * `Cov(out) = L·Lᵀ`. O(n²/2), no allocation.
 */
export function correlatedNormals(rng: Rng, factor: Float64Array, n: number, z: Float64Array, out: Float64Array): void {
  rng.fillNormals(z, 0, n);
  correlate(factor, n, z, 0, out);
}

/** `out = L·z` for the n independent normals at `z[from …]` (a step of a block of shocks drawn at once). */
export function correlate(factor: Float64Array, n: number, z: Float64Array, from: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += factor[row + j] * z[from + j];
    out[i] = sum;
  }
}
