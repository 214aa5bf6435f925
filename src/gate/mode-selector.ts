import * as z from 'zod';

/**
 * Which margin modes a parameter-set patch or a policy rule applies to: a mode name (`portfolio-var`),
 * every mode of a kind (`kind:portfolio`, `kind:cross`, `kind:isolated`), or every mode (`*`).
 * Scenarios name their modes differently; selectors by kind let one rule or patch cover them all.
 */
export type ModeSelector = string;

export interface NamedMode {
  readonly name: string;
  readonly kind: string;
  /** True for a mode with one shared pool (cross, portfolio: backtested); default: every kind but `isolated`. */
  readonly shared?: boolean;
}

/** Whether a mode pools its positions in one account (and so has coverage and avoided-liquidation metrics). */
export function isSharedMode(mode: NamedMode): boolean {
  return mode.shared ?? mode.kind !== 'isolated';
}

export const modeSelectorSchema = z
  .string()
  .regex(/^(\*|kind:(isolated|cross|portfolio)|[A-Za-z][A-Za-z0-9_-]*)$/, 'expected a mode name, kind:isolated, kind:cross, kind:portfolio or *');

/** The modes `selector` picks, in the scenario's order. A name that matches no mode gives an empty list. */
export function selectModes<M extends NamedMode>(selector: ModeSelector, modes: readonly M[]): M[] {
  if (selector === '*') return [...modes];
  if (selector.startsWith('kind:')) {
    const kind = selector.slice(5);
    return modes.filter((m) => m.kind === kind);
  }
  return modes.filter((m) => m.name === selector);
}

/** True when the selector is a plain mode name (an exact reference that must exist), not a pattern. */
export function isModeName(selector: ModeSelector): boolean {
  return selector !== '*' && !selector.startsWith('kind:');
}
