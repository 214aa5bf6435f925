import type * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { Instrument } from '../instruments/instrument.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import type { ResolvedVenuePreset } from '../venues/load-venue-preset.js';
import type { DiversificationRules } from './diversification.js';
import type { MarginMethod } from './margin-method.js';

/** What a method is built against: the run's settings, resolved. */
export interface MethodContext {
  /** Confidence `α` of the risk measure. */
  readonly confidence: number;
  /** Margin period of risk `h` in steps. */
  readonly horizonSteps: number;
  /** Number of assets (columns of the path). */
  readonly assets: number;
  /** Number of positions of the book. */
  readonly positions: number;
  /** Asset names in engine order (methods with per-asset parameters resolve them by name). */
  readonly assetNames?: readonly string[];
  /** The positions' instruments, in book order (methods that need a volatility input check for options). */
  readonly instruments?: readonly Instrument[];
  /** The positions themselves (instruments and own margin rules): venue rules are built per position. */
  readonly book?: readonly ResolvedPosition[];
  /**
   * The version of a venue preset in force on a date (the scenario layer reads the files; a method never
   * does). Absent where no preset can be read: a mode naming a venue is then refused.
   */
  readonly venuePreset?: (name: string, asOf: string) => ResolvedVenuePreset;
  /** JSON path of the mode being built (e.g. `margin.modes[2]`), for located errors. */
  readonly path?: string;
  /** What a scenario knows about its data beyond the path (add-ons that read a stress period or a long lookback use it). */
  readonly data?: MethodData;
}

/** The data behind a run, for methods and add-ons that look beyond the path's own rows. */
export interface MethodData {
  /** The book's assets in engine order (the columns of the path and of `history`). */
  readonly assets: readonly string[];
  /** Steps per year of the data's frequency (252 for business-daily). */
  readonly periodsPerYear: number;
  /** Rows of the historical path (a Monte Carlo path is the history's tail followed by synthetic steps). */
  readonly rows: number;
  /** Step at which the scenario opens the book, when it says (`openAt`); else the first step every model is ready. */
  readonly openStep?: number;
  /** The whole data file for the book's assets (before from/to), in engine asset order, and its time axis. */
  readonly history: { readonly time: Float64Array; readonly columns: readonly Float64Array[] };
}

/** The fields every portfolio mode has around its method: cap on the credit, floor, add-on. */
export type PortfolioRules = DiversificationRules;

/**
 * A portfolio margin method, as a mode names it: `{ "kind": "portfolio", "method": "<kind>", … }`.
 * Adding a method is one file that calls `marginMethods.register({...})` (and, for a built-in, one import
 * line in `builtin-methods.ts`): its fields are validated from `fields`, the JSON Schema of scenarios
 * includes them, the report's methodology quotes `description` and `describe`.
 */
export interface MarginMethodKind extends RegistryEntry {
  /** The value of `method`, e.g. `parametric-var`. */
  readonly kind: string;
  /** One sentence with the formula, for the methodology and the README. */
  readonly description: string;
  /**
   * The method's own fields in the mode object (besides kind, name, method, cap, floor, addOn), each with
   * its zod schema as the method requires it (a field that may be left out is `.optional()`). Two methods
   * naming the same field must give it the same meaning.
   */
  readonly fields: Readonly<Record<string, z.ZodType>>;
  /**
   * Build one method instance (one per engine: methods keep buffers). An `XmarginError` without a file names
   * its JSON path relative to the mode (`preset`, `priceScan.points.SPX`); the scenario loader prefixes it.
   */
  create(spec: Readonly<Record<string, unknown>> & PortfolioRules, context: MethodContext): MarginMethod;
  /** Phrases for the methodology's line about a mode using it, e.g. `lookback 250 scenarios`. */
  describe?(spec: Readonly<Record<string, unknown>>): string[];
  /**
   * The venue preset the method applies (`binance-usdm` for Binance's uniMMR, …), read at the mode's
   * `asOf`: the run then records the version, its date and sources. Absent for model-based methods.
   */
  readonly venue?: string;
}

/** Every portfolio margin method a scenario can name. */
export const marginMethods = new Registry<MarginMethodKind>('margin method');
