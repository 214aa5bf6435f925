import { canonicalJson } from '../core/canonical-json.js';
import { XmarginError } from '../core/errors.js';
import { createEstimator } from '../correlation/create-estimator.js';
import type { EstimatorFitReport } from '../correlation/estimator.js';
import type { EstimatorSpec } from '../correlation/estimator-spec.js';
import { MarginEngine } from '../engine/margin-engine.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile-scenario.js';
import type { ModeSpec, Scenario } from '../scenario/scenario-schema.js';
import type { CalibrationRow } from './calibration-row.js';
import type { HypotheticalBook } from './hypothetical-books.js';
import { isoDay, summariseBookRun, type BookTimeline } from './summarise-book-run.js';

/**
 * Everything a thread needs to evaluate any (configuration, book) pair: plain JSON, handed to each worker
 * once. Every field that changes a number is here, so a task's result depends on nothing else.
 */
export interface CalibrationPlan {
  /** The scenario file (its data file is resolved relative to it). */
  readonly file: string;
  /** The validated scenario, with `margin.modes` already reduced to the calibrated portfolio modes. */
  readonly scenario: Scenario;
  readonly configurations: readonly { readonly spec: EstimatorSpec; readonly label: string }[];
  readonly books: readonly HypotheticalBook[];
  /** Common step at which every book opens, for every configuration. */
  readonly openStep: number;
  /** `hold`: unlimited collateral, the book is held to the end; `liquidate`: the scenario's capital. */
  readonly bookPolicy: 'hold' | 'liquidate';
  readonly procyclicalityWindow: number;
  readonly forecastWindow: number;
}

export interface CalibrationTask {
  readonly configuration: number;
  readonly book: number;
}

export interface CalibrationTaskResult {
  readonly rows: CalibrationRow[];
  /** Exceedance timelines, kept for the scenario's own book only (book 0). */
  readonly timelines: BookTimeline[];
  /** The estimator's likelihood fits on this book, when it fits a model (DCC). */
  readonly fits?: EstimatorFitReport;
}

/** The scenario with its book replaced (and `openAt` dropped: the plan's open step applies). */
export function scenarioForBook(scenario: Scenario, book: HypotheticalBook, index: number): Scenario {
  if (index === 0) return { ...scenario, portfolio: { ...scenario.portfolio, openAt: undefined } };
  return { ...scenario, portfolio: { ...scenario.portfolio, openAt: undefined, positions: book.positions.map((p) => ({ ...p })) } };
}

/** The portfolio modes whose requirement uses the correlation estimate (parametric VaR). */
export function estimateModes(modes: readonly ModeSpec[]): ModeSpec[] {
  return modes.filter((m) => m.kind === 'portfolio' && m.method === 'parametric-var');
}

/**
 * A task runner for one thread: compiles each book once (lazily) and evaluates (configuration, book)
 * pairs on a fresh engine and estimator each time, so a result never depends on what ran before it.
 */
export function createCalibrationRunner(plan: CalibrationPlan): (task: CalibrationTask) => CalibrationTaskResult {
  const compiled = new Map<number, { book: CompiledScenario; returns: Float64Array[] }>();
  const compileBook = (index: number): { book: CompiledScenario; returns: Float64Array[] } => {
    let c = compiled.get(index);
    if (!c) {
      const book = plan.books[index];
      // Books were validated against the scenario schema when the plan was made (runCalibration), so a
      // worker needs no schema library: it only resolves the book against the data.
      const scenario = scenarioForBook(plan.scenario, book, index);
      try {
        const compiledBook = compileScenario(scenario, plan.file);
        // The estimator context (stressed periods): returns of the whole data file for the book's assets.
        c = { book: compiledBook, returns: compiledBook.fullFrame.select(compiledBook.frame.assets).logReturns() };
      } catch (error) {
        if (error instanceof XmarginError && index > 0) {
          throw new XmarginError(error.code, `${book.name}: ${error.detail}`, error.location);
        }
        throw error;
      }
      compiled.set(index, c);
    }
    return c;
  };

  return (task: CalibrationTask): CalibrationTaskResult => {
    const { book, returns } = compileBook(task.book);
    const configuration = plan.configurations[task.configuration];
    const assets = book.frame.assets;
    const context = { returns, time: book.fullFrame.time.subarray(1) };
    const estimator = createEstimator(configuration.spec, assets.length, context, `configurations[${task.configuration}]`);
    const setup = {
      ...book.makeSetup(),
      // Calibration scores the correlation forecast over every pair.
      correlationPairs: undefined,
      estimator,
      openStep: plan.openStep,
      capital: plan.bookPolicy === 'hold' ? Infinity : plan.scenario.portfolio.capital,
    };
    const engine = new MarginEngine(setup);
    const frame = book.frame;
    // With the scenario's implied volatility and bars, as a run has them: without, an option was priced at the
    // smile's floor (market.impliedVol stayed NaN) and no intrabar check ran.
    const outcome = engine.run(frame.time, frame.columns, { collectEvents: false, recordSeries: true, recordHits: true, impliedVol: book.impliedVol, ...(book.bars ? { bars: book.bars } : {}) });
    const { rows, timelines } = summariseBookRun(outcome, {
      configuration: task.configuration,
      label: configuration.label,
      spec: canonicalJson(configuration.spec),
      bookIndex: task.book,
      book: plan.books[task.book].name,
      assets,
      prices: frame.columns,
      time: frame.time,
      confidence: plan.scenario.margin.confidence,
      horizonSteps: book.horizonSteps,
      procyclicalityWindow: plan.procyclicalityWindow,
      forecastWindow: plan.forecastWindow,
    });
    // The estimator's t-th row is the return of step t, so a fit made after `rows` rows is dated time[rows].
    const fits = estimator.fitReport?.(assets, (rows) => isoDay(frame.time[rows]));
    return { rows, timelines: task.book === 0 ? timelines : [], ...(fits ? { fits } : {}) };
  };
}
