import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Row-major `n × n`; column `k` is the unit eigenvector of `values[k]`, so `A = V·diag(values)·Vᵀ`. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric row-major `n × n` matrix (only symmetry is assumed, not checked)
 * by Householder tridiagonalisation and the implicit QL algorithm (tred2/tql2, as in JAMA), through
 * ml-matrix's `EigenvalueDecomposition`, which is much faster than mathjs here. O(n³).
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const input = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) input.set(i, j, a[i * n + j]);
  }
  const decomposition = new EigenvalueDecomposition(input, { assumeSymmetric: true });
  const values = Float64Array.from(decomposition.realEigenvalues);
  const v = decomposition.eigenvectorMatrix;
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) vectors[i * n + j] = v.get(i, j);
  }
  // tql2 returns ascending eigenvalues; keep the documented order even if that ever changes.
  for (let k = 1; k < n; k++) {
    if (values[k] < values[k - 1]) return sortAscending(values, vectors, n);
  }
  return { values, vectors };
}

function sortAscending(values: Float64Array, vectors: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, k) => k).sort((p, q) => values[p] - values[q]);
  const sortedValues = new Float64Array(n);
  const sortedVectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from];
    for (let i = 0; i < n; i++) sortedVectors[i * n + to] = vectors[i * n + from];
  });
  return { values: sortedValues, vectors: sortedVectors };
}
