import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { MarginMethod } from '../margin/margin-method.js';
import type { Pooling } from '../margin/pooling.js';

/**
 * A margin mode: a grouping of positions into collateral pools plus one requirement method. `kind` is the
 * label reports and gate selectors use (`isolated`, `cross`, `portfolio`, or a registered kind); `pooling`
 * decides the pools (default: `per-position` for kind `isolated`, else `shared`).
 */
export interface ModeDefinition {
  readonly name: string;
  readonly kind: string;
  readonly method: MarginMethod;
  readonly pooling?: Pooling;
  /** This mode's liquidation policy (a venue's rule, the mode's own settings); default the run's. */
  readonly liquidation?: LiquidationPolicy;
  /** `close`: check at the close only even where the run has bars; default: at the bars where given. */
  readonly check?: 'close' | 'intrabar';
}

/** The pooling of a mode definition, with the default for definitions written before pooling existed. */
export function poolingOf(mode: ModeDefinition): Pooling {
  return mode.pooling ?? (mode.kind === 'isolated' ? 'per-position' : 'shared');
}
