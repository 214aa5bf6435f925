import type * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import type { CorrelationEstimate } from '../correlation/estimator.js';
import type { DetectorRun, DetectorStep, EventDetector } from '../engine/event-detector.js';
import type { ModeLedger } from '../engine/mode-ledger.js';
import { BookProbe } from '../engine/book-probe.js';
import type { Position } from '../portfolio/position.js';
import { compileScenario, type CompiledScenario } from '../scenario/compile-scenario.js';
import { readScenario } from '../scenario/load-scenario.js';
import { currentScenarioSchema, type PositionSpec, type Scenario } from '../scenario/scenario-schema.js';
import { openStepOf, runToStep, stepOfDate } from './run-to-date.js';

export interface WhatIfOptions {
  /** `YYYY-MM-DD` (the first step on or after it) or `open` (default). */
  readonly at?: string;
  /** Positions to add, each as a scenario position object (`{ "asset": "SMI", "notional": 2e6, "leverage": 10, "maintenanceRate": 0.05 }`). */
  readonly add?: readonly unknown[];
  /** Positions to remove: an index into the scenario's positions (0-based) or an asset held by exactly one position. */
  readonly remove?: readonly (string | number)[];
}

/** One position's part in a mode's requirement, before and after the change. */
export interface WhatIfPosition {
  readonly position: number;
  readonly instrument: string;
  /** `kept`, `added`, `removed`, or `closed` (liquidated in this mode before the date). */
  readonly status: 'kept' | 'added' | 'removed' | 'closed';
  /** Euler component of the requirement (null when not held, or when the method cannot allocate). */
  readonly before: number | null;
  readonly after: number | null;
  /** after − before (a position not held counts 0). */
  readonly change: number | null;
  /** Incremental requirement: R(book) − R(book without it), before and after. */
  readonly incrementalBefore: number | null;
  readonly incrementalAfter: number | null;
}

export interface WhatIfMode {
  readonly mode: string;
  readonly kind: string;
  readonly requirementBefore: number;
  readonly requirementAfter: number;
  /** Shared pools: equity and headroom before and after (after the opening fee of added positions); null for isolated modes. */
  readonly equityBefore: number | null;
  readonly equityAfter: number | null;
  readonly headroomBefore: number | null;
  readonly headroomAfter: number | null;
  /** False when the mode's method cannot allocate its requirement (components are then null). */
  readonly allocates: boolean;
  readonly positions: readonly WhatIfPosition[];
  /** What the numbers leave out (a mode liquidated before the date, an isolated bucket the idle cash cannot fund). */
  readonly notes: readonly string[];
}

export interface WhatIfReport {
  readonly scenario: string;
  /** The scenario's `currency` (ISO 4217), or null when it names none. */
  readonly currency: string | null;
  readonly date: string;
  readonly step: number;
  readonly added: readonly { readonly position: number; readonly instrument: string; readonly quantity: number; readonly notional: number }[];
  readonly removed: readonly { readonly position: number; readonly instrument: string }[];
  readonly modes: readonly WhatIfMode[];
}

/**
 * What adding or removing positions at a date does to every mode's requirement, and to each position's share
 * of it (the library function behind `xmargin whatif`).
 *
 * The scenario is compiled with the added positions in its book (so their assets are in the estimator) and run
 * on its historical path to the date with the added positions held at size zero, which changes nothing the
 * book does; at the date each mode's method is evaluated on its book as it then stands (liquidations
 * included), and on that book with the added positions at their size (a notional becomes a quantity at the
 * date's price) and the removed ones closed. With estimators that estimate each pair on its own (EWMA,
 * rolling) the "before" figures are those of the scenario's own run; shrinkage, DCC and stressed blends
 * estimate the others' correlations differently once an asset is added, and "before" is then the
 * requirement in the larger universe. A method with per-step state (a margin buffer) answers as it would
 * have at that step.
 */
export function whatIf(file: string, options: WhatIfOptions = {}): WhatIfReport {
  const scenario = readScenario(file);
  const originals = scenario.portfolio.positions.length;
  const added = (options.add ?? []).map((spec, k) => validatePosition(spec, k));
  const removed = resolveRemovals(scenario, options.remove ?? []);
  if (added.length === 0 && removed.length === 0) throw new XmarginError('E_INPUT_ARGS', 'expected a position to add (--add) or to remove (--remove)');

  const compiled = compileAugmented(scenario, added, file, originals);
  const base = compiled.makeSetup();
  const positions: Position[] = base.positions.map((p, k) => (k >= originals ? { ...p, size: { quantity: 0 } } : p));
  const setup = { ...base, positions, capital: scenario.portfolio.capital };
  const step = stepOfDate(compiled, openStepOf(setup, compiled.frame.rows), options.at ?? 'open', '--at');
  // An option that expired before the date would be valued past its expiry and counted in the requirement.
  added.forEach((spec, k) => {
    const expiry = spec.instrument?.expiry;
    if (typeof expiry === 'string' && Date.parse(`${expiry}T00:00:00Z`) <= compiled.frame.time[step]) {
      const at = new Date(compiled.frame.time[step]).toISOString().slice(0, 10);
      throw new XmarginError('E_INPUT_ARGS', `--add[${k}].instrument.expiry: expected an expiry after the date of the book (${at}), got ${expiry}`);
    }
  });
  const probe = new WhatIfProbe(step, originals, added, removed, scenario.fees.open);
  runToStep(compiled, setup, step, probe);
  if (!probe.report) throw new XmarginError('E_INTERNAL', `the what-if probe did not run at step ${step}`);
  const date = new Date(compiled.frame.time[step]).toISOString().slice(0, 10);
  checkFiniteReport(probe.report, date, added.length > 0);
  return { scenario: scenario.name, currency: scenario.currency ?? null, date, step, ...probe.report };
}

/**
 * Two notionals of 1.7e308 overflow the requirement to ∞, and the JSON report would print null where the
 * text report prints Infinity: refuse, naming the first amount and the flag that brought it in. (Null is
 * otherwise "not held" or "not allocated", so ∞ must not be written as it.)
 */
function checkFiniteReport(report: Omit<WhatIfReport, 'scenario' | 'currency' | 'date' | 'step'>, date: string, adding: boolean): void {
  const bad = (value: number | null) => value !== null && !Number.isFinite(value);
  const flag = adding ? '--add' : '--remove';
  const advice = 'amounts (price × quantity, their sums and squares) left the range of doubles; expected sizes that keep every amount finite';
  for (const a of report.added) {
    if (bad(a.notional)) throw new XmarginError('E_INPUT_ARGS', `--add[${a.position - report.added[0].position}]: on ${date} the notional is ${a.notional}: ${advice}`);
  }
  for (const m of report.modes) {
    for (const field of ['requirementBefore', 'requirementAfter', 'equityBefore', 'equityAfter', 'headroomBefore', 'headroomAfter'] as const) {
      if (bad(m[field])) throw new XmarginError('E_INPUT_ARGS', `${flag}: on ${date}, mode ${m.mode}: ${field} is ${m[field]}: ${advice}`);
    }
    for (const p of m.positions) {
      for (const field of ['before', 'after', 'change', 'incrementalBefore', 'incrementalAfter'] as const) {
        if (bad(p[field])) throw new XmarginError('E_INPUT_ARGS', `${flag}: on ${date}, mode ${m.mode}, position #${p.position} ${p.instrument}: ${field} is ${p[field]}: ${advice}`);
      }
    }
  }
}

/** A position object of the scenario format, validated with the scenario's own schema; errors name `--add[k]`. */
function validatePosition(spec: unknown, k: number): PositionSpec {
  const schema = (currentScenarioSchema().shape.portfolio.shape.positions as unknown as z.ZodArray<z.ZodType<PositionSpec>>).element;
  const parsed = schema.safeParse(spec);
  if (parsed.success) {
    // A hedge's size comes from its group's delta at every rebalance; at one date there is none to compute it from.
    if (parsed.data.hedge) throw new XmarginError('E_INPUT_ARGS', `--add[${k}].hedge: not supported by whatif: add the hedge as a linear position with its notional or quantity`);
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const path = issue.path.length ? `.${issue.path.join('.')}` : '';
  throw new XmarginError('E_INPUT_ARGS', `--add[${k}]${path}: ${issue.message}`);
}

function resolveRemovals(scenario: Scenario, remove: readonly (string | number)[]): number[] {
  const positions = scenario.portfolio.positions;
  const seen = new Map<number, number>();
  return remove.map((item, k) => {
    const index = resolveRemoval(positions, item, k);
    // "--remove CAC --remove 1" names one position twice: the report would list the removal twice.
    const first = seen.get(index);
    if (first !== undefined) throw new XmarginError('E_INPUT_ARGS', `--remove[${k}]: position ${index} (${positions[index].asset}) is already removed by --remove[${first}]`);
    seen.set(index, k);
    return index;
  });
}

function resolveRemoval(positions: Scenario['portfolio']['positions'], item: string | number, k: number): number {
  const text = String(item);
  if (/^\d+$/.test(text)) {
    const index = Number(text);
    if (index >= positions.length) throw new XmarginError('E_INPUT_ARGS', `--remove[${k}]: position ${index} does not exist; the book has positions 0 … ${positions.length - 1}`);
    return index;
  }
  const matches = positions.map((p, i) => (p.asset === text ? i : -1)).filter((i) => i >= 0);
  if (matches.length === 0) throw new XmarginError('E_INPUT_ARGS', `--remove[${k}]: no position on ${JSON.stringify(text)}; the book holds ${[...new Set(positions.map((p) => p.asset))].join(', ')}`);
  if (matches.length > 1) throw new XmarginError('E_INPUT_ARGS', `--remove[${k}]: ${JSON.stringify(text)} is held by positions ${matches.join(', ')}; name one by its index`);
  return matches[0];
}

/**
 * The scenario with the added positions in its book. Its capital is raised for compiling only (an isolated
 * mode funds every bucket at the opening; the added ones are funded at the date, from the idle cash, in the
 * probe); errors about an added position are reported against `--add[k]`.
 */
function compileAugmented(scenario: Scenario, added: readonly PositionSpec[], file: string, originals: number): CompiledScenario {
  const augmented: Scenario = { ...scenario, portfolio: { ...scenario.portfolio, capital: Number.MAX_VALUE, positions: [...scenario.portfolio.positions, ...added] } };
  try {
    return compileScenario(augmented, file);
  } catch (error) {
    const match = error instanceof XmarginError ? /^portfolio\.positions\[(\d+)\](.*)$/.exec(error.location.path ?? '') : null;
    if (match && Number(match[1]) >= originals) throw new XmarginError('E_INPUT_ARGS', `--add[${Number(match[1]) - originals}]${match[2]}: ${(error as XmarginError).detail}`);
    throw error;
  }
}

type Figures = Omit<WhatIfReport, 'scenario' | 'currency' | 'date' | 'step'>;

/** At the date: each mode's requirement and allocation on its book as held, then changed. */
class WhatIfProbe implements EventDetector {
  readonly kind = 'what_if';
  report: Figures | null = null;
  private run!: DetectorRun;

  constructor(
    private readonly at: number,
    private readonly originals: number,
    private readonly added: readonly PositionSpec[],
    private readonly removed: readonly number[],
    private readonly openFeeRate: number,
  ) {}

  begin(run: DetectorRun): void {
    this.run = run;
  }

  end(): void {}

  step(step: DetectorStep): void {
    if (step.step !== this.at) return;
    const { view, positions } = this.run;
    // Quantities of the added positions at the date: a notional at the date's delta-equivalent price.
    const quantity = new Map<number, number>();
    this.added.forEach((spec, k) => {
      const p = this.originals + k;
      quantity.set(p, spec.notional !== undefined ? spec.notional / view.delta[p] : spec.quantity!);
    });
    const modes = this.run.ledgers.map((ledger) => this.mode(ledger, step.estimate, quantity));
    this.report = {
      added: [...quantity].map(([p, q]) => ({ position: p, instrument: positions[p].instrument.id, quantity: q, notional: q * view.delta[p] })),
      removed: this.removed.map((p) => ({ position: p, instrument: positions[p].instrument.id })),
      modes,
    };
  }

  private mode(ledger: ModeLedger, estimate: CorrelationEstimate | null, quantity: Map<number, number>): WhatIfMode {
    const { positions, view } = this.run;
    const count = positions.length;
    const probe = new BookProbe(positions, view);
    const before = { component: new Float64Array(count).fill(NaN), incremental: new Float64Array(count).fill(NaN) };
    const after = { component: new Float64Array(count).fill(NaN), incremental: new Float64Array(count).fill(NaN) };
    let requirementBefore = 0;
    let requirementAfter = 0;
    let allocates = true;
    const notes: string[] = [];
    const shared = !ledger.perPosition;
    let fees = 0;
    let newMargin = 0;
    for (const pool of ledger.pools) {
      const held = pool.open > 0;
      if (held) {
        probe.load(ledger, pool, this.at, estimate);
        probe.incremental(before.incremental);
        requirementBefore += probe.requirement.value;
        allocates = probe.allocate() && allocates;
        for (const p of pool.members) if (pool.mask[p]) before.component[p] = probe.components[p];
      }
      const changes = pool.members.filter((p) => quantity.has(p) || this.removed.includes(p));
      if (shared && !held && changes.some((p) => quantity.has(p))) {
        notes.push(`${ledger.definition.name} was liquidated before the date: it holds nothing to add to`);
        continue;
      }
      probe.load(ledger, pool, this.at, estimate);
      for (const p of pool.members) {
        if (quantity.has(p)) {
          probe.setQuantity(p, quantity.get(p)!);
          fees += Math.abs(probe.exposure[p]) * this.openFeeRate;
          if (!shared) newMargin += positions[p].margin.initial(quantity.get(p)!, p, view, 0);
        } else if (this.removed.includes(p)) probe.close(p);
      }
      if (!probe.anyOpen()) continue;
      probe.incremental(after.incremental);
      requirementAfter += probe.requirement.value;
      allocates = probe.allocate() && allocates;
      for (const p of pool.members) if (probe.open[p]) after.component[p] = probe.components[p];
    }
    for (const pool of ledger.pools) if (pool.open > 0) probe.load(ledger, pool, this.at, estimate).restore();
    if (!shared && newMargin > ledger.idleCash) {
      notes.push(`the added isolated buckets need ${Math.round(newMargin)} of initial margin; the idle cash is ${Math.round(ledger.idleCash)}`);
    }
    const equityBefore = shared ? ledger.accountEquity() : null;
    const equityAfter = equityBefore === null ? null : equityBefore - fees;
    const value = (x: number) => (Number.isFinite(x) ? x : null);
    const rows: WhatIfPosition[] = [];
    for (let p = 0; p < count; p++) {
      const isAdded = quantity.has(p);
      const status = isAdded ? 'added' : this.removed.includes(p) ? 'removed' : ledger.open[p] ? 'kept' : 'closed';
      if (status === 'closed' && !isAdded) {
        rows.push({ position: p, instrument: positions[p].instrument.id, status, before: null, after: null, change: null, incrementalBefore: null, incrementalAfter: null });
        continue;
      }
      const b = isAdded ? null : value(before.component[p]);
      const a = value(after.component[p]);
      rows.push({
        position: p,
        instrument: positions[p].instrument.id,
        status,
        before: allocates ? b : null,
        after: allocates ? a : null,
        change: allocates ? (a ?? 0) - (b ?? 0) : null,
        incrementalBefore: isAdded ? null : value(before.incremental[p]),
        incrementalAfter: value(after.incremental[p]),
      });
    }
    return {
      mode: ledger.definition.name,
      kind: ledger.definition.kind,
      requirementBefore,
      requirementAfter,
      equityBefore,
      equityAfter,
      headroomBefore: equityBefore === null ? null : equityBefore - requirementBefore,
      headroomAfter: equityAfter === null ? null : equityAfter - requirementAfter,
      allocates,
      positions: rows,
      notes,
    };
  }
}
