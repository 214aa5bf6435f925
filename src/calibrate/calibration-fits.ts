import type { EstimatorFitReport } from '../correlation/estimator.js';

/** How one configuration's likelihood fits went over every book of a calibration (DCC configurations only). */
export interface CalibrationFitSummary {
  readonly configuration: number;
  readonly label: string;
  /** Books the configuration was run on. */
  readonly books: number;
  /** Likelihood fits over all books (for DCC: each GARCH and correlation stage of each refit). */
  readonly fits: number;
  /** Fits whose convergence flag is false (not a verified maximum). */
  readonly untrustworthy: number;
  readonly onBoundary: number;
  /** Books with at least one untrustworthy fit. */
  readonly untrustworthyBooks: readonly string[];
  /** The fit notes on the scenario's own book (one per refit). */
  readonly scenarioBookNotes: readonly string[];
}

/**
 * Per configuration whose estimator reported fits, their totals over the books, and one calibration note
 * each: `NOT TRUSTWORTHY — <label>: …` when any fit is not a verified maximum, else a count.
 */
export function summariseCalibrationFits(
  configurations: readonly { readonly index: number; readonly label: string }[],
  books: readonly { readonly name: string }[],
  reports: readonly { readonly configuration: number; readonly book: number; readonly fits?: EstimatorFitReport }[],
): { summaries: CalibrationFitSummary[]; notes: string[] } {
  const summaries: CalibrationFitSummary[] = [];
  const notes: string[] = [];
  for (const { index, label } of configurations) {
    const own = reports.filter((r) => r.configuration === index && r.fits);
    if (own.length === 0) continue;
    const total = (key: 'fits' | 'untrustworthy' | 'onBoundary') => own.reduce((s, r) => s + r.fits![key], 0);
    const summary: CalibrationFitSummary = {
      configuration: index,
      label,
      books: own.length,
      fits: total('fits'),
      untrustworthy: total('untrustworthy'),
      onBoundary: total('onBoundary'),
      untrustworthyBooks: own.filter((r) => r.fits!.untrustworthy > 0).map((r) => books[r.book].name),
      scenarioBookNotes: own.find((r) => r.book === 0)?.fits!.notes ?? [],
    };
    summaries.push(summary);
    const where = `${summary.fits} likelihood fits over ${summary.books} books`;
    notes.push(summary.untrustworthy > 0
      ? `NOT TRUSTWORTHY — ${label}: ${summary.untrustworthy} of ${where} did not reach a verified maximum (books ${summary.untrustworthyBooks.join(', ')}); see estimatorFits in calibration.json`
      : `${label}: ${where}, each a verified maximum (best of several starts, first- and second-order conditions met); ${summary.onBoundary} on a bound of the admissible parameters`);
  }
  return { summaries, notes };
}
