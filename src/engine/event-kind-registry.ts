import type * as z from 'zod';
import { Registry, type RegistryEntry } from '../core/registry.js';
import type { EventDetector } from './event-detector.js';
import type { RunEvent } from './events.js';

/** A field of `events.csv` as written: empty for null/undefined, numbers printed exactly. */
export type CsvValue = string | number | boolean | null | undefined;

/** Reads the fields of one `events.csv` row, by column name; each throws a located error on a bad value. */
export interface EventFieldReader {
  text(column: string): string;
  /** A number; an empty field is NaN (non-finite numbers are written empty). */
  number(column: string): number;
  nullableNumber(column: string): number | null;
  integer(column: string): number;
  nullableInteger(column: string): number | null;
  time(column: string): number;
  nullableTime(column: string): number | null;
  boolean(column: string): boolean;
  oneOf<T extends string>(column: string, allowed: readonly T[]): T;
  /** Names joined by `;` (a backslash escapes `;` and `\`). */
  list(column: string): string[];
  numberList(column: string): number[];
}

/** How a report shows one column of an event table. */
export interface EventTableColumn {
  readonly label: string;
  readonly format: 'time' | 'text' | 'amount' | 'decimal' | 'count';
  readonly value: (event: RunEvent) => number | string | null;
  /** Highlight a cell: `alert` (red), `warn` (amber), `ok` (green). */
  readonly tone?: (event: RunEvent) => 'alert' | 'warn' | 'ok' | null;
  /** Show the column only when this holds for the table's events (default: always). */
  readonly shown?: (events: readonly RunEvent[]) => boolean;
}

/** The report table of an event kind. */
export interface EventTableSpec {
  readonly id: string;
  readonly title: string;
  /** Singular and plural noun for the table's note (`liquidation`, `liquidations`). */
  readonly noun: readonly [string, string];
  /** Which rows a capped table keeps: the first by time (default), or the events largest by `value` (named `label`, plural), shown in time order. */
  readonly keepLargest?: { readonly value: (event: RunEvent) => number; readonly label: string };
  /** A sentence added to the note when there are events. */
  readonly explain?: (events: readonly RunEvent[]) => string;
  readonly columns: readonly EventTableColumn[];
}

/**
 * An event kind: how its events are written to and read from `events.csv`, shown in the report, counted in
 * `result.json` and the gate, and (for a registered extension) which detector finds them and with what
 * scenario fields. Adding an event kind is one file calling `eventKinds.register({...})`; a scenario then
 * switches its detector on with `"detectors": [{ "kind": "<kind>", … }]`.
 */
export interface EventKindDefinition extends RegistryEntry {
  readonly kind: string;
  /** One sentence: what an event of this kind means (methodology, README). */
  readonly description: string;
  /** Sort order of events recorded at the same step (built-ins: 0, 1, 2; extensions larger). */
  readonly order: number;
  /** Its own `events.csv` columns, in order (besides `kind`, `step`, `time`, `mode`). */
  readonly columns: readonly string[];
  /** In the `events.csv` header of every run (the built-ins), or only of runs that recorded such events. */
  readonly alwaysInHeader?: boolean;
  toRow(event: RunEvent): Readonly<Record<string, CsvValue>>;
  /** The event's own fields from a row (`kind`, `step`, `time`, `mode` are read already). */
  fromRow(row: EventFieldReader): Record<string, unknown>;
  readonly table?: EventTableSpec;
  /** For an extension: the detector a scenario switches on, its spec fields (besides `kind`) and factory. */
  readonly detector?: {
    readonly fields: Readonly<Record<string, z.ZodType>>;
    create(spec: Readonly<Record<string, unknown>>, context: DetectorContext): EventDetector;
  };
}

/** What a registered detector is built against. */
export interface DetectorContext {
  readonly assets: readonly string[];
  readonly horizonSteps: number;
}

export const eventKinds = new Registry<EventKindDefinition>('event kind');

/** Sort key of events at the same step (unregistered kinds last). */
export function eventOrder(kind: string): number {
  return eventKinds.get(kind)?.order ?? Number.MAX_SAFE_INTEGER;
}
