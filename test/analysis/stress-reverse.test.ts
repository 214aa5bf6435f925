import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MarginEngine,
  adverseCorrelation,
  loadScenario,
  stressReverse,
  type CorrelationEstimate,
  type CorrelationEstimator,
  type RunEvent,
  type StressReverseReport,
} from '../../src/index.js';

const data = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));
let dir: string;

/** Long DAX, short CAC through 1996–1997; cross and parametric portfolio margin; no fees (so a forward run is exact). */
function scenario(name: string, capital: number) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    name,
    data: { file: data, from: '1994-01-03', to: '1998-08-14' },
    portfolio: {
      capital,
      openAt: '1996-01-02',
      positions: [
        { asset: 'DAX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -4_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    correlation: { kind: 'ewma', lambda: 0.94 },
    margin: { horizonDays: 2, confidence: 0.99, modes: [{ kind: 'cross' }, { kind: 'portfolio', name: 'pvar', method: 'parametric-var' }] },
    liquidation: { policy: 'full', fee: 0 },
    fees: { open: 0, fundingPerYear: 0 },
  }));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-stress-reverse-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The estimator of a forward run that stops learning after step `t` and from then on gives the estimate of
 * `t` with its correlation replaced (the shifted correlation of the breach point): the run then margins the
 * moved book exactly as the reverse stress did (its stress is instantaneous: the model is not refitted).
 */
function frozenAfter(inner: CorrelationEstimator, t: number, correlation: (estimate: CorrelationEstimate) => Float64Array): CorrelationEstimator {
  let fed = 0;
  let frozen: CorrelationEstimate | null = null;
  return {
    label: inner.label, n: inner.n, warmup: inner.warmup,
    update(row) {
      fed++;
      if (fed <= t) inner.update(row);
    },
    ready: () => inner.ready(),
    estimate() {
      if (fed <= t) return inner.estimate();
      if (!frozen) {
        const e = inner.estimate();
        frozen = { n: e.n, volatility: Float64Array.from(e.volatility), correlation: correlation(e), repairDistance: 0, repaired: false };
      }
      return frozen;
    },
    reset() {
      fed = 0;
      frozen = null;
      inner.reset();
    },
  };
}

/**
 * The path of the data up to step `t`, then `h` rows at the date's prices moved by `moves × scale`: the move the
 * reverse stress found, happening at once and holding over the margin period of risk.
 */
function forwardRun(file: string, report: StressReverseReport, mode: string, scale: number): RunEvent[] {
  const compiled = loadScenario(file);
  const t = report.step;
  const h = report.horizonSteps;
  const near = report.modes.find((m) => m.mode === mode)!.nearest!;
  const rows = t + h + 1;
  const time = Float64Array.from({ length: rows }, (_, k) => (k <= t ? compiled.frame.time[k] : compiled.frame.time[t] + (k - t) * 86_400_000));
  const columns = compiled.frame.columns.map((c, a) => Float64Array.from({ length: rows }, (_, k) => (k <= t ? c[k] : c[t] * (1 + scale * near.moves[a]))));
  const setup = compiled.makeSetup();
  // The shifted correlation of the breach point, for the book at the opening (w = notional × σ per asset).
  const weights = [5_000_000, -4_000_000];
  const estimator = frozenAfter(setup.estimator!, t, (e) => {
    const out = new Float64Array(e.n * e.n);
    adverseCorrelation(e.correlation, e.n, weights.map((x, a) => x * e.volatility[a]), near.rhoShift, out, new Float64Array(2 * e.n * e.n));
    return out;
  });
  return new MarginEngine({ ...setup, estimator }).run(time, columns, { collectEvents: true, recordSeries: false, recordHits: true }).events;
}

describe('stress-reverse: the nearest breach point, verified by a forward run at that shock', () => {
  it('with ample collateral each mode breaks by underfunding: at the nearest shock the next h steps lose more than the margin held, just below it they do not', () => {
    const file = scenario('rs-ample', 50_000_000);
    const report = stressReverse(file, { at: 'open' });
    for (const mode of ['cross', 'pvar']) {
      const m = report.modes.find((x) => x.mode === mode)!;
      expect(m.nearest!.criterion).toBe('underfunding');
      expect(m.monotone).toBe(true);
      const at = (scale: number) => forwardRun(file, report, mode, scale).filter((e) => e.kind === 'underfunded' && e.mode === mode && e.step === report.step);
      const breached = at(1 + 1e-7);
      expect(breached).toHaveLength(1);
      expect((breached[0] as { loss: number }).loss).toBeCloseTo(m.nearest!.loss, 0);
      expect((breached[0] as { requirement: number }).requirement).toBeCloseTo(m.requirement, 6);
      expect(at(1 - 1e-7)).toHaveLength(0);
    }
  });

  it('with thin collateral the modes are liquidated: the forward run liquidates at the next step from the nearest shock on, not below it', () => {
    // Σ MM = 0.05 × 9,000,000 = 450,000 at the open: capital 600,000 leaves cross 150,000 of headroom; the
    // parametric requirement is about 150,000, so capital 200,000 leaves it about 50,000 (and cross in breach).
    for (const [mode, capital] of [['cross', 600_000], ['pvar', 200_000]] as const) {
      const file = scenario(`rs-thin-${mode}`, capital);
      const report = stressReverse(file, { at: 'open' });
      const m = report.modes.find((x) => x.mode === mode)!;
      expect(m.alreadyBreached).toBe(false);
      expect(m.nearest!.criterion).toBe('liquidation');
      expect(m.nearest!.loss).toBeLessThan(m.requirement); // the pool fails before its margin is short
      const liquidated = (scale: number) => forwardRun(file, report, mode, scale).filter((e) => e.kind === 'liquidation' && e.mode === mode && e.step === report.step + 1);
      expect(liquidated(1 + 1e-7)).toHaveLength(1);
      expect(liquidated(1 - 1e-7)).toHaveLength(0);
      if (mode === 'pvar') {
        const cross = report.modes.find((x) => x.mode === 'cross')!;
        expect(cross.liquidated).toBe(true); // 200,000 < 450,000: liquidated on the opening step itself
        expect(cross.nearest).toBeNull();
      }
    }
  });

  it('refuses a date outside the run and a Monte Carlo scenario, in one line', () => {
    const file = scenario('rs-dates', 600_000);
    expect(() => stressReverse(file, { at: '1990-01-01' })).toThrow(/--at: 1990-01-01 is outside the run of .*rs-dates\.json \(the book opens 1996-01-02, the data ends 1998-08-14\)/);
    expect(() => stressReverse(file, { at: '96-01-01' })).toThrow('--at: expected a date YYYY-MM-DD or "open", got "96-01-01"');
    expect(() => stressReverse(file, { direction: { SMI: -0.1 } })).toThrow('--direction: unknown asset "SMI"; the book holds DAX, CAC');
    const monteCarlo = fileURLToPath(new URL('../../scenarios/mc-jump-contagion.json', import.meta.url));
    expect(() => stressReverse(monteCarlo)).toThrow(/--at works on the historical path; .*mc-jump-contagion\.json is a Monte Carlo scenario/);
  });
});
