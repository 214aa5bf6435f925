import * as z from 'zod';
import { estimatorKinds, type CorrelationEstimate, type CorrelationEstimator } from '../../src/index.js';

/**
 * A toy correlation estimator, defined outside src/: every pair has correlation `rho` (valid for
 * 0 ≤ rho < 1), and each asset's one-step volatility is the zero-mean root mean square of the returns fed so far.
 */
export const EQUICORRELATION = 'equicorrelation';

export class EquicorrelationEstimator implements CorrelationEstimator {
  readonly label: string;
  readonly warmup: number;
  private readonly squares: Float64Array;
  private fed = 0;
  private readonly out: CorrelationEstimate;

  constructor(readonly n: number, rho: number, warmup: number) {
    this.label = `equicorrelation(${rho})`;
    this.warmup = warmup;
    this.squares = new Float64Array(n);
    const correlation = new Float64Array(n * n).fill(rho);
    for (let i = 0; i < n; i++) correlation[i * n + i] = 1;
    this.out = { n, correlation, volatility: new Float64Array(n), repairDistance: 0, repaired: false };
  }

  update(returns: ArrayLike<number>): void {
    for (let i = 0; i < this.n; i++) this.squares[i] += returns[i] * returns[i];
    this.fed++;
  }

  ready(): boolean {
    return this.fed >= this.warmup;
  }

  estimate(): CorrelationEstimate {
    for (let i = 0; i < this.n; i++) (this.out.volatility as Float64Array)[i] = Math.sqrt(this.squares[i] / Math.max(this.fed, 1));
    return this.out;
  }

  reset(): void {
    this.squares.fill(0);
    this.fed = 0;
  }
}

export function registerEquicorrelation(): void {
  estimatorKinds.register({
    kind: EQUICORRELATION,
    description: 'every pair at correlation rho, volatility the root mean square of the returns so far (toy estimator)',
    schema: () => z.object({ kind: z.literal(EQUICORRELATION), rho: z.number().min(0).lt(1), warmup: z.number().int().min(2) }).strict(),
    create: (spec, n) => new EquicorrelationEstimator(n, spec.rho as number, spec.warmup as number),
  });
}
