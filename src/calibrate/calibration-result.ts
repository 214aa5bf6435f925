import type { CalibrationFitSummary } from './calibration-fits.js';
import type { ModeSpec } from '../scenario/scenario-schema.js';
import type { CalibrationGrid } from './calibration-grid.js';
import type { CalibrationRow } from './calibration-row.js';
import type { HypotheticalBook } from './hypothetical-books.js';
import type { BookTimeline } from './summarise-book-run.js';

export const CALIBRATION_SCHEMA = 'xmargin/calibration@1';

export interface CalibrateOptions {
  /** Estimator configurations to compare; default `DEFAULT_CALIBRATION_GRID`. */
  readonly grid?: CalibrationGrid;
  /** Where the grid came from (for messages), e.g. the grid file. */
  readonly gridFile?: string;
  /** Random books besides the scenario's own (default 20). */
  readonly portfolios?: number;
  /** Seed of the random books (default 1). */
  readonly seed?: number;
  /** Most legs of a random book (default 8). */
  readonly maxLegs?: number;
  /** `hold` (default): books are held to the end with unlimited collateral; `liquidate`: the scenario's capital. */
  readonly bookPolicy?: 'hold' | 'liquidate';
  /** Days of the procyclicality n-day increase (default 5). */
  readonly procyclicalityDays?: number;
  readonly threads?: number;
  /** Output folder; default `reports/<scenario>-calibration/`. */
  readonly out?: string;
  /** Write the output files (default true). */
  readonly write?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The versioned, canonical result written as `calibration.json`. */
export interface CalibrationResult {
  readonly schema: typeof CALIBRATION_SCHEMA;
  readonly software: { readonly name: 'xmargin'; readonly version: string };
  readonly scenario: { readonly name: string; readonly description: string; readonly file: string; readonly echo: unknown };
  readonly data: { readonly file: string; readonly fingerprint: string; readonly assets: readonly string[]; readonly rows: number; readonly from: string; readonly to: string; readonly frequency: string };
  readonly inputs: {
    readonly configurations: readonly { readonly index: number; readonly label: string; readonly source: string; readonly spec: unknown; readonly warmup: number }[];
    readonly modes: readonly ModeSpec[];
    readonly addedDefaultMode: boolean;
    readonly portfolios: number;
    readonly seed: number;
    readonly maxLegs: number;
    readonly books: readonly HypotheticalBook[];
    readonly bookPolicy: 'hold' | 'liquidate';
    readonly capital: number;
    readonly openStep: number;
    readonly openTime: string;
    readonly lastTime: string;
    readonly horizonDays: number;
    readonly horizonSteps: number;
    readonly confidence: number;
    readonly expectedRate: number;
    readonly procyclicalityDays: number;
    readonly procyclicalityWindowSteps: number;
    readonly forecastWindowSteps: number;
    readonly acceptance: { readonly kupiecP: number; readonly zone: 'green' };
  };
  readonly notes: readonly string[];
  /** One row per configuration × book × mode, ordered by configuration, book, mode. */
  readonly rows: readonly CalibrationRow[];
  /** One row per configuration × mode over all books, with `rank` and `pareto`. */
  readonly aggregates: readonly CalibrationRow[];
  /** Aggregate rows in rank order (per mode). */
  readonly ranking: readonly { readonly rank: number; readonly mode: string; readonly configuration: number; readonly label: string }[];
  /** The Pareto front per mode, by increasing mean requirement. */
  readonly front: readonly { readonly mode: string; readonly configuration: number; readonly label: string; readonly meanRequirement: number; readonly coverageError: number }[];
  /** Configurations whose estimator fits a model by maximum likelihood (DCC): how the fits went. Absent when none does. */
  readonly estimatorFits?: readonly CalibrationFitSummary[];
  readonly files: { readonly json: string; readonly csv: string; readonly arrow: string; readonly html: string };
  readonly digest: string;
}

export interface CalibrationRun {
  readonly result: CalibrationResult;
  /** Exceedance timelines of the scenario's own book, per configuration (index = configuration). */
  readonly timelines: readonly BookTimeline[][];
  readonly outDir: string;
  /** Wall time of the evaluation (not part of the result or its digest). */
  readonly wallMs: number;
}
