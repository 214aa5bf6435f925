import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DccEstimator,
  describeDccFits,
  renderHtmlReport,
  renderMarkdownReport,
  reportInputFromRun,
  runScenario,
  type DccParameters,
} from '../../src/index.js';
import { summariseCalibrationFits } from '../../src/calibrate/calibration-fits.js';

const converged = { logLikelihood: 100, starts: 4, startsAtBest: 4, boundary: [], converged: true } as const;

describe('fit diagnostics', () => {
  it('DccEstimator leaves out an asset whose squares underflow instead of putting NaN into Q', () => {
    // Asset 1's returns are ±5e-171: not constant, but r² underflows to 0, so s² = 0 and σ = 0. Before the fix
    // z = r/σ was ±Infinity and the estimate's nearest-correlation repair threw on NaN.
    let state = 7;
    const uniform = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state + 0.5) / 2 ** 32 - 0.5;
    };
    const estimator = new DccEstimator(3, { window: 60, refitEvery: 20 });
    for (let t = 0; t < 100; t++) {
      estimator.update([0.01 * uniform(), 1e-170 * uniform(), 0.02 * uniform()]);
      const { correlation, volatility } = estimator.estimate();
      for (const v of [...correlation, ...volatility]) expect(Number.isFinite(v)).toBe(true);
      if (t >= 59) {
        expect(correlation[1]).toBe(0);
        expect(correlation[5]).toBe(0);
      }
    }
    expect(estimator.fits.length).toBe(3);
    for (const fit of estimator.fits) {
      expect(fit.garch[1].fit).toBeNull();
      expect(fit.garch[0].fit?.converged).toBe(true);
      expect(fit.correlationFit.starts).toBeGreaterThan(0);
    }
    expect(estimator.fitReport(['A', 'B', 'C']).notes[0]).toContain('left out (constant over the window): B');
  });

  it('describes each refit in one line and puts NOT TRUSTWORTHY in front of one with an unverified stage', () => {
    const history: DccParameters[] = [
      {
        garch: [
          { omega: 1e-6, alpha: 0, beta: 0, fit: { ...converged, boundary: ['news-zero'] } },
          { omega: 1e-6, alpha: 0.1, beta: 0.8, fit: { ...converged, startsAtBest: 1 } },
        ],
        a: 0.02, b: 0.95, correlationFit: converged, fittedAtRow: 500,
      },
      {
        garch: [
          { omega: 1e-6, alpha: 0.05, beta: 0.9, fit: { ...converged, converged: false } },
          { omega: 1e-6, alpha: 0.1, beta: 0.8, fit: converged },
        ],
        a: 0, b: 0, correlationFit: { ...converged, boundary: ['news-zero'] }, fittedAtRow: 750,
      },
    ];
    const report = describeDccFits(history, ['AA', 'KO'], 'composite', (rows) => `day ${rows}`);
    expect(report).toMatchObject({ fits: 6, untrustworthy: 1, onBoundary: 2 });
    expect(report.notes[0]).toBe(
      'day 500 (after 500 rows): a = 0.0200, b = 0.9500, composite log-likelihood 100.0000, 4/4 starts at the best, interior, converged; ' +
        'GARCH(1,1) × 2: 2 converged; α = 0 (β not identified, set to 0: constant variance): AA; best reached from one start only: KO',
    );
    expect(report.notes[1]).toMatch(/^NOT TRUSTWORTHY \(GARCH of AA did not converge\): day 750 .*a = 0 \(b not identified, set to 0: constant correlation\)/);
  });

  it('a DCC run writes its fits to result.json and the methodology; an untrustworthy fit shows as a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-fits-'));
    try {
      const scenario = JSON.parse(readFileSync('scenarios/eu-pair-trade-1998.json', 'utf8'));
      scenario.data.file = resolve('data/eustockmarkets.csv');
      scenario.correlation = { kind: 'dcc', window: 250, refitEvery: 125 };
      const file = join(dir, 'dcc.json');
      writeFileSync(file, JSON.stringify(scenario));
      const run = runScenario(file, { write: false });
      const fits = run.result.run.estimatorFits!;
      // Refits after 250, 375, 500, … rows of the 2 assets: each has 2 GARCH stages and 1 correlation stage.
      const refits = Math.floor((run.compiled.frame.rows - 1 - 250) / 125) + 1;
      expect(fits.notes.length).toBe(refits);
      expect(fits.fits).toBe(3 * refits);
      expect(fits.untrustworthy).toBe(0);
      expect(fits.notes[0]).toMatch(/^1996-0\d-\d\d \(after 250 rows\): a = /);
      const input = reportInputFromRun(run);
      expect(renderMarkdownReport(input)).toContain(`**Model fits**: ${3 * refits} likelihood fits, each a verified maximum`);
      const forged = { ...input, result: { ...input.result, run: { ...input.result.run, estimatorFits: { ...fits, untrustworthy: 1 } } } };
      const html = renderHtmlReport(forged);
      expect(html).toContain('<dd class="warning">NOT TRUSTWORTHY: 1 of');
      expect(renderMarkdownReport(forged)).toContain('**Model fits**: **warning:** NOT TRUSTWORTHY: 1 of');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the EWMA scenario result has no estimatorFits (its digest is unchanged)', () => {
    expect('estimatorFits' in runScenario('scenarios/eu-pair-trade-1998.json', { write: false }).result.run).toBe(false);
  });

  it('calibration sums the fits per configuration over the books and names the books with an untrustworthy fit', () => {
    const report = (untrustworthy: number) => ({ fits: 9, untrustworthy, onBoundary: 2, notes: [`n${untrustworthy}`] });
    const { summaries, notes } = summariseCalibrationFits(
      [{ index: 0, label: 'ewma(0.94)' }, { index: 1, label: 'dcc(250/250)' }],
      [{ name: 'scenario' }, { name: 'book-01' }, { name: 'book-02' }],
      [
        { configuration: 0, book: 0 }, { configuration: 0, book: 1 }, { configuration: 0, book: 2 },
        { configuration: 1, book: 0, fits: report(0) }, { configuration: 1, book: 1, fits: report(0) }, { configuration: 1, book: 2, fits: report(2) },
      ],
    );
    expect(summaries).toEqual([{
      configuration: 1, label: 'dcc(250/250)', books: 3, fits: 27, untrustworthy: 2, onBoundary: 6,
      untrustworthyBooks: ['book-02'], scenarioBookNotes: ['n0'],
    }]);
    expect(notes).toEqual(['NOT TRUSTWORTHY — dcc(250/250): 2 of 27 likelihood fits over 3 books did not reach a verified maximum (books book-02); see estimatorFits in calibration.json']);
  });
});
