import type { PriceFrame } from '../../data/price-frame.js';
import { choleskyPsd } from '../../linalg/cholesky-psd.js';
import { CORRELATION_PSD_TOLERANCE, ensureValidCorrelation } from '../../linalg/ensure-valid-correlation.js';
import { specError } from '../spec-fields.js';
import { assetIndexes, describeRow, resolveWindow, withColumns, type CorrelationShockSpec, type Overlay } from './overlay.js';

/**
 * Correlation shock over a window (see `CorrelationShockSpec` for how the target is built). The window's
 * log returns R (m moves × n assets) are re-coloured:
 *   Z = (R − μ) / s                 standardise with the window's means μ and sample deviations s;
 *   W = Z · L_C^{−T}                whiten with the Cholesky factor of the window's sample correlation C;
 *   R' = μ + s · (W · L_Tᵀ)         colour with the Cholesky factor of the final target T.
 * Since WᵀW/(m − 1) = I, the re-coloured window has sample correlation exactly T, and the same per-asset
 * means and sample volatilities as the base window; its summed return is unchanged, so prices after the
 * window continue from the base level. Needs m ≥ n + 1 moves and a window correlation of full rank.
 */
export function correlationShock(spec: Omit<CorrelationShockSpec, 'kind'>, path = 'overlay'): Overlay {
  const weight = spec.weight ?? 1;
  return {
    kind: 'correlation-shock',
    apply(frame: PriceFrame): PriceFrame {
      const { first, last } = resolveWindow(frame, spec.from, spec.to, path);
      const n = frame.width;
      const m = last - first + 1;
      if (m < n + 1) {
        throw specError(`${path}.to`, `the window has ${m} moves for ${n} assets; re-colouring needs at least ${n + 1}`);
      }
      const { returns, mean, deviation } = windowReturns(frame, first, last, path);
      const windowCorrelation = sampleCorrelation(returns, m, n);
      const lowerWindow = choleskyPsd(windowCorrelation, n, new Float64Array(n * n), CORRELATION_PSD_TOLERANCE);
      if (lowerWindow === null || !fullRank(lowerWindow, n)) {
        throw specError(path, `the window's returns are collinear (some asset is a combination of others); cannot re-colour`);
      }
      const target = buildTarget(spec, frame, windowCorrelation, path);
      for (let k = 0; k < n * n; k++) target[k] = (1 - weight) * windowCorrelation[k] + weight * target[k];
      const lowerTarget = choleskyPsd(target, n, new Float64Array(n * n), CORRELATION_PSD_TOLERANCE)!;
      const whitened = new Float64Array(n);
      const columns = frame.columns.map((c) => Float64Array.from(c));
      const logPrice = Float64Array.from(frame.columns, (c) => Math.log(c[first - 1]));
      for (let t = 0; t < m; t++) {
        // Forward substitution L_C·w = z for the standardised row z.
        for (let i = 0; i < n; i++) {
          let sum = returns[t * n + i];
          for (let j = 0; j < i; j++) sum -= lowerWindow[i * n + j] * whitened[j];
          whitened[i] = sum / lowerWindow[i * n + i];
        }
        for (let i = 0; i < n; i++) {
          let coloured = 0;
          for (let j = 0; j <= i; j++) coloured += lowerTarget[i * n + j] * whitened[j];
          logPrice[i] += mean[i] + deviation[i] * coloured;
          columns[i][first + t] = Math.exp(logPrice[i]);
        }
      }
      for (let i = 0; i < n; i++) {
        const continuation = columns[i][last] / frame.columns[i][last];
        for (let t = last + 1; t < frame.rows; t++) columns[i][t] = frame.columns[i][t] * continuation;
      }
      return withColumns(frame, new Map(columns.map((c, i) => [i, c])));
    },
    describe: () => {
      const parts: string[] = [];
      if (spec.target) parts.push('target matrix');
      if (spec.pairs?.length) parts.push(`pairs ${spec.pairs.map(([a, b, rho]) => `${a}/${b}→${rho.toFixed(2)}`).join(', ')}`);
      if (spec.group?.length) parts.push(`group {${spec.group.join(', ')}}→${(spec.rho ?? 1).toFixed(2)}`);
      if (spec.flip?.length) parts.push(`flip ${spec.flip.map(([a, b]) => `${a}/${b}`).join(', ')}`);
      return `correlation shock from ${describeRow(spec.from)} to ${describeRow(spec.to)}: ${parts.join('; ') || 'window correlation'}${weight === 1 ? '' : `, weight ${weight}`}`;
    },
  };
}

/** Standardised window returns (row-major m × n) with the per-asset means and sample deviations. */
function windowReturns(frame: PriceFrame, first: number, last: number, path: string) {
  const n = frame.width;
  const m = last - first + 1;
  const returns = new Float64Array(m * n);
  const mean = new Float64Array(n);
  const deviation = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = frame.columns[i];
    for (let t = 0; t < m; t++) returns[t * n + i] = Math.log(c[first + t] / c[first + t - 1]);
    for (let t = 0; t < m; t++) mean[i] += returns[t * n + i];
    mean[i] /= m;
    let squares = 0;
    for (let t = 0; t < m; t++) squares += (returns[t * n + i] - mean[i]) ** 2;
    deviation[i] = Math.sqrt(squares / (m - 1));
    if (!(deviation[i] > 0)) {
      throw specError(path, `asset ${JSON.stringify(frame.assets[i])} does not move in the window; its correlation is undefined`);
    }
    for (let t = 0; t < m; t++) returns[t * n + i] = (returns[t * n + i] - mean[i]) / deviation[i];
  }
  return { returns, mean, deviation };
}

function sampleCorrelation(standardised: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let t = 0; t < m; t++) sum += standardised[t * n + i] * standardised[t * n + j];
      out[i * n + j] = out[j * n + i] = i === j ? 1 : sum / (m - 1);
    }
  }
  return out;
}

function fullRank(lower: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(lower[i * n + i] > 1e-6)) return false;
  return true;
}

/** Target before blending: window correlation, then target matrix, pairs, group, flips; repaired if needed. */
function buildTarget(spec: Omit<CorrelationShockSpec, 'kind'>, frame: PriceFrame, windowCorrelation: Float64Array, path: string): Float64Array {
  const n = frame.width;
  const target = Float64Array.from(windowCorrelation);
  if (spec.target) {
    if (spec.target.length !== n) {
      throw specError(`${path}.target`, `expected a ${n} × ${n} matrix in asset order (${frame.assets.join(', ')}), got ${spec.target.length} rows`);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) target[i * n + j] = spec.target[i][j];
  }
  const set = (i: number, j: number, value: number): void => {
    target[i * n + j] = value;
    target[j * n + i] = value;
  };
  spec.pairs?.forEach(([a, b, rho], k) => {
    const [i, j] = assetIndexes(frame, [a, b], (side) => `${path}.pairs[${k}][${side}]`);
    set(i, j, rho);
  });
  if (spec.group) {
    const members = assetIndexes(frame, spec.group, (k) => `${path}.group[${k}]`);
    for (const i of members) for (const j of members) if (i !== j) set(i, j, spec.rho ?? 1);
  }
  spec.flip?.forEach(([a, b], k) => {
    const [i, j] = assetIndexes(frame, [a, b], (side) => `${path}.flip[${k}][${side}]`);
    set(i, j, -target[i * n + j]);
  });
  ensureValidCorrelation(target, n);
  return target;
}
