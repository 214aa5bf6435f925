/** Test-only helpers: a seeded PRNG (no Math.random) and small matrix checks. */
import { symmetricEigen } from '../../src/index.js';

/** mulberry32 (Tommy Ettinger's 32-bit generator): uniform in [0, 1), deterministic from `seed`. */
export function uniformSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals by Box–Muller from `uniformSource(seed)`. */
export function normalSource(seed: number): () => number {
  const uniform = uniformSource(seed);
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function smallestEigenvalue(a: Float64Array, n: number): number {
  return symmetricEigen(a, n).values[0];
}

/** Symmetric, exactly unit diagonal, entries in [−1, 1], smallest eigenvalue ≥ −1e-10. */
export function isValidCorrelation(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    if (a[i * n + i] !== 1) return false;
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] !== a[j * n + i] || !(Math.abs(a[i * n + j]) <= 1)) return false;
    }
  }
  return smallestEigenvalue(a, n) >= -1e-10;
}

/** `L·Lᵀ` of a row-major lower-triangular factor. */
export function multiplyLowerByTranspose(l: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
      out[i * n + j] = s;
    }
  }
  return out;
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** Random correlation matrix from `m` random factor loadings per asset (PSD by construction). */
export function randomCorrelation(n: number, m: number, next: () => number): Float64Array {
  const loadings = Array.from({ length: n * m }, () => next());
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += loadings[i * m + k] * loadings[j * m + k];
      c[i * n + j] = s;
    }
  }
  const d = Array.from({ length: n }, (_, i) => Math.sqrt(c[i * n + i]));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = i === j ? 1 : c[i * n + j] / (d[i] * d[j]);
  return c;
}
