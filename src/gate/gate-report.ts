import type { GateVerdict } from './evaluate-policy.js';
import type { MetricTable } from './gate-metrics.js';

/** What a gate run found: the verdicts and each scenario's metrics (`gate.json`). */
export const GATE_SCHEMA = 'xmargin/gate@1';

export interface GateOptions {
  /** Policy file (JSON). */
  readonly policy: string;
  /** Parameter-set files: compare mode. */
  readonly baseline?: string;
  readonly candidate?: string;
  /** Scenario files or patterns (`scenarios/*.json`). */
  readonly scenarios?: readonly string[];
  /** A saved run (its folder or its result.json): single-result mode, absolute rules only. */
  readonly result?: string;
  /** Output folder (default `reports/gate`). */
  readonly out?: string;
  /** Write gate.md, junit.xml and gate.json (default true). */
  readonly write?: boolean;
  /** Single-result mode: check the saved run against its digests first (default true; `--no-verify` turns it off). */
  readonly verify?: boolean;
  /** Called with one line as each run starts and ends (the CLI prints it on stderr when that is a terminal). */
  readonly progress?: (line: string) => void;
}

export interface GateScenarioReport {
  readonly name: string;
  readonly file: string;
  readonly dataFingerprint: string;
  /** Result digests: the runs can be reproduced and compared. */
  readonly digests: { readonly baseline: string | null; readonly candidate: string };
  readonly baseline: MetricTable | null;
  readonly candidate: MetricTable;
  /** candidate − baseline for every metric both sides have (null when either has no value). */
  readonly delta: MetricTable | null;
  /**
   * Set when the candidate's confidence is below the baseline's: the candidate's coverage metrics were
   * judged against the baseline's target rate `1 − baseline` (both confidences given).
   */
  readonly judgedAgainst?: { readonly baseline: number; readonly candidate: number };
}

export interface GateReport {
  readonly schema: typeof GATE_SCHEMA;
  readonly software: { readonly name: 'xmargin'; readonly version: string };
  readonly kind: 'compare' | 'single-result';
  readonly policy: { readonly name: string; readonly file: string };
  readonly baseline: { readonly name: string; readonly file: string } | null;
  /** The parameter set under review, or the saved result in single-result mode. */
  readonly candidate: { readonly name: string; readonly file: string };
  readonly passed: boolean;
  readonly counts: { readonly checks: number; readonly passed: number; readonly failed: number; readonly skipped: number };
  readonly verdicts: readonly GateVerdict[];
  readonly scenarios: readonly GateScenarioReport[];
  /** Present (true) only when a saved result was gated with `--no-verify`: its digests were not checked. */
  readonly unverified?: true;
}
