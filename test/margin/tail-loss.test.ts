import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tailLoss } from '../../src/index.js';
import { tailOfSorted } from '../../src/margin/tail-loss.js';
import { SortedWindow } from '../../src/margin/sorted-window.js';

describe('tailLoss convention: k = ⌊L(1 − α)⌋; VaR = (k+1)-th largest; ES = mean of the k largest', () => {
  // Losses 1..500 shuffled: at α = 99 %, k = 5 → VaR is the 6th largest = 495; ES = mean(500..496) = 498.
  const losses = Float64Array.from({ length: 500 }, (_, i) => ((i * 7919) % 500) + 1);
  const scratch = new Float64Array(500);

  it('L = 500, α = 99 %: VaR = 495, ES = 498 (hand-computed)', () => {
    expect(tailLoss(losses, 0.99, 'var', scratch)).toBe(495);
    expect(tailLoss(losses, 0.99, 'es', scratch)).toBe(498);
  });

  it('L = 250, α = 97.5 %: k = 6 → VaR = 7th largest, ES = mean of the 6 largest', () => {
    const l = Float64Array.from({ length: 250 }, (_, i) => i);
    expect(tailLoss(l, 0.975, 'var', new Float64Array(250))).toBe(243);
    expect(tailLoss(l, 0.975, 'es', new Float64Array(250))).toBe((249 + 248 + 247 + 246 + 245 + 244) / 6);
  });

  it('does not change its input', () => {
    const copy = losses.slice();
    tailLoss(losses, 0.99, 'var', scratch);
    expect(losses).toEqual(copy);
  });

  it('agrees with a full sort on random samples, and tailOfSorted agrees with both tails', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 20, maxLength: 300 }),
        fc.constantFrom(0.9, 0.95, 0.975, 0.99),
        (xs, alpha) => {
          const a = Float64Array.from(xs);
          const desc = [...xs].sort((x, y) => y - x);
          const k = Math.floor(xs.length * (1 - alpha) + 1e-9);
          const m = Math.max(1, k);
          const es = desc.slice(0, m).reduce((s, x) => s + x, 0) / m;
          expect(tailLoss(a, alpha, 'var', new Float64Array(xs.length))).toBe(desc[Math.min(k, xs.length - 1)]);
          expect(tailLoss(a, alpha, 'es', new Float64Array(xs.length))).toBeCloseTo(es, 12);
          // Returns r sorted ascending; a long loses −r, a short loses +r.
          const sorted = Float64Array.from(xs).sort();
          expect(tailOfSorted(sorted, alpha, 'var', false)).toBe(desc[Math.min(k, xs.length - 1)]);
          const negDesc = xs.map((x) => -x).sort((x, y) => y - x);
          expect(tailOfSorted(sorted, alpha, 'var', true)).toBe(negDesc[Math.min(k, xs.length - 1)]);
        },
      ),
    );
  });
});

describe('SortedWindow', () => {
  it('slides and jumps to exactly the sorted contents of the window', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 30, maxLength: 120 }), fc.integer({ min: 1, max: 25 }), (xs, length) => {
        const source = Float64Array.from(xs);
        const window = new SortedWindow(length);
        for (let end = length; end <= xs.length; end += end % 7 === 0 ? 3 : 1) {
          window.moveTo(source, end);
          // + 0 folds −0 into 0: the two are equal as numbers, and their relative order is immaterial.
          expect(Array.from(window.values, (x) => x + 0)).toEqual(Array.from(source.subarray(end - length, end), (x) => x + 0).sort((a, b) => a - b));
        }
      }),
    );
  });
});
