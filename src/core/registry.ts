import { XmarginError } from './errors.js';

/** What every registry entry has: the name a scenario or a file uses for it. */
export interface RegistryEntry {
  readonly kind: string;
}

/**
 * A named set of extensions of one sort (margin methods, estimators, event kinds, output writers,
 * instrument kinds). Entries are looked up in a `Map`, never through `in` or property access on a plain
 * object, so a name such as `constructor` or `__proto__` is just an unknown name.
 *
 * The built-in entries register themselves when their module loads; a library user adds one with
 * `register` before loading a scenario that names it. `revision` changes on every registration so that
 * what is derived from the entries (the scenario schema, say) can be rebuilt when it is stale.
 */
export class Registry<E extends RegistryEntry> {
  private readonly byKind = new Map<string, E>();
  private changes = 0;

  /** `what` names the sort in messages: `margin method`, `correlation estimator`, … */
  constructor(readonly what: string) {}

  /** Add an entry. A kind registered twice is a programming error (two extensions claiming one name). */
  register(entry: E): E {
    if (typeof entry.kind !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(entry.kind)) {
      throw new XmarginError('E_INTERNAL', `a ${this.what} needs a kind of letters, digits, - and _, got ${JSON.stringify(entry.kind)}`);
    }
    if (this.byKind.has(entry.kind)) {
      throw new XmarginError('E_INTERNAL', `${this.what} ${JSON.stringify(entry.kind)} is registered already`);
    }
    this.byKind.set(entry.kind, entry);
    this.changes++;
    return entry;
  }

  /** Remove an entry (tests that register a toy extension clean up after themselves). */
  unregister(kind: string): boolean {
    const removed = this.byKind.delete(kind);
    if (removed) this.changes++;
    return removed;
  }

  get(kind: string): E | undefined {
    return this.byKind.get(kind);
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** The entry for `kind`, or an input error at `path` listing the known kinds. */
  require(kind: unknown, location: { file?: string; path?: string } = {}): E {
    const entry = typeof kind === 'string' ? this.byKind.get(kind) : undefined;
    if (entry) return entry;
    throw new XmarginError('E_INPUT_SCENARIO', `unknown ${this.what} ${JSON.stringify(kind)}; known: ${this.kinds().join(', ')}`, location);
  }

  /** Kinds in registration order (built-ins first). */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  entries(): E[] {
    return [...this.byKind.values()];
  }

  /** Changes with every register/unregister. */
  get revision(): number {
    return this.changes;
  }
}
