import type { CorrelationEstimate } from '../correlation/estimator.js';
import { poolingOf, type ModeDefinition } from './mode-definition.js';
import type { ModeLedger } from './mode-ledger.js';
import { impliedVolSeries, liquidationPriceSeries, methodSeries, modeSeries, pairSeries, priceSeries, REPAIR_DISTANCE_SERIES, TIME_SERIES } from './series-columns.js';
import type { Sensitivities } from '../valuation/pricer.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { positionLabels } from '../portfolio/position-labels.js';

interface ModeColumns {
  /** The method's diagnostics: its values array and one column per name. */
  diagnostics: { values: Float64Array; columns: Float64Array[] } | null;
  equity: Float64Array;
  requirement: Float64Array;
  headroom: Float64Array;
  open: Float64Array;
  standalone: Float64Array | null;
  lossH: Float64Array | null;
  /** Net dollar delta, dollar gamma and vega of the mode's open book (books with options only). */
  greeks: { delta: Float64Array; gamma: Float64Array; vega: Float64Array } | null;
  /** One column per position: its liquidation price (when recorded). */
  liquidationPrices: Float64Array[] | null;
}

/**
 * Per-step series of a run, one `Float64Array` column per name (NaN where undefined, e.g. before the
 * book opens). Column arrays are resolved once, so recording a step does no lookup or allocation.
 * Names (see `series-columns.ts`): `time`, `<mode>.equity|requirement|headroom|open`,
 * `<mode>.standalone|loss_h` for shared-pool modes, `rho.<A>.<B>` for every pair of assets,
 * `repair_distance`, and `price.<asset>` (the path itself).
 */
export class SeriesRecorder {
  readonly columns = new Map<string, Float64Array>();
  private readonly modes: ModeColumns[];
  private readonly rho: Float64Array[];
  /** Asset indices of each recorded pair, `[i₀, j₀, i₁, j₁, …]`. */
  private readonly rhoIndex: Int32Array;
  private readonly repair: Float64Array;

  /** `options.positions`, when given: record each one's liquidation price per mode (`<mode>.liquidation_price.<position>`). */
  constructor(
    rows: number,
    modes: readonly ModeDefinition[],
    assets: readonly string[],
    options: { readonly greeks?: boolean; readonly pairs?: readonly (readonly [number, number])[]; readonly positions?: readonly ResolvedPosition[] } = {},
  ) {
    const pairs = options.pairs ?? allPairs(assets.length);
    const positions = options.positions;
    // One block for every column, filled with NaN once; columns are views into it.
    const extra = modes.reduce((n, m) => n + (m.method.diagnostics?.names.length ?? 0), 0) + (positions ? modes.length * positions.length : 0);
    const count = 2 + modes.length * (options.greeks ? 9 : 6) + extra + pairs.length;
    const labels = positions ? positionLabels(positions) : null;
    const block = new Float64Array(count * rows).fill(NaN);
    let used = 0;
    const add = (name: string) => {
      const column = block.subarray(used * rows, ++used * rows);
      this.columns.set(name, column);
      return column;
    };
    add(TIME_SERIES);
    this.modes = modes.map((m) => {
      const shared = poolingOf(m) === 'shared';
      return {
        equity: add(modeSeries(m.name, 'equity')),
        requirement: add(modeSeries(m.name, 'requirement')),
        headroom: add(modeSeries(m.name, 'headroom')),
        open: add(modeSeries(m.name, 'open')),
        standalone: shared ? add(modeSeries(m.name, 'standalone')) : null,
        lossH: shared ? add(modeSeries(m.name, 'loss_h')) : null,
        greeks: options.greeks
          ? { delta: add(modeSeries(m.name, 'delta')), gamma: add(modeSeries(m.name, 'gamma')), vega: add(modeSeries(m.name, 'vega')) }
          : null,
        diagnostics: m.method.diagnostics
          ? { values: m.method.diagnostics.values, columns: m.method.diagnostics.names.map((name) => add(methodSeries(m.name, name))) }
          : null,
        liquidationPrices: labels ? labels.map((label) => add(liquidationPriceSeries(m.name, label))) : null,
      };
    });
    this.rho = pairs.map(([i, j]) => add(pairSeries(assets[i], assets[j])));
    this.rhoIndex = Int32Array.from(pairs.flatMap(([i, j]) => [i, j]));
    this.repair = add(REPAIR_DISTANCE_SERIES);
  }

  /** Keep a copy of each asset's implied-volatility path (`iv.<asset>`), for the assets that have one. */
  impliedVols(assets: readonly string[], impliedVol: readonly (Float64Array | null)[]): void {
    impliedVol.forEach((iv, a) => {
      if (iv) this.columns.set(impliedVolSeries(assets[a]), Float64Array.from(iv));
    });
  }

  /** Net greeks of mode `m`'s open positions at step `t` (per-unit greeks scaled by the mode's quantities). */
  greeks(m: number, ledger: ModeLedger, t: number, greeks: Sensitivities): void {
    const c = this.modes[m].greeks;
    if (!c) return;
    let delta = 0;
    let gamma = 0;
    let vega = 0;
    for (let p = 0; p < ledger.open.length; p++) {
      if (!ledger.open[p]) continue;
      const q = ledger.quantity[p];
      delta += q * greeks.delta[p];
      gamma += q * greeks.gamma[p];
      vega += q * greeks.vega[p];
    }
    c.delta[t] = delta;
    c.gamma[t] = gamma;
    c.vega[t] = vega;
  }

  /** Keep a copy of the path's prices (`price.<asset>`): overlays and synthetic paths differ from the data. */
  prices(assets: readonly string[], columns: readonly Float64Array[]): void {
    assets.forEach((asset, a) => this.columns.set(priceSeries(asset), Float64Array.from(columns[a])));
  }

  mode(m: number, ledger: ModeLedger, t: number, open: number): void {
    const c = this.modes[m];
    c.equity[t] = ledger.accountEquity();
    c.requirement[t] = ledger.totalRequirement();
    c.headroom[t] = ledger.minHeadroom();
    c.open[t] = open;
    if (c.standalone) c.standalone[t] = open > 0 ? ledger.pools[0].requirement.standaloneSum : 0;
    if (c.diagnostics && open > 0) {
      const { values, columns } = c.diagnostics;
      for (let k = 0; k < columns.length; k++) columns[k][t] = values[k];
    }
    if (c.liquidationPrices) {
      const prices = ledger.liquidationPrice;
      for (let p = 0; p < c.liquidationPrices.length; p++) c.liquidationPrices[p][t] = prices[p];
    }
  }

  loss(m: number, t: number, loss: number): void {
    const column = this.modes[m].lossH;
    if (column) column[t] = loss;
  }

  correlations(estimate: CorrelationEstimate, t: number): void {
    const n = estimate.n;
    const index = this.rhoIndex;
    for (let k = 0; k < this.rho.length; k++) this.rho[k][t] = estimate.correlation[index[2 * k] * n + index[2 * k + 1]];
    this.repair[t] = estimate.repairDistance;
  }
}

/** Every pair (i, j), i < j, in row order: what `rho.<A>.<B>` holds by default. */
export function allPairs(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  return pairs;
}
