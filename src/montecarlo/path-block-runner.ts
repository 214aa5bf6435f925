import { MarginEngine, type RunOptions } from '../engine/margin-engine.js';
import type { PathOutcome } from '../engine/path-outcome.js';
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
}

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

  constructor(compiled: CompiledScenario, options: PathBlockRunnerOptions = {}) {
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
  }

  runBlock(from: number, to: number): MonteCarloTally {
    const tally = new MonteCarloTally(this.layout, from, to - from);
    for (let k = from; k < to; k++) {
      const outcome = this.runPath(k, false);
      // An overflowed amount would become a non-finite sum in the tally and null in result.json.
      if (firstNonFiniteAmount(outcome) !== null) checkFiniteOutcome(outcome, this.paths.time, { file: this.file, path: 'paths.generator' }, k);
      tally.add(k, outcome);
    }
    return tally;
  }

  /** Path `k` through every mode; with `everything`, events, series and hit sequences too. */
  runPath(k: number, everything: boolean): PathOutcome {
    return this.engine.run(this.paths.time, this.paths.fill(k), everything ? this.everything : this.tallyOnly);
  }
}
