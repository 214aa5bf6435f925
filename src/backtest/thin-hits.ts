/**
 * Every `step`-th element of a hit sequence, starting with the first: with a margin period of risk of `h`
 * steps, the loss windows of observations 0, h, 2h, … do not overlap, so under a correct model their hits
 * are independent Bernoulli(p) draws (each window starts after the previous one has ended, and the model
 * at its start knows that outcome) and the binomial and Markov tests apply as stated: the *formal* tests,
 * beside the indicative ones on every (overlapping) step. O(T / step), one allocation.
 */
export function thinHits(hits: Uint8Array, step: number): Uint8Array {
  if (!(Number.isInteger(step) && step >= 1)) throw new RangeError(`thinHits: expected a whole step ≥ 1, got ${step}`);
  const out = new Uint8Array(Math.ceil(hits.length / step));
  for (let k = 0; k < out.length; k++) out[k] = hits[k * step];
  return out;
}
