/**
 * What is held: a contract on one underlying asset. An instrument says what it is (kind, underlying,
 * multiplier, how it settles); its pricer (src/valuation) says what it is worth; margin rules say how
 * much collateral it needs. QuantLib keeps instrument and pricing engine apart the same way.
 */
export interface Instrument {
  /** The instrument kind, a key of `instrumentKinds` (e.g. `linear`). */
  readonly kind: string;
  /** Human-readable identity, e.g. `DAX` or `SPX put K=0.95·S 30d`. */
  readonly id: string;
  /** Name of the underlying asset (a column of the market data). */
  readonly asset: string;
  /** Index of the underlying in the run's asset list. */
  readonly underlying: number;
  /** Units of the underlying per unit of quantity (contract multiplier). */
  readonly multiplier: number;
  /** `none`: marked to market for ever (spot, perpetual); `cash`: settled in cash at expiry. */
  readonly settlement: 'none' | 'cash';
  /**
   * Number of contract terms the book keeps per lane for one position of this instrument (strike,
   * expiry, …: terms a roll changes and a lane's path decides). 0 for linear instruments.
   */
  readonly termCount: number;
}
