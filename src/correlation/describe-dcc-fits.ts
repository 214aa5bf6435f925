import type { DccLikelihood } from './dcc-fit.js';
import type { DccParameters } from './dcc-parameters.js';
import type { EstimatorFitReport } from './estimator.js';
import type { FitBoundary, FitDiagnostics } from './persistence-split-search.js';

const GARCH_BOUNDARY: Record<FitBoundary, string> = {
  'news-zero': 'α = 0 (β not identified, set to 0: constant variance)',
  'decay-zero': 'β = 0',
  'persistence-cap': 'α + β at the cap 1 − 10⁻⁶',
};

const DCC_BOUNDARY: Record<FitBoundary, string> = {
  'news-zero': 'a = 0 (b not identified, set to 0: constant correlation)',
  'decay-zero': 'b = 0',
  'persistence-cap': 'a + b at the cap 1 − 10⁻⁶',
};

/**
 * The diagnostics of a DCC estimator's fits, one line per refit:
 * `<date> (after <rows> rows): a = …, b = …, composite log-likelihood …, 4/4 starts at the best, converged;
 * GARCH(1,1) × 30: 30 converged; α = 0 (…): KO, MMM` — with `NOT TRUSTWORTHY` in front when a stage's
 * convergence flag is false, naming it. Counts every stage (each asset's GARCH and the correlation stage).
 */
export function describeDccFits(
  history: readonly DccParameters[],
  assets: readonly string[],
  likelihood: DccLikelihood,
  dateOf: (rowsFed: number) => string = (rows) => `row ${rows}`,
): EstimatorFitReport {
  let fits = 0;
  let untrustworthy = 0;
  let onBoundary = 0;
  const notes = history.map((fit) => {
    const failed: string[] = [];
    const count = (diagnostics: FitDiagnostics, name: string): void => {
      fits++;
      if (!diagnostics.converged) {
        untrustworthy++;
        failed.push(name);
      }
      if (diagnostics.boundary.length > 0) onBoundary++;
    };
    const garch = fit.garch.flatMap((g, i) => (g.fit ? [{ name: assets[i] ?? `asset ${i}`, fit: g.fit }] : []));
    for (const g of garch) count(g.fit, `GARCH of ${g.name}`);
    const dcc = fit.correlationFit;
    if (garch.length >= 2) count(dcc, 'the correlation stage');
    const onEdges = (Object.keys(GARCH_BOUNDARY) as FitBoundary[]).flatMap((edge) => {
      const names = garch.filter((g) => g.fit.boundary.includes(edge)).map((g) => g.name);
      return names.length > 0 ? [`${GARCH_BOUNDARY[edge]}: ${names.join(', ')}`] : [];
    });
    const alone = garch.filter((g) => g.fit.startsAtBest < 2).map((g) => g.name);
    const leftOut = fit.garch.flatMap((g, i) => (g.fit ? [] : [assets[i] ?? `asset ${i}`]));
    const parts = [
      `${dateOf(fit.fittedAtRow)} (after ${fit.fittedAtRow} rows): ` +
        (garch.length >= 2
          ? `a = ${fixed(fit.a)}, b = ${fixed(fit.b)}, ${likelihood} log-likelihood ${dcc.logLikelihood.toFixed(4)}, ` +
            `${dcc.startsAtBest}/${dcc.starts} starts at the best, ${dcc.boundary.length ? dcc.boundary.map((b) => DCC_BOUNDARY[b]).join(', ') : 'interior'}, ` +
            `${dcc.converged ? 'converged' : 'not converged'}`
          : 'fewer than 2 assets in the fit: no correlation dynamics'),
      `GARCH(1,1) × ${garch.length}: ${garch.filter((g) => g.fit.converged).length} converged` +
        (onEdges.length ? `; ${onEdges.join('; ')}` : '') +
        (alone.length ? `; best reached from one start only: ${alone.join(', ')}` : ''),
    ];
    if (leftOut.length) parts.push(`left out (constant over the window): ${leftOut.join(', ')}`);
    const line = parts.join('; ');
    return failed.length ? `NOT TRUSTWORTHY (${failed.join(', ')} did not converge): ${line}` : line;
  });
  return { fits, untrustworthy, onBoundary, notes };
}

function fixed(x: number): string {
  return x.toFixed(4);
}
