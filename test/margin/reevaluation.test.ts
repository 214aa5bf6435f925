import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bookState } from './book-state.js';
import {
  MarketState,
  Requirement,
  ScenarioRecolouring,
  symmetricEigen,
  causeOf,
  historicalSimulation,
  maintenanceSum,
  normalQuantile,
  parametricVar,
  shapleyValues,
  type MarginState,
  type ResolvedPosition,
} from '../../src/index.js';

describe('shapleyValues', () => {
  /** The definition itself: the average over every order of joining of what each player adds. */
  function byPermutations(k: number, worth: number[]): number[] {
    const out = new Array(k).fill(0);
    const orders: number[][] = [];
    const permute = (prefix: number[], rest: number[]) => {
      if (rest.length === 0) orders.push(prefix);
      rest.forEach((p, i) => permute([...prefix, p], [...rest.slice(0, i), ...rest.slice(i + 1)]));
    };
    permute([], Array.from({ length: k }, (_, i) => i));
    for (const order of orders) {
      let mask = 0;
      for (const p of order) {
        out[p] += (worth[mask | (1 << p)] - worth[mask]) / orders.length;
        mask |= 1 << p;
      }
    }
    return out;
  }

  it('two players: φ₁ = ½[(v(1) − v(∅)) + (v(12) − v(2))] (hand: v = 10, 14, 13, 20 → ½(4 + 7) = 5.5, ½(3 + 6) = 4.5)', () => {
    const parts = shapleyValues(2, [10, 14, 13, 20], new Float64Array(2));
    expect(Array.from(parts)).toEqual([5.5, 4.5]);
  });

  it('three players agree with the average over the 3! orders, and add up to v(N) − v(∅)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 8, maxLength: 8 }), (worth) => {
        const parts = shapleyValues(3, worth, new Float64Array(3));
        const reference = byPermutations(3, worth);
        for (let i = 0; i < 3; i++) expect(parts[i]).toBeCloseTo(reference[i], 6);
        expect(parts[0] + parts[1] + parts[2]).toBeCloseTo(worth[7] - worth[0], 6);
      }),
    );
  });

  it('a player that never changes the worth gets exactly 0 (a factor the measure does not read)', () => {
    // Player 2 is a dummy: v(S ∪ {2}) = v(S).
    const worth = [1, 3, 6, 11, 1, 3, 6, 11];
    const parts = shapleyValues(3, worth, new Float64Array(3));
    expect(parts[2]).toBe(0);
    expect(Array.from(parts.subarray(0, 2))).toEqual(Array.from(shapleyValues(2, worth.slice(0, 4), new Float64Array(2))));
  });
});

describe('causeOf: correlation breakdown only when the correlation part is positive and the largest', () => {
  it.each([
    [1, 2, 0, 'correlation_breakdown'],
    [2, 1, 0, 'volatility'],
    [2, 2, 0, 'volatility'],
    [-5, -1, 0, 'volatility'],
    [-1, 0, 0, 'volatility'],
    [1, 2, 3, 'implied_volatility'],
    [3, 2, 3, 'volatility'],
    [0, 0, 0, 'volatility'],
  ] as const)('σ %d, ρ %d, iv %d → %s', (v, c, i, cause) => {
    expect(causeOf(v, c, i)).toBe(cause);
  });
});

/** A pool of linear positions, one per asset, as a margin method sees it at step `step`. */
function state(step: number, exposure: number[]): MarginState {
  const positions = exposure.map((_, a) => ({ asset: `X${a}`, assetIndex: a }) as unknown as ResolvedPosition);
  return {
    step,
    positions,
    quantity: Float64Array.from(exposure),
    exposure: Float64Array.from(exposure),
    open: new Uint8Array(exposure.length).fill(1),
    members: exposure.map((_, p) => p),
    estimate: null,
    // A linear book: the method reads only whether the view is linear (and its market, for option books).
    view: { linear: true, market: noMarket } as never,
    lane: 0,
  };
}
const noMarket = new MarketState(2);

/** Two price paths with some structure: a common factor plus noise, deterministic. */
function prices(rows: number): Float64Array[] {
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  a[0] = 100;
  b[0] = 80;
  for (let t = 1; t < rows; t++) {
    const f = Math.sin(1.7 * t) * 0.01;
    a[t] = a[t - 1] * Math.exp(f + 0.004 * Math.cos(3.1 * t));
    b[t] = b[t - 1] * Math.exp(0.6 * f + 0.008 * Math.sin(5.3 * t + 1));
  }
  return [a, b];
}

describe('historical simulation re-evaluated with other inputs', () => {
  const L = 60;
  const h = 2;
  const columns = prices(200);
  const t = 150;
  const exposure = [2e6, -1.5e6];
  const rules = { cap: 0.8, floor: 0, addOn: 0 };
  const make = () => {
    const method = historicalSimulation({ measure: 'var', confidence: 0.99, horizonSteps: h, lookback: L, positions: 2, assets: 2, rules });
    method.bind(columns);
    return method;
  };
  /** The scenario columns by hand: h-step simple returns ending at t − L + 1 … t. */
  const scenarios = columns.map((p) => Array.from({ length: L }, (_, k) => p[t - L + 1 + k] / p[t - L + 1 + k - h] - 1));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
  const corr = (xs: number[], ys: number[]) => xs.reduce((s, x, k) => s + (x - mean(xs)) * (ys[k] - mean(ys)), 0) / ((xs.length - 1) * sd(xs) * sd(ys));
  /** VaR convention of the method: k = ⌊L(1 − α)⌋, the (k + 1)-th largest loss. */
  const varOf = (losses: number[]) => [...losses].sort((x, y) => y - x)[Math.floor(L * 0.01 + 1e-9)];
  /** The requirement by hand from scenario columns. */
  const requirementOf = (cols: number[][]) => {
    const book = Array.from({ length: L }, (_, k) => -(exposure[0] * cols[0][k] + exposure[1] * cols[1][k]));
    const standalone = exposure.reduce((s, e, a) => s + Math.abs(e) * Math.max(0, varOf(cols[a].map((r) => (e > 0 ? -r : r)))), 0);
    const diversified = Math.max(0, varOf(book));
    return standalone - 0.8 * Math.max(standalone - diversified, 0);
  };

  it('with its own inputs it is evaluate, bit for bit', () => {
    const method = make();
    const own = new Requirement(2);
    method.evaluate(state(t, exposure), own);
    const again = new Requirement(2);
    method.reevaluation!.reevaluate(state(t, exposure), { volatility: null, correlation: null, exposure: Float64Array.from(exposure), market: noMarket }, again);
    expect(again.value).toBe(own.value);
    expect(own.value).toBeCloseTo(requirementOf(scenarios), 6);
  });

  it('reports the lookback’s own sample as its estimate: σ̂ = s/√h and the scenario correlation', () => {
    const volatility = new Float64Array(2);
    const correlation = new Float64Array(4);
    expect(make().reevaluation!.estimated(state(t, exposure), volatility, correlation)).toBe(true);
    expect(volatility[0]).toBeCloseTo(sd(scenarios[0]) / Math.sqrt(h), 14);
    expect(volatility[1]).toBeCloseTo(sd(scenarios[1]) / Math.sqrt(h), 14);
    expect(correlation[1]).toBeCloseTo(corr(scenarios[0], scenarios[1]), 12);
  });

  it('a substituted volatility rescales each column about its mean by σ / σ̂', () => {
    const target = Float64Array.of(0.03, 0.005);
    const cols = scenarios.map((x, a) => {
      const k = target[a] / (sd(x) / Math.sqrt(h));
      return x.map((r) => mean(x) + k * (r - mean(x)));
    });
    const out = new Requirement(2);
    make().reevaluation!.reevaluate(state(t, exposure), { volatility: target, correlation: null, exposure: Float64Array.from(exposure), market: noMarket }, out);
    expect(out.value).toBeCloseTo(requirementOf(cols), 6);
  });

  it('a substituted correlation re-colours the columns (two assets by hand: the symmetric map, α and β on the eigenvectors (1, ±1))', () => {
    // With two assets the own and target correlations share the eigenvectors (1, 1)/√2 and (1, −1)/√2 with
    // eigenvalues 1 ± ρ, so the map is A = C^{−½} T^{½}: on the sum z₁ + z₂ a factor α = √((1 + ρ*)/(1 + ρ̂)),
    // on the difference z₁ − z₂ a factor β = √((1 − ρ*)/(1 − ρ̂)). Both columns change; neither is privileged.
    const rhoStar = -0.7;
    const rhoHat = corr(scenarios[0], scenarios[1]);
    const z = scenarios.map((x) => x.map((r) => (r - mean(x)) / sd(x)));
    const alpha = Math.sqrt((1 + rhoStar) / (1 + rhoHat));
    const beta = Math.sqrt((1 - rhoStar) / (1 - rhoHat));
    const y1 = z[0].map((v, k) => 0.5 * (alpha + beta) * v + 0.5 * (alpha - beta) * z[1][k]);
    const y2 = z[0].map((v, k) => 0.5 * (alpha - beta) * v + 0.5 * (alpha + beta) * z[1][k]);
    const cols = [y1.map((v) => mean(scenarios[0]) + sd(scenarios[0]) * v), y2.map((v) => mean(scenarios[1]) + sd(scenarios[1]) * v)];
    expect(corr(cols[0], cols[1])).toBeCloseTo(rhoStar, 12);
    expect(sd(cols[0])).toBeCloseTo(sd(scenarios[0]), 14);
    const out = new Requirement(2);
    make().reevaluation!.reevaluate(state(t, exposure), { volatility: null, correlation: Float64Array.of(1, rhoStar, rhoStar, 1), exposure: Float64Array.from(exposure), market: noMarket }, out);
    expect(out.value).toBeCloseTo(requirementOf(cols), 6);
  });

  it('cannot re-colour identical columns: the value is NaN (the exceedance is then unattributed)', () => {
    const same = [columns[0], Float64Array.from(columns[0])];
    const method = historicalSimulation({ measure: 'es', confidence: 0.99, horizonSteps: 1, lookback: L, positions: 2, assets: 2, rules });
    method.bind(same);
    const out = new Requirement(2);
    method.reevaluation!.reevaluate(state(t, exposure), { volatility: null, correlation: Float64Array.of(1, 0, 0, 1), exposure: Float64Array.from(exposure), market: noMarket }, out);
    expect(out.value).toBeNaN();
  });
});

describe('ScenarioRecolouring', () => {
  it('gives the target sample correlation and the scaled sample deviations exactly, keeping the means', () => {
    fc.assert(
      // Equicorrelation ρ is a correlation matrix for ρ ≥ −1/(n − 1); kept clear of that edge.
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, seed, u) => {
        const rho = -1 / (n - 1) + 0.05 + u * (0.9 + 1 / (n - 1) - 0.05);
        const L = 40;
        let s = seed;
        const random = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
        const cols = Array.from({ length: n }, () => Float64Array.from({ length: L }, random));
        const target = new Float64Array(n * n).map((_, k) => (Math.floor(k / n) === k % n ? 1 : rho));
        const scale = Float64Array.from({ length: n }, (_, a) => 1 + a);
        const r = new ScenarioRecolouring(n, L);
        const active = Int32Array.from({ length: n }, (_, a) => a);
        r.moments(cols, 0, active, n);
        const mean0 = Float64Array.from(r.mean);
        const dev0 = Float64Array.from(r.deviation);
        expect(r.apply(cols, 0, active, n, scale, target)).toBe(true);
        const outs = Array.from({ length: n }, (_, a) => r.out.subarray(a * L, (a + 1) * L));
        const check = new ScenarioRecolouring(n, L);
        check.moments(outs, 0, active, n);
        for (let a = 0; a < n; a++) {
          expect(Math.abs(check.mean[a] - mean0[a])).toBeLessThan(1e-12);
          expect(Math.abs(check.deviation[a] / (dev0[a] * scale[a]) - 1)).toBeLessThan(1e-9);
          for (let b = 0; b < a; b++) expect(check.correlation(outs, 0, a, b)).toBeCloseTo(rho, 10);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('ScenarioRecolouring does not depend on the order of the assets, and moves the scenarios least', () => {
  /** Random columns with some common factor, and a random target correlation (a Gram matrix of unit rows). */
  const setup = (n: number, seed: number) => {
    let s = seed;
    const random = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
    const L = 50;
    const common = Float64Array.from({ length: L }, random);
    const cols = Array.from({ length: n }, (_, a) => Float64Array.from({ length: L }, (_, k) => random() + (a % 3) * 0.4 * common[k]));
    const rows = Array.from({ length: n }, () => {
      const v = Array.from({ length: n }, random);
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    });
    const target = new Float64Array(n * n).map((_, k) => rows[Math.floor(k / n)].reduce((sum, x, j) => sum + x * rows[k % n][j], 0));
    return { L, cols, target };
  };
  const run = (cols: Float64Array[], target: Float64Array, n: number, L: number) => {
    const r = new ScenarioRecolouring(n, L);
    const active = Int32Array.from({ length: n }, (_, a) => a);
    r.moments(cols, 0, active, n);
    expect(r.apply(cols, 0, active, n, null, target)).toBe(true);
    return Array.from({ length: n }, (_, a) => Array.from(r.out.subarray(a * L, (a + 1) * L)));
  };

  it('re-ordering the assets re-orders the re-coloured columns and changes nothing else (1e-12)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 5039 }), (n, seed, pick) => {
        const { L, cols, target } = setup(n, seed);
        // A permutation of n assets from `pick` (Lehmer code).
        const pool = Array.from({ length: n }, (_, a) => a);
        const order: number[] = [];
        let code = pick;
        for (let k = n; k > 0; k--) {
          order.push(pool.splice(code % k, 1)[0]);
          code = Math.floor(code / k);
        }
        const base = run(cols, target, n, L);
        const permuted = run(order.map((a) => cols[a]), new Float64Array(n * n).map((_, k) => target[order[Math.floor(k / n)] * n + order[k % n]]), n, L);
        order.forEach((a, i) => base[a].forEach((x, k) => expect(Math.abs(permuted[i][k] - x)).toBeLessThan(1e-12)));
      }),
      { numRuns: 80 },
    );
  });

  it('moves the standardised scenarios no more than the Cholesky or the symmetric-root re-colouring (it is the least-squares map)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 100_000 }), (n, seed) => {
        const { L, cols, target } = setup(n, seed);
        const r = new ScenarioRecolouring(n, L);
        const active = Int32Array.from({ length: n }, (_, a) => a);
        r.moments(cols, 0, active, n);
        const z = cols.map((x, a) => Array.from(x, (v) => (v - r.mean[a]) / r.deviation[a]));
        const moved = run(cols, target, n, L).map((x, a) => x.map((v) => (v - r.mean[a]) / r.deviation[a]));
        // The Cholesky map in asset order: whiten with L_C, colour with L_T.
        const own = new Float64Array(n * n).map((_, k) => { const a = Math.floor(k / n); const b = k % n; return a === b ? 1 : r.correlation(cols, 0, a, b); });
        const chol = (m: Float64Array) => {
          const l = new Float64Array(n * n);
          for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
            let sum = m[i * n + j];
            for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 0)) : sum / l[j * n + j];
          }
          return l;
        };
        const lc = chol(own);
        const lt = chol(target);
        const cholesky = z.map(() => new Array<number>(L).fill(0));
        const w = new Float64Array(n);
        for (let k = 0; k < L; k++) {
          for (let i = 0; i < n; i++) { let sum = z[i][k]; for (let j = 0; j < i; j++) sum -= lc[i * n + j] * w[j]; w[i] = sum / lc[i * n + i]; }
          for (let i = 0; i < n; i++) { let sum = 0; for (let j = 0; j <= i; j++) sum += lt[i * n + j] * w[j]; cholesky[i][k] = sum; }
        }
        // Another map with the target correlation: whiten and colour with the symmetric roots, C^{−½} T^{½}.
        const root = (m: Float64Array, f: (x: number) => number) => {
          const e = symmetricEigen(m, n);
          return new Float64Array(n * n).map((_, k) => {
            const i = Math.floor(k / n);
            const j = k % n;
            let sum = 0;
            for (let q = 0; q < n; q++) sum += e.vectors[i * n + q] * f(Math.max(e.values[q], 0)) * e.vectors[j * n + q];
            return sum;
          });
        };
        const ci = root(own, (x) => 1 / Math.sqrt(x));
        const tr = root(target, Math.sqrt);
        const zca = z.map(() => new Array<number>(L).fill(0));
        for (let k = 0; k < L; k++) {
          for (let i = 0; i < n; i++) {
            let sum = 0;
            for (let j = 0; j < n; j++) for (let q = 0; q < n; q++) sum += z[j][k] * ci[j * n + q] * tr[q * n + i];
            zca[i][k] = sum;
          }
        }
        const distance = (y: number[][]) => y.reduce((s, col, a) => s + col.reduce((t, v, k) => t + (v - z[a][k]) ** 2, 0), 0);
        expect(distance(moved)).toBeLessThanOrEqual(distance(cholesky) * (1 + 1e-9) + 1e-9);
        expect(distance(moved)).toBeLessThanOrEqual(distance(zca) * (1 + 1e-9) + 1e-9);
      }),
      { numRuns: 80 },
    );
  });
});

describe('the other built-in methods', () => {
  it('parametric VaR re-evaluated with its own estimate is evaluate, bit for bit; with others, the formula', () => {
    const method = parametricVar({ confidence: 0.99, horizonSteps: 4, assets: 2, rules: { cap: 0.8, floor: 0, addOn: 0 } });
    const s = { ...state(10, [3e6, 1e6]), estimate: { n: 2, volatility: Float64Array.of(0.01, 0.02), correlation: Float64Array.of(1, 0.3, 0.3, 1), repairDistance: 0, repaired: false } };
    const own = new Requirement(2);
    method.evaluate(s, own);
    const again = new Requirement(2);
    method.reevaluation!.reevaluate(s, { volatility: null, correlation: null, exposure: s.exposure, market: noMarket }, again);
    expect(again.value).toBe(own.value);
    const other = new Requirement(2);
    method.reevaluation!.reevaluate(s, { volatility: Float64Array.of(0.02, 0.01), correlation: Float64Array.of(1, -0.5, -0.5, 1), exposure: s.exposure, market: noMarket }, other);
    const z = normalQuantile(0.99) * 2;
    const standalone = z * (0.02 * 3e6 + 0.01 * 1e6);
    const diversified = z * Math.sqrt((0.02 * 3e6) ** 2 + (0.01 * 1e6) ** 2 - 2 * 0.5 * 0.02 * 3e6 * 0.01 * 1e6);
    expect(other.value).toBeCloseTo(standalone - 0.8 * (standalone - diversified), 6);
  });

  it('maintenance sum reads no estimate: its only factor is implied volatility (options held), and with the step\'s own inputs re-evaluation is evaluate', () => {
    const method = maintenanceSum();
    expect(method.reevaluation!.factors).toEqual(['impliedVolatility']);
    expect(method.reevaluation!.estimated(state(0, [1]), new Float64Array(1), new Float64Array(1))).toBe(false);
  });
});

describe('historical simulation with full revaluation, re-evaluated with other inputs', () => {
  // The same pool on a linear book through the full-revaluation path (`revaluation: 'full'`, the path option
  // books take): the re-expressed moves revalue the positions through their pricers. On a linear book that is
  // the linear formula, so both paths must agree to rounding for every substitution.
  const L = 60;
  const h = 2;
  const columns = prices(200);
  const t = 150;
  const exposure = [2e6, -1.5e6];
  const rules = { cap: 0.8, floor: 0, addOn: 0 };
  const book = () => bookState({ assetOf: [0, 1], exposure, prices: [columns[0][t], columns[1][t]], step: t });
  const method = (revaluation: 'auto' | 'full') => {
    const m = historicalSimulation({ measure: 'es', confidence: 0.975, horizonSteps: h, lookback: L, positions: 2, assets: 2, rules, revaluation });
    m.bind(columns);
    return m;
  };
  const substitutions = [
    { volatility: null, correlation: null },
    { volatility: Float64Array.of(0.03, 0.005), correlation: null },
    { volatility: null, correlation: Float64Array.of(1, -0.7, -0.7, 1) },
    { volatility: Float64Array.of(0.02, 0.02), correlation: Float64Array.of(1, 0.9, 0.9, 1) },
  ];

  it.each(substitutions.map((s, k) => [k, s] as const))('substitution %d: full revaluation equals the linear formula', (_k, s) => {
    const linear = new Requirement(2);
    const full = new Requirement(2);
    const a = book();
    const b = book();
    const lin = method('auto');
    const rev = method('full');
    lin.evaluate(a.state, new Requirement(2));
    rev.evaluate(b.state, new Requirement(2));
    lin.reevaluation!.reevaluate(a.state, { ...s, exposure: a.state.exposure, market: a.state.view.market }, linear);
    rev.reevaluation!.reevaluate(b.state, { ...s, exposure: b.state.exposure, market: b.state.view.market }, full);
    expect(full.value).toBeGreaterThan(0);
    expect(Math.abs(full.value - linear.value)).toBeLessThan(1e-9 * linear.value);
    expect(Math.abs(full.diversified - linear.diversified)).toBeLessThan(1e-9 * linear.diversified);
  });

  it('with its own inputs and market it is evaluate, bit for bit', () => {
    const b = book();
    const rev = method('full');
    const own = new Requirement(2);
    rev.evaluate(b.state, own);
    const again = new Requirement(2);
    rev.reevaluation!.reevaluate(b.state, { volatility: null, correlation: null, exposure: b.state.exposure, market: b.state.view.market }, again);
    expect(again.value).toBe(own.value);
  });
});
