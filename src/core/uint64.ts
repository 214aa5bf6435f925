/**
 * Unsigned 64-bit arithmetic on pairs of 32-bit halves, for seeding the random generators without
 * BigInt (so reseeding a path allocates nothing). A value is `(hi, lo)`, each an unsigned 32-bit
 * integer held in a JS number. Results go to a caller-provided `Uint32Array` at `[o]` (hi), `[o + 1]` (lo).
 */

const TWO_32 = 4294967296;

/** `(ah, al) × (bh, bl) mod 2^64`. The low product is split into 16-bit limbs so every partial is exact. */
export function multiplyUint64(ah: number, al: number, bh: number, bl: number, out: Uint32Array, o: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  // al·bl = a1·b1·2^32 + (a0·b1 + a1·b0)·2^16 + a0·b0, each partial < 2^33: exact in a double.
  const middle = a0 * b1 + a1 * b0;
  const lowSum = a0 * b0 + (middle % 65536) * 65536;
  const carry = Math.floor(lowSum / TWO_32);
  const lowHigh = a1 * b1 + Math.floor(middle / 65536) + carry;
  out[o + 1] = lowSum >>> 0;
  // ToUint32 reduces modulo 2^32, so signed Math.imul partials add up correctly.
  out[o] = (lowHigh + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** `(ah, al) + (bh, bl) mod 2^64`. */
export function addUint64(ah: number, al: number, bh: number, bl: number, out: Uint32Array, o: number): void {
  const low = (al >>> 0) + (bl >>> 0);
  out[o + 1] = low >>> 0;
  out[o] = (ah + bh + (low >= TWO_32 ? 1 : 0)) >>> 0;
}

/** Splits a non-negative safe integer into halves. */
export function splitSafeInteger(value: number, out: Uint32Array, o: number): void {
  out[o] = Math.floor(value / TWO_32) >>> 0;
  out[o + 1] = value >>> 0;
}
