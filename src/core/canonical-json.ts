import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, non-finite numbers as null. Two results are equal
 * exactly when their canonical forms are, which makes digests and "first difference" checks cheap.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(normalise);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (x) => normalise(x));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The first place two JSON-like values differ, as a path and the two values, or null when equal.
 * Whole-run regression tests compare digests, then call this to say where.
 */
export function firstDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | null {
  const na = normalise(a);
  const nb = normalise(b);
  if (canonicalJson(na) === canonicalJson(nb)) return null;
  if (na && nb && typeof na === 'object' && typeof nb === 'object' && Array.isArray(na) === Array.isArray(nb)) {
    const keys = new Set([...Object.keys(na), ...Object.keys(nb)]);
    for (const key of [...keys].sort()) {
      const sub = Array.isArray(na) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const d = firstDifference((na as Record<string, unknown>)[key], (nb as Record<string, unknown>)[key], sub);
      if (d) return d;
    }
  }
  return { path: path || '(root)', a: na, b: nb };
}
