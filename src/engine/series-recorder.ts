import type { CorrelationEstimate } from '../correlation/estimator.js';
import { poolingOf, type ModeDefinition } from './mode-definition.js';
import type { ModeLedger } from './mode-ledger.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { liquidationPriceSeries, methodSeries, modeSeries, pairSeries, positionLabels, priceSeries, REPAIR_DISTANCE_SERIES, TIME_SERIES } from './series-columns.js';

interface ModeColumns {
  /** The method's diagnostics: its values array and one column per name. */
  diagnostics: { values: Float64Array; columns: Float64Array[] } | null;
  equity: Float64Array;
  requirement: Float64Array;
  headroom: Float64Array;
  open: Float64Array;
  standalone: Float64Array | null;
  lossH: Float64Array | null;
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
  private readonly repair: Float64Array;

  /** `positions`, when given: record each one's liquidation price per mode (`<mode>.liquidation_price.<position>`). */
  constructor(rows: number, modes: readonly ModeDefinition[], assets: readonly string[], positions?: readonly ResolvedPosition[]) {
    // One block for every column, filled with NaN once; columns are views into it.
    const extra = modes.reduce((n, m) => n + (m.method.diagnostics?.names.length ?? 0), 0) + (positions ? modes.length * positions.length : 0);
    const count = 2 + modes.length * 6 + extra + (assets.length * (assets.length - 1)) / 2;
    const labels = positions ? positionLabels(positions.map((p) => p.asset)) : null;
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
        diagnostics: m.method.diagnostics
          ? { values: m.method.diagnostics.values, columns: m.method.diagnostics.names.map((name) => add(methodSeries(m.name, name))) }
          : null,
        liquidationPrices: labels ? labels.map((label) => add(liquidationPriceSeries(m.name, label))) : null,
      };
    });
    this.rho = [];
    for (let i = 0; i < assets.length; i++) {
      for (let j = i + 1; j < assets.length; j++) this.rho.push(add(pairSeries(assets[i], assets[j])));
    }
    this.repair = add(REPAIR_DISTANCE_SERIES);
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
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) this.rho[k++][t] = estimate.correlation[i * n + j];
    this.repair[t] = estimate.repairDistance;
  }
}
