import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { christoffersen, kupiec, XmarginError } from '../../src/index.js';

describe('christoffersen', () => {
  it('counts transitions and computes LR_ind and LR_cc on a hand-worked sequence', () => {
    //          t: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
    const hits = [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0];
    // Pairs (t−1, t) for t = 1 … 19:
    //   0→0 at t = 1, 5, 6, 9, 10, 11, 16, 17, 18, 19 → n00 = 10
    //   0→1 at t = 2, 7, 12                          → n01 = 3
    //   1→0 at t = 4, 8, 15                          → n10 = 3
    //   1→1 at t = 3, 13, 14                         → n11 = 3
    // π01 = 3/13, π11 = 3/6 = 0.5, π = (3 + 3)/19 = 6/19.
    // LR_ind = −2·[13·ln(13/19) + 6·ln(6/19) − 10·ln(10/13) − 3·ln(3/13) − 6·ln 0.5]
    //        = −2·[−4.9333650822 − 6.9160770596 + 2.6236426447 + 4.3990112064 + 4.1588830834]
    //        = 1.3358104148 (mpmath: 1.33581041475839531…); pInd = erfc(√(LR/2)) = 0.24777416352789441.
    // LR_pof (Kupiec, T = 20, x = 6, p = 10 %) = 6.1465434721519461 (mpmath);
    // LR_cc = 7.4823538869103414; pCc = exp(−LR_cc/2) (χ²(2) survival) = 0.023726162340681778.
    const r = christoffersen(hits, 0.1);
    expect([r.n00, r.n01, r.n10, r.n11]).toEqual([10, 3, 3, 3]);
    expect(r.pi01).toBeCloseTo(3 / 13, 15);
    expect(r.pi11).toBeCloseTo(0.5, 15);
    expect(r.pi).toBeCloseTo(6 / 19, 15);
    expect(r.lrInd).toBeCloseTo(1.3358104147583953, 12);
    expect(r.pInd).toBeCloseTo(0.2477741635278944, 12);
    expect(r.lrCc).toBeCloseTo(7.482353886910341, 12);
    expect(r.pCc).toBeCloseTo(0.023726162340681778, 12);
    expect(r.lrCc - r.lrInd).toBeCloseTo(kupiec(20, 6, 0.1).lr, 13);
  });

  it('accepts booleans exactly like 0/1', () => {
    const numbers = [0, 1, 1, 0, 1, 0, 0, 0];
    expect(christoffersen(numbers.map(Boolean), 0.05)).toEqual(christoffersen(numbers, 0.05));
    expect(christoffersen(Uint8Array.from(numbers), 0.05)).toEqual(christoffersen(numbers, 0.05));
  });

  it('is finite with zero cells: no hits, all hits, one hit at the end, alternating', () => {
    // No hits: only n00; LR_ind = 0 (π01 = π = 0), π11 undefined.
    const none = christoffersen(new Array(100).fill(0), 0.01);
    expect([none.n00, none.n01, none.n10, none.n11]).toEqual([99, 0, 0, 0]);
    expect(none.lrInd).toBe(0);
    expect(none.pInd).toBe(1);
    expect(none.pi11).toBeNaN();
    expect(none.lrCc).toBeCloseTo(-200 * Math.log(0.99), 12); // LR_pof at x = 0: −2n·ln(1 − p)
    // All hits: only n11; LR_ind = 0, π01 undefined.
    const all = christoffersen(new Array(10).fill(1), 0.01);
    expect([all.n00, all.n01, all.n10, all.n11]).toEqual([0, 0, 0, 9]);
    expect(all.lrInd).toBe(0);
    expect(all.pi01).toBeNaN();
    expect(all.lrCc).toBeCloseTo(-20 * Math.log(0.01), 11); // LR_pof at x = n: −2n·ln p
    // A single hit on the last step: no transition leaves state 1.
    const last = christoffersen([0, 0, 0, 0, 1], 0.2);
    expect([last.n00, last.n01, last.n10, last.n11]).toEqual([3, 1, 0, 0]);
    expect(last.pi11).toBeNaN();
    expect(Number.isFinite(last.lrInd)).toBe(true);
    expect(last.lrInd).toBe(0); // every row-1 cell is empty, so the table has no dependence to show
    // Alternating 0101…: n00 = n11 = 0, perfect anti-clustering. LR_ind = 2·Σ O·ln(O/E):
    // T = 10: n01 = 5, n10 = 4, N = 9; E01 = 5·5/9, E10 = 4·4/9 → 2·(5·ln(9/5) + 4·ln(9/4)) = 12.3654…
    const alternating = christoffersen([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 0.5);
    expect([alternating.n00, alternating.n01, alternating.n10, alternating.n11]).toEqual([0, 5, 4, 0]);
    expect(alternating.lrInd).toBeCloseTo(2 * (5 * Math.log(9 / 5) + 4 * Math.log(9 / 4)), 12);
  });

  it('handles a single observation (no transitions)', () => {
    const one = christoffersen([1], 0.01);
    expect([one.n00, one.n01, one.n10, one.n11]).toEqual([0, 0, 0, 0]);
    expect(one.lrInd).toBe(0);
    expect(one.pi).toBeNaN();
  });

  it('rejects values that are not hits, naming the index, and an empty sequence', () => {
    expect(() => christoffersen([0, 1, 2], 0.01)).toThrow(/hits\[2\]/);
    expect(() => christoffersen([0, NaN], 0.01)).toThrow(/hits\[1\]/);
    expect(() => christoffersen([], 0.01)).toThrow(XmarginError);
    expect(() => christoffersen([0, 1], 1.5)).toThrow(/p: /);
  });

  it('has non-negative statistics, p-values in [0, 1], counts summing to T − 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (hits, p) => {
          const r = christoffersen(hits, p);
          const x = hits.filter(Boolean).length;
          return (
            r.n00 + r.n01 + r.n10 + r.n11 === hits.length - 1 &&
            r.lrInd >= 0 &&
            r.pInd >= 0 &&
            r.pInd <= 1 &&
            r.pCc >= 0 &&
            r.pCc <= 1 &&
            Math.abs(r.lrCc - r.lrInd - kupiec(hits.length, x, p).lr) <= 1e-9 * Math.max(1, r.lrCc)
          );
        },
      ),
    );
  });

  it('finds clustering: the same count in one run scores a far larger LR_ind than spread out', () => {
    // 500 steps, 10 hits. Clustered: steps 200–209. Spread: every 50th step. Both have LR_pof(500, 10, 1 %).
    const clustered = new Array(500).fill(0).map((_, t) => (t >= 200 && t < 210 ? 1 : 0));
    const spread = new Array(500).fill(0).map((_, t) => (t % 50 === 25 ? 1 : 0));
    const c = christoffersen(clustered, 0.01);
    const s = christoffersen(spread, 0.01);
    expect(c.pInd).toBeLessThan(1e-6);
    expect(s.pInd).toBeGreaterThan(0.4); // LR_ind ≈ 2·10·ln(1/(1 − 10/499)) ≈ 0.41 → p ≈ 0.52
  });
});
