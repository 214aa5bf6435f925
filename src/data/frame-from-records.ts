import { XmarginError } from '../core/errors.js';
import { assembleInteropFrame, describeValue, pathKey, type FrameParts, type InteropOptions } from './interop-frame.js';
import { timeColumnIndex } from './time-column.js';

/**
 * A PriceFrame from row objects (`[{ date: '2000-01-03', SPI: 5022.86 }, …]`), the shape of
 * `JSON.parse`d tables and danfo.js row JSON. The keys of `records[0]` fix the columns: the key named
 * `date`, `time`, `timestamp` or `datetime` (any case), else the first key, is the time; the others are
 * assets in key order. Later records may leave a key out (a missing value) but not add one.
 * Errors are `E_INPUT` with a path such as `records[3].SPI`.
 */
export function framePartsFromRecords(records: readonly Record<string, unknown>[], options: InteropOptions = {}): FrameParts {
  if (!Array.isArray(records)) {
    throw new XmarginError('E_INPUT', `expected an array of records, got ${describeValue(records)}`, { path: 'records' });
  }
  records.forEach((record, i) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new XmarginError('E_INPUT', `expected an object, got ${describeValue(record)}`, { path: `records[${i}]` });
    }
  });
  if (records.length === 0) throw new XmarginError('E_INPUT', 'expected at least one record, got none', { path: 'records' });
  const keys = Object.keys(records[0]);
  const timeKey = keys[timeColumnIndex(keys)];
  if (timeKey === undefined) {
    throw new XmarginError('E_INPUT', 'expected a time field and price fields, got an empty object', { path: 'records[0]' });
  }
  const assets = keys.filter((key) => key !== timeKey);
  const known = new Set(keys);
  records.forEach((record, i) => {
    for (const key of Object.keys(record)) {
      if (!known.has(key)) {
        throw new XmarginError('E_INPUT', `expected only the fields of records[0] (${keys.join(', ')}), got an extra field`, {
          path: `records[${i}]${pathKey(key)}`,
        });
      }
    }
  });
  const timePath = pathKey(timeKey);
  const assetPaths = assets.map(pathKey);
  return assembleInteropFrame(
    {
      rows: records.length,
      assets,
      timeName: timeKey,
      timeAt: (row) => records[row][timeKey],
      valueAt: (asset, row) => records[row][assets[asset]],
      timePath: (row) => `records[${row}]${timePath}`,
      valuePath: (asset, row) => `records[${row}]${assetPaths[asset]}`,
    },
    options,
  );
}
