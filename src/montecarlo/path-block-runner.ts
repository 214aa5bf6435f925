import { MarginEngine, type RunOptions } from '../engine/margin-engine.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { LockstepEngine } from '../engine/lockstep-engine.js';
import { poolingOf } from '../engine/engine-setup.js';
import type { CompiledScenario } from '../scenario/compile-scenario.js';
import { createMonteCarloPaths, type MonteCarloPaths } from './monte-carlo-paths.js';
import { MonteCarloTally, type TallyLayout } from './monte-carlo-tally.js';
import { checkFiniteOutcome, firstNonFiniteAmount } from '../result/finite-outcome.js';

/** Tallies only: the engine counts per mode and per cross mode; nothing per step is kept. */
const TALLY_ONLY = { collectEvents: false, recordSeries: false, recordHits: false } as const;
/** The representative path keeps everything a historical run keeps. */
const EVERYTHING = { collectEvents: true, recordSeries: true, recordHits: true } as const;

export interface PathBlockRunnerOptions {
  /**
   * Replay the warm-up on the history once per thread and restore the estimator's state from it on every
   * later path (default true; see `WarmupCheckpoint`). False replays it on every path: the same results,
   * kept for tests that compare the two.
   */
  readonly reuseWarmup?: boolean;
  /**
   * `auto` (default): tally paths on the lockstep kernel when the scenario is one it takes
   * (`lockstepSupport`), else on the general engine; `general`: always on the general engine (the same
   * results: tests compare the two).
   */
  readonly kernel?: 'auto' | 'general';
  /** Paths per lockstep block (default `LOCKSTEP_LANES`). Results do not depend on it. */
  readonly lanes?: number;
}

/**
 * Paths the lockstep kernel advances together. Measured on the bench (10,000 paths × 252 steps × 10 assets,
 * three modes, one thread, 2026-12-07): 8 lanes 3.06–3.07 CPU-s, 16: 2.99–3.00, 64: 2.99–3.05, 256: 3.39–3.48
 * (a block's step-major prices, 270 rows × 256 lanes × 10 assets, are 5.5 MB). 64 also matches the Monte
 * Carlo run's tasks of at most 64 paths, so a task is one block.
 */
export const LOCKSTEP_LANES = 64;

/**
 * One engine and one path source, reused for every path a thread runs (one per thread: engines and
 * generators hold mutable buffers). `runBlock(from, to)` tallies paths `from … to − 1` in index order.
 */
export class PathBlockRunner {
  readonly engine: MarginEngine;
  readonly paths: MonteCarloPaths;
  readonly layout: TallyLayout;
  private readonly tallyOnly: RunOptions;
  private readonly file: string;
  private readonly everything: RunOptions;
  /** The lockstep kernel, or null when paths run on the general engine (`kernelNote` says why). */
  private readonly lockstep: LockstepEngine | null;
  /** Per lane, the asset columns of the path it runs (filled from `paths` for each block). */
  private readonly laneColumns: Float64Array[][];
  /** `block` when paths are tallied on the lockstep kernel, `general` when on the general engine. */
  readonly kernel: 'block' | 'general';
  /** Why the general engine (absent with the kernel). */
  readonly kernelNote: string | undefined;

  /** What this runner was made with (passed on to worker threads). */
  readonly options: PathBlockRunnerOptions;

  constructor(compiled: CompiledScenario, options: PathBlockRunnerOptions = {}) {
    this.options = options;
    const reuseWarmup = options.reuseWarmup ?? true;
    this.file = compiled.file;
    this.tallyOnly = { ...TALLY_ONLY, reuseWarmup };
    this.everything = { ...EVERYTHING, reuseWarmup };
    this.engine = new MarginEngine(compiled.makeSetup());
    this.paths = createMonteCarloPaths(compiled, this.engine.readyStep);
    // Each path's implied volatility is written into the same buffers, so the options can hold them once.
    this.tallyOnly = { ...this.tallyOnly, impliedVol: this.paths.impliedVol };
    this.everything = { ...this.everything, impliedVol: this.paths.impliedVol };
    const modes = this.engine.setup.modes.map((m) => ({ name: m.name, kind: m.kind }));
    this.layout = { modes, cross: this.engine.setup.modes.filter((m) => poolingOf(m) === 'shared').map((m) => m.name) };
    const lanes = options.lanes ?? LOCKSTEP_LANES;
    if (!(Number.isInteger(lanes) && lanes >= 1)) throw new RangeError(`PathBlockRunner: lanes must be a positive integer, got ${lanes}`);
    const kernel = options.kernel === 'general' ? { reason: 'the general engine was asked for' } : LockstepEngine.create(this.engine, lanes, this.paths.fill(0));
    this.lockstep = kernel instanceof LockstepEngine ? kernel : null;
    this.kernel = this.lockstep ? 'block' : 'general';
    this.kernelNote = kernel instanceof LockstepEngine ? undefined : kernel.reason;
    const rows = this.paths.time.length;
    this.laneColumns = this.lockstep ? Array.from({ length: lanes }, () => this.paths.assets.map(() => new Float64Array(rows))) : [];
  }

  runBlock(from: number, to: number): MonteCarloTally {
    const tally = new MonteCarloTally(this.layout, from, to - from);
    this.eachOutcome(from, to, (k, outcome) => this.add(tally, k, outcome));
    return tally;
  }

  /**
   * Paths `from … to − 1` tally-only, each outcome handed to `each` in index order: on the lockstep kernel
   * when the scenario takes it, a block of `lanes` paths at a time, else (and for a lane the kernel leaves)
   * on the general engine. What `runBlock` counts; tests compare the two kernels' outcomes through it.
   */
  eachOutcome(from: number, to: number, each: (k: number, outcome: PathOutcome) => void): void {
    if (!this.lockstep) {
      for (let k = from; k < to; k++) each(k, this.runPath(k, false));
      return;
    }
    const lanes = this.lockstep.lanes;
    for (let first = from; first < to; first += lanes) {
      let count = Math.min(lanes, to - first);
      // A path the generator refuses stops the run where the general engine would: after the paths before it.
      let refused: unknown = null;
      for (let lane = 0; lane < count; lane++) {
        let filled: readonly Float64Array[];
        try {
          filled = this.paths.fill(first + lane);
        } catch (error) {
          refused = error;
          count = lane;
          break;
        }
        const columns = this.laneColumns[lane];
        for (let a = 0; a < columns.length; a++) columns[a].set(filled[a]);
      }
      const outcomes = count > 0 ? this.lockstep.run(this.paths.time, this.laneColumns, count) : [];
      // A lane the kernel left (its warm-up rows differ from the first path's) runs on the general engine.
      for (let lane = 0; lane < count; lane++) each(first + lane, outcomes[lane] ?? this.runPath(first + lane, false));
      if (refused !== null) throw refused;
    }
  }

  /** Count path `k`'s outcome, refusing an amount that overflowed (it would become a non-finite sum, null in result.json). */
  private add(tally: MonteCarloTally, k: number, outcome: PathOutcome): void {
    if (firstNonFiniteAmount(outcome) !== null) checkFiniteOutcome(outcome, this.paths.time, { file: this.file, path: 'paths.generator' }, k);
    tally.add(k, outcome);
  }

  /** Path `k` through every mode; with `everything`, events, series and hit sequences too. */
  runPath(k: number, everything: boolean): PathOutcome {
    return this.engine.run(this.paths.time, this.paths.fill(k), everything ? this.everything : this.tallyOnly);
  }
}
