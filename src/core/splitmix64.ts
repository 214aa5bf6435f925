import { addUint64, multiplyUint64 } from './uint64.js';

/**
 * SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference `splitmix64.c`): a 64-bit counter advanced by
 * the golden-ratio increment γ = 0x9E3779B97F4A7C15 and scrambled by a bijective finaliser. Used here
 * only to expand seeds into generator state, as the xoshiro authors recommend.
 *
 * Everything works on 32-bit halves (see `uint64.ts`); the state lives in a `Uint32Array` so advancing
 * it allocates nothing.
 */

/** γ, the golden-ratio increment, as halves. */
export const GOLDEN_GAMMA_HI = 0x9e3779b9;
export const GOLDEN_GAMMA_LO = 0x7f4a7c15;

const scratch = new Uint32Array(2);

/**
 * The SplitMix64 finaliser (a bijection of 64-bit values):
 * `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
 */
export function mix64(hi: number, lo: number, out: Uint32Array, o: number): void {
  let h = hi >>> 0;
  let l = lo >>> 0;
  l = (l ^ ((l >>> 30) | (h << 2))) >>> 0;
  h = (h ^ (h >>> 30)) >>> 0;
  multiplyUint64(h, l, 0xbf58476d, 0x1ce4e5b9, scratch, 0);
  h = scratch[0];
  l = scratch[1];
  l = (l ^ ((l >>> 27) | (h << 5))) >>> 0;
  h = (h ^ (h >>> 27)) >>> 0;
  multiplyUint64(h, l, 0x94d049bb, 0x133111eb, scratch, 0);
  h = scratch[0];
  l = scratch[1];
  out[o + 1] = (l ^ ((l >>> 31) | (h << 1))) >>> 0;
  out[o] = (h ^ (h >>> 31)) >>> 0;
}

/**
 * One SplitMix64 step: `state += γ`, write `mix64(state)` to `out[o], out[o + 1]`.
 * `state` is a 2-element `Uint32Array` `[hi, lo]`, advanced in place.
 */
export function splitmix64Next(state: Uint32Array, out: Uint32Array, o: number): void {
  addUint64(state[0], state[1], GOLDEN_GAMMA_HI, GOLDEN_GAMMA_LO, state, 0);
  mix64(state[0], state[1], out, o);
}
