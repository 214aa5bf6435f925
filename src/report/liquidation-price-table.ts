import { priceSeries, TIME_SERIES } from '../engine/series-columns.js';
import { formatDecimal, formatTime } from './report-format.js';
import type { ReportInput } from './report-input.js';
import { cell, type Cell, type Table } from './table-model.js';
import { formatPercent } from './text-table.js';

const price = (x: number | null): Cell => cell(x === null ? '-' : formatDecimal(x, 2), x);

/**
 * Liquidation prices per mode and position (runs with `series.liquidationPrices`): the last one recorded
 * while the position was open, the price then and the distance to it, and the closest the price came to
 * its liquidation price over the run (distance `|P − LP| / P`), with the date. Prices are in the asset's
 * own units (index points, dollars per share: the data's). Null when the run recorded none.
 */
export function liquidationPriceTable(input: ReportInput): Table | null {
  const { result, series } = input;
  const assets = [...result.data.assets].sort((a, b) => b.length - a.length);
  const time = series.get(TIME_SERIES);
  if (!time) return null;
  const rows: Cell[][] = [];
  for (const mode of result.modes) {
    // Columns `<mode>.liquidation_price.<position>`; a position's label is its asset, or begins with it and a space.
    const prefix = `${mode.name}.liquidation_price.`;
    const labels = [...series.keys()].filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
    labels.forEach((label) => {
      const asset = assets.find((a) => label === a || label.startsWith(`${a} `));
      const lp = series.get(`${prefix}${label}`);
      const path = asset === undefined ? undefined : series.get(priceSeries(asset));
      if (!lp || !path) return;
      let last = -1;
      let closest = -1;
      let closestDistance = Infinity;
      for (let t = 0; t < lp.length; t++) {
        if (!Number.isFinite(lp[t])) continue;
        last = t;
        const distance = Math.abs(path[t] - lp[t]) / path[t];
        if (distance < closestDistance) {
          closestDistance = distance;
          closest = t;
        }
      }
      rows.push([
        cell(mode.name),
        cell(label),
        price(last >= 0 ? lp[last] : null),
        cell(last >= 0 ? formatTime(time[last]) : '-', last >= 0 ? time[last] : null),
        price(last >= 0 ? path[last] : null),
        cell(last >= 0 ? formatPercent(Math.abs(path[last] - lp[last]) / path[last], 1) : '-', last >= 0 ? Math.abs(path[last] - lp[last]) / path[last] : null),
        cell(closest >= 0 ? formatPercent(closestDistance, 1) : '-', closest >= 0 ? closestDistance : null, closest >= 0 && closestDistance < 0.02 ? 'warn' : null),
        cell(closest >= 0 ? formatTime(time[closest]) : '-', closest >= 0 ? time[closest] : null),
      ]);
    });
  }
  if (rows.length === 0) return null;
  return {
    id: 'liquidation-prices',
    title: 'Liquidation prices',
    note: 'The underlying price at which each position\'s pool (isolated: its bucket; cross and portfolio: the account) would reach its requirement, every other price held, at the close of each step. ' +
      'Last: the last step the position was open; distance |price − liquidation price| / price; closest: the smallest distance over the run. Prices in the asset\'s units; "-": no price liquidates the pool (or the position never opened).',
    columns: [
      { label: 'mode' }, { label: 'position' }, { label: 'last liquidation price', numeric: true }, { label: 'on' },
      { label: 'price then', numeric: true }, { label: 'distance', numeric: true }, { label: 'closest distance', numeric: true }, { label: 'closest on' },
    ],
    rows,
  };
}
