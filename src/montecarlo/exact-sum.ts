/**
 * Exactly rounded floating-point sum: Shewchuk's (1997) adaptive partials, as in Python's `math.fsum`
 * (msum with the round-half-even correction of the last step). The partials represent the exact sum of
 * everything added, so `value()` is the correctly rounded exact sum, which does not depend on the order of
 * the additions, nor on how the inputs were split between accumulators that were then `merge`d. That makes
 * Monte Carlo aggregates identical for any thread count or shard split.
 *
 * Cost: O(number of partials) per `add`, in practice 1–3 for sums of like-signed amounts. Non-finite inputs
 * are summed apart (±∞ and NaN propagate as IEEE arithmetic does, which is order-independent too).
 */
export class ExactSum {
  /** Non-overlapping partials, increasing magnitude; their exact sum is the sum of every finite input. */
  private partials: number[] = [];
  private special = 0;
  private hasSpecial = false;

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.special += x;
      this.hasSpecial = true;
      return;
    }
    const partials = this.partials;
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }

  /** Add everything `other` holds (exact: its partials are added one by one). */
  merge(other: ExactSum): void {
    for (const p of other.partials) this.add(p);
    if (other.hasSpecial) {
      this.special += other.special;
      this.hasSpecial = true;
    }
  }

  /** The correctly rounded sum. */
  value(): number {
    if (this.hasSpecial) return this.special;
    const partials = this.partials;
    let n = partials.length;
    if (n === 0) return 0;
    let hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even across the remaining partials: if the rest has the sign of `lo`, hi + 2·lo may be nearer.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /** JSON-safe state: the partials (finite doubles round-trip exactly through JSON) and any non-finite sum. */
  toJSON(): ExactSumJson {
    return { partials: [...this.partials], special: this.hasSpecial ? String(this.special) : null };
  }

  static fromJSON(json: ExactSumJson): ExactSum {
    const sum = new ExactSum();
    for (const p of json.partials) sum.add(p);
    if (json.special !== null) {
      sum.special = Number(json.special);
      sum.hasSpecial = true;
    }
    return sum;
  }
}

export interface ExactSumJson {
  readonly partials: readonly number[];
  /** `"Infinity"`, `"-Infinity"` or `"NaN"` when a non-finite value was added, else null. */
  readonly special: string | null;
}
