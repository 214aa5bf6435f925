import { normalSource } from '../linalg/support.js';

export interface DccSimulation {
  readonly rows: number[][];
}

/**
 * Simulates DCC(1,1)–GARCH(1,1) returns (Engle 2002), zero mean: R_t = normalised Q_t,
 * z_t = chol(R_t)·ε_t with ε_t iid N(0, I) from the seeded generator, r_t,i = σ_t,i·z_t,i,
 * σ²_{t+1,i} = ω_i + α_i·r²_t,i + β_i·σ²_t,i, Q_{t+1} = (1 − a − b)·Q̄ + a·z_t·z_tᵀ + b·Q_t, Q_0 = Q̄.
 */
export function simulateDcc(
  steps: number,
  seed: number,
  { a, b, qBar, garch }: { a: number; b: number; qBar: number[][]; garch: { alpha: number; beta: number; variance: number }[] },
): number[][] {
  const n = qBar.length;
  const next = normalSource(seed);
  const q = qBar.map((row) => [...row]);
  const variance = garch.map((g) => g.variance);
  const rows: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const r = q.map((row, i) => row.map((v, j) => v / Math.sqrt(q[i][i] * q[j][j])));
    // Cholesky of the 3×3 (or n×n) correlation, written out plainly.
    const l = Array.from({ length: n }, () => new Array(n).fill(0));
    for (let j = 0; j < n; j++) {
      let d = r[j][j];
      for (let k = 0; k < j; k++) d -= l[j][k] ** 2;
      l[j][j] = Math.sqrt(d);
      for (let i = j + 1; i < n; i++) {
        let s = r[i][j];
        for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
        l[i][j] = s / l[j][j];
      }
    }
    const e = Array.from({ length: n }, () => next());
    const z = l.map((row) => row.reduce((s, v, k) => s + v * e[k], 0));
    const ret = z.map((zi, i) => Math.sqrt(variance[i]) * zi);
    rows.push(ret);
    garch.forEach((g, i) => {
      variance[i] = g.variance * (1 - g.alpha - g.beta) + g.alpha * ret[i] ** 2 + g.beta * variance[i];
    });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i][j] = (1 - a - b) * qBar[i][j] + a * z[i] * z[j] + b * q[i][j];
  }
  return rows;
}

export const TRUE_DCC = {
  a: 0.05,
  b: 0.9,
  qBar: [
    [1, 0.5, 0.3],
    [0.5, 1, 0.4],
    [0.3, 0.4, 1],
  ],
  garch: [
    { alpha: 0.05, beta: 0.9, variance: 1e-4 },
    { alpha: 0.08, beta: 0.88, variance: 2e-4 },
    { alpha: 0.1, beta: 0.85, variance: 4e-4 },
  ],
};
