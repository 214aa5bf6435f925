import type * as z from 'zod';
import { Registry, type RegistryEntry } from '../../core/registry.js';
import type { MarginMethod, MarginState, MethodNeeds, Requirement } from '../margin-method.js';
import type { MethodContext } from '../method-registry.js';

/**
 * A margin add-on: a part of a portfolio mode wrapped around its method (`withAddOns`), applied in the order
 * the scenario lists them. Each sees the requirement so far — the method's, then the add-ons before it — and
 * changes its value; its contribution (new value − old) is a per-step series, `<mode>.addon.<name>`.
 * Add-ons keep state across the steps of one path (a margin buffer does); `bind` starts a path.
 */
export interface AddOn {
  /** The add-on kind, e.g. `correlation-break`. */
  readonly kind: string;
  /** For reports: short, with its main parameter, e.g. `apc-buffer(25%)` (the scenario echo has every parameter). */
  readonly label: string;
  /** What it needs from the run besides the method's needs (merged: the larger history, any estimate). */
  readonly needs: MethodNeeds;
  /** Start of a path: the path's price columns (as `MarginMethod.bind`); forget the previous path. */
  bind(columns: readonly Float64Array[]): void;
  /**
   * Change `requirement.value` (the method's, after the add-ons before this one) and return the contribution:
   * the new value minus the old. May be called several times in one step (a partial liquidation re-evaluates
   * the pool after each leg it closes; allocation and what-if probes evaluate other books): state kept across
   * steps must only move on when the step does.
   */
  apply(state: MarginState, requirement: Requirement): number;
  /**
   * Called right after `apply` (same state): `components` is an allocation of `before` (the value before this
   * add-on) to the pool's positions; rewrite it into an allocation of `requirement.value` (after it).
   */
  allocate(state: MarginState, requirement: Requirement, before: number, components: Float64Array): void;
  /** Figures besides its contribution, recorded as `<mode>.addon.<name>.<figure>`; written by `apply`. */
  readonly diagnostics?: { readonly names: readonly string[]; readonly values: Float64Array };
}

/** What an add-on is built against: the method's context, the mode it belongs to, and where it is written. */
export interface AddOnContext extends MethodContext {
  /** The portfolio mode's spec as validated (method, cap, floor, addOn, the method's fields, addOns). */
  readonly mode: Readonly<Record<string, unknown>>;
  /** JSON path of the add-on, e.g. `margin.modes[2].addOns[1]`. */
  readonly path: string;
  /** Another instance of the mode's method with some of its fields replaced (e.g. a 10-year lookback). */
  createMethod(overrides: Readonly<Record<string, unknown>>): MarginMethod;
}

/**
 * An add-on kind, as a portfolio mode names it in `addOns: [{ "kind": "<kind>", … }]`. Adding one is a file
 * that calls `addOnKinds.register({...})` (and, for a built-in, an import line in `builtin-add-ons.ts`).
 */
export interface AddOnKind extends RegistryEntry {
  readonly kind: string;
  /** One sentence with the definition, for the methodology and the README. */
  readonly description: string;
  /** The zod schema of the whole add-on object, its literal `kind` included (unknown fields refused). */
  schema(): z.ZodType;
  create(spec: Readonly<Record<string, unknown>>, context: AddOnContext): AddOn;
}

/** Every add-on kind a portfolio mode can name. */
export const addOnKinds = new Registry<AddOnKind>('margin add-on');

/** Series-name prefix of every add-on figure (`<mode>.addon.…`). */
export const ADD_ON_PREFIX = 'addon';
/** `<mode>.addon.base`: the requirement of the method alone, before every add-on. */
export const ADD_ON_BASE_SERIES = `${ADD_ON_PREFIX}.base`;

/**
 * The series name of each add-on's contribution, in order: `addon.<kind with _ for ->` and, when a kind
 * appears more than once, `_2`, `_3` … on the later ones (`addon.anti_procyclicality_2`).
 */
export function addOnSeriesNames(specs: readonly { readonly kind: string }[]): string[] {
  const seen = new Map<string, number>();
  return specs.map((spec) => {
    const slug = spec.kind.replace(/-/g, '_');
    const count = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, count);
    return `${ADD_ON_PREFIX}.${count === 1 ? slug : `${slug}_${count}`}`;
  });
}
