import { describe, expect, it } from 'vitest';
import { Rng, logGamma } from '../../src/index.js';

// ── Independent BigInt reference implementations (written from the C reference code at
//    https://prng.di.unimi.it/splitmix64.c and https://prng.di.unimi.it/xoshiro256starstar.c) ──────────
const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;
function refMix64(x: bigint): bigint {
  let z = x & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}
function refSplitMix(seed: bigint): () => bigint {
  let x = seed & MASK;
  return () => {
    x = (x + GAMMA) & MASK;
    return refMix64(x);
  };
}
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;
function refXoshiro(state: bigint[]): () => bigint {
  const s = [...state];
  return () => {
    const result = (rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  };
}
/** The documented seeding scheme of `Rng`, in BigInt. */
function refStreamState(seed: number, k: number): bigint[] {
  const seedKey = refSplitMix(BigInt(seed))();
  const next = refSplitMix(refMix64(seedKey ^ ((BigInt(k) * GAMMA) & MASK)));
  return [next(), next(), next(), next()];
}

function moments(xs: Float64Array): { mean: number; variance: number; skew: number; kurtosis: number } {
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, variance: m2, skew: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}
function sample(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

describe('SplitMix64 and xoshiro256** match their published reference outputs', () => {
  it('SplitMix64 from seed 1477776061723855037 gives the reference sequence', () => {
    // Source: rust-random/rngs rand_xoshiro/src/splitmix64.rs test `reference`, values "produced with the
    // reference implementation http://xoshiro.di.unimi.it/splitmix64.c" (first 5 of 50).
    const expected = [
      1985237415132408290n, 2979275885539914483n, 13511426838097143398n, 8488337342461049707n,
      15141737807933549159n,
    ];
    const ref = refSplitMix(1477776061723855037n);
    for (const e of expected) expect(ref()).toBe(e);
    // Our halves-based Rng seeds through the same SplitMix64: stream 0 of seed s uses
    // seedKey = first output; checked against the BigInt reference below.
  });

  it('xoshiro256** from state [1, 2, 3, 4] gives the reference sequence', () => {
    // Source: rust-random/rngs rand_xoshiro/src/xoshiro256starstar.rs test `reference` (values produced
    // with Vigna's C reference implementation).
    const expected = [
      11520n, 0n, 1509978240n, 1215971899390074240n, 1216172134540287360n, 607988272756665600n,
      16172922978634559625n, 8476171486693032832n, 10595114339597558777n, 2904607092377533576n,
    ];
    const rng = Rng.fromState([1n, 2n, 3n, 4n]);
    const ref = refXoshiro([1n, 2n, 3n, 4n]);
    for (const e of expected) {
      expect(rng.nextBigUint64()).toBe(e);
      expect(ref()).toBe(e);
    }
  });

  it('agrees with the BigInt reference for 10 000 outputs from a dense state', () => {
    const state = [0x0123456789abcdefn, 0xfedcba9876543210n, 0xffffffffffffffffn, 0x8000000000000001n];
    const rng = Rng.fromState(state);
    const ref = refXoshiro(state);
    for (let i = 0; i < 10_000; i++) expect(rng.nextBigUint64()).toBe(ref());
  });
});

describe('Rng seeding is counter-based and follows the documented scheme', () => {
  it('stream (seed, k) equals the BigInt reference of the seeding scheme', () => {
    for (const [seed, k] of [
      [0, 0], [1, 0], [0, 1], [42, 7], [2 ** 53 - 1, 2 ** 40 + 3], [123456789, 999999],
    ]) {
      const rng = new Rng(seed, k);
      const ref = refXoshiro(refStreamState(seed, k));
      for (let i = 0; i < 50; i++) expect(rng.nextBigUint64()).toBe(ref());
    }
  });

  it('reseed(seed, k) reproduces a fresh generator exactly, whatever came before', () => {
    const rng = new Rng(7, 3);
    const first = sample(100, () => rng.nextGaussian());
    rng.reseed(7, 11);
    sample(37, () => rng.nextGaussian()); // leaves a cached spare behind
    rng.reseed(7, 3);
    expect(sample(100, () => rng.nextGaussian())).toEqual(first);
  });

  it('different streams and different seeds give different sequences', () => {
    const a = new Rng(1, 0).nextBigUint64();
    expect(new Rng(1, 1).nextBigUint64()).not.toBe(a);
    expect(new Rng(2, 0).nextBigUint64()).not.toBe(a);
  });

  it('rejects negative or fractional seeds and stream indices', () => {
    expect(() => new Rng(-1, 0)).toThrow(/seed/);
    expect(() => new Rng(1.5, 0)).toThrow(/seed/);
    expect(() => new Rng(0, -2)).toThrow(/stream/);
  });
});

describe('Rng draws have the moments of their distributions', () => {
  const n = 200_000;

  it('nextFloat is uniform on [0, 1) and uses the top 53 bits', () => {
    // The float is (output >> 11) · 2^-53 of the same output the BigInt reference produces.
    const rng = Rng.fromState([5n, 6n, 7n, 8n]);
    const ref = refXoshiro([5n, 6n, 7n, 8n]);
    for (let i = 0; i < 100; i++) expect(rng.nextFloat()).toBe(Number(ref() >> 11n) / 2 ** 53);
    const u = sample(n, () => rng.nextFloat());
    const m = moments(u);
    // U(0,1): mean 1/2 (SE = sqrt(1/12/n) = 6.5e-4), variance 1/12 (SE ≈ sqrt(1/180/n) = 1.7e-4); 5 SE.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(5 * 1.7e-4);
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
  });

  it('nextUint32 covers the 32-bit range evenly (chi-squared over 16 buckets)', () => {
    const rng = new Rng(3, 0);
    const counts = new Array(16).fill(0);
    for (let i = 0; i < n; i++) counts[rng.nextUint32() >>> 28]++;
    const expected = n / 16;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // χ²(15): 99.9 % quantile is 37.70 (standard tables).
    expect(chi2).toBeLessThan(37.7);
  });

  it('nextGaussian is standard normal: mean 0, variance 1, skew 0, kurtosis 3', () => {
    const rng = new Rng(11, 0);
    const m = moments(sample(n, () => rng.nextGaussian()));
    // SEs for N(0,1): mean 1/sqrt(n) = 2.2e-3, variance sqrt(2/n) = 3.2e-3, skew sqrt(6/n) = 5.5e-3,
    // kurtosis sqrt(24/n) = 1.1e-2. Tolerance 5 SE.
    expect(Math.abs(m.mean)).toBeLessThan(5 * 2.2e-3);
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * 3.2e-3);
    expect(Math.abs(m.skew)).toBeLessThan(5 * 5.5e-3);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(5 * 1.1e-2);
  });

  it('nextNormal (ziggurat) is standard normal: moments, a Kolmogorov–Smirnov test and the tail beyond the base strip', async () => {
    const { normalCdf } = await import('../../src/index.js');
    const rng = new Rng(23, 0);
    const xs = sample(n, () => rng.nextNormal());
    const m = moments(xs);
    expect(Math.abs(m.mean)).toBeLessThan(5 * 2.2e-3);
    expect(Math.abs(m.variance - 1)).toBeLessThan(5 * 3.2e-3);
    expect(Math.abs(m.skew)).toBeLessThan(5 * 5.5e-3);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(5 * 1.1e-2);
    // Kolmogorov–Smirnov against Φ: the 0.1 % critical value of √n·D is 1.95 (asymptotic, Smirnov 1948).
    const sorted = Float64Array.from(xs).sort();
    let d = 0;
    for (let i = 0; i < sorted.length; i++) {
      const c = normalCdf(sorted[i]);
      d = Math.max(d, Math.abs(c - i / sorted.length), Math.abs(c - (i + 1) / sorted.length));
    }
    expect(Math.sqrt(sorted.length) * d).toBeLessThan(1.95);
    // The tail |x| > R = 3.4426 (drawn by Marsaglia's method): P = 2Φ(−R) = 5.761e-4; binomial SE, 5 SE.
    const p = 2 * normalCdf(-3.442619855899);
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / xs.length;
    expect(Math.abs(tail - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / xs.length));
    // Same (seed, stream), same draws.
    const again = new Rng(23, 0);
    expect(sample(1000, () => again.nextNormal())).toEqual(xs.slice(0, 1000));
  });

  it('fillNormals gives the nextNormal sequence, draw for draw, and leaves the stream where nextNormal would', () => {
    // 200,000 draws cross every slow branch many times (tail: ~115 draws, wedge rejections: ~2,000).
    const count = 200_000;
    const one = new Rng(41, 7);
    const expected = Float64Array.from({ length: count }, () => one.nextNormal());
    const block = new Rng(41, 7);
    const out = new Float64Array(count + 3);
    // Uneven pieces at an offset: the state carries over between calls.
    let at = 3;
    for (const piece of [1, 10, 999, 50_000, count - 1 - 10 - 999 - 50_000]) {
      block.fillNormals(out, at, piece);
      at += piece;
    }
    expect(Array.from(out.subarray(3))).toEqual(Array.from(expected));
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(expected.some((x) => Math.abs(x) > 3.442619855899)).toBe(true);
    expect(block.nextFloat()).toBe(one.nextFloat());
    expect(block.nextNormal()).toBe(one.nextNormal());
  });

  it.each([0.5, 2.5, 10])('nextGamma(%f) has mean a and variance a', (shape) => {
    const rng = new Rng(13, Math.round(shape * 10));
    const m = moments(sample(n, () => rng.nextGamma(shape)));
    // Gamma(a,1): mean a (SE sqrt(a/n)), variance a (SE sqrt((μ4 − a²)/n) with μ4 = 3a² + 6a). 5 SE.
    expect(Math.abs(m.mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
    expect(Math.abs(m.variance - shape)).toBeLessThan(5 * Math.sqrt((2 * shape * shape + 6 * shape) / n));
  });

  it('nextChiSquared(ν) has mean ν and variance 2ν', () => {
    const rng = new Rng(17, 0);
    const nu = 5;
    const m = moments(sample(n, () => rng.nextChiSquared(nu)));
    // χ²(ν) = 2·Gamma(ν/2): SE of mean sqrt(2ν/n) = 7.1e-3; of variance 2·sqrt((2a²+6a)/n)·2 with a = ν/2.
    expect(Math.abs(m.mean - nu)).toBeLessThan(5 * Math.sqrt((2 * nu) / n));
    const a = nu / 2;
    expect(Math.abs(m.variance - 2 * nu)).toBeLessThan(5 * 4 * Math.sqrt((2 * a * a + 6 * a) / n));
  });

  it.each([0.05, 3, 9.5, 10, 50, 1000])('nextPoisson(%f) has mean and variance λ', (lambda) => {
    const rng = new Rng(19, Math.round(lambda * 100));
    const xs = sample(n, () => rng.nextPoisson(lambda));
    const m = moments(xs);
    // Poisson(λ): SE of mean sqrt(λ/n); variance SE sqrt((λ + 2λ²)/n) (μ4 = λ + 3λ²). 5 SE.
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(m.variance - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / n));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });

  it('nextPoisson(50) puts the right mass on P(X = 50)', () => {
    // P(X = 50 | λ = 50) = e^-50 50^50 / 50! = 0.056325 (computed with logGamma, checked by hand:
    // ln p = −50 + 50 ln 50 − ln 50! = −50 + 195.6011 − 148.4778 = −2.8767 → 0.05633).
    const rng = new Rng(23, 0);
    let hits = 0;
    for (let i = 0; i < n; i++) if (rng.nextPoisson(50) === 50) hits++;
    const p = 0.056325;
    expect(Math.abs(hits / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('nextGeometric(p) has mean 1/p and variance (1 − p)/p²', () => {
    const rng = new Rng(29, 0);
    const p = 0.1;
    const m = moments(sample(n, () => rng.nextGeometric(p)));
    const variance = (1 - p) / (p * p); // 90
    expect(Math.abs(m.mean - 1 / p)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.03); // ≈ 4.7 SE: SE/σ² = sqrt((κ − 1)/n) with kurtosis κ = 9 + p²/(1 − p) ≈ 9.01
    expect(new Rng(1, 1).nextGeometric(1)).toBe(1);
  });
});

describe('logGamma', () => {
  it('matches closed forms', () => {
    // Γ(1/2) = √π → ln = 0.5723649429247001; Γ(10) = 9! = 362880; Γ(1) = Γ(2) = 1; Γ(171) = 170!.
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    let lnFactorial = 0;
    for (let i = 2; i <= 170; i++) lnFactorial += Math.log(i);
    expect(Math.abs(logGamma(171) - lnFactorial) / lnFactorial).toBeLessThan(1e-13);
  });
});
