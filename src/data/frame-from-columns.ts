import { XmarginError } from '../core/errors.js';
import { assembleInteropFrame, describeValue, pathKey, type FrameParts, type InteropOptions, type TimeValue } from './interop-frame.js';

/** Column arrays, the shape danfo.js `DataFrame`s and most JS tables hand out column by column. */
export interface ColumnsInput {
  /** One time per row: `Date`, epoch milliseconds (UTC) or `YYYY-MM-DD` / ISO 8601 text with a zone. */
  readonly time: ArrayLike<TimeValue>;
  /** Asset name → prices, each as long as `time`. Missing: `null`, `undefined`, `NaN`, `""`, `"NA"`. */
  readonly columns: Readonly<Record<string, ArrayLike<unknown>>>;
}

/**
 * A PriceFrame from column arrays, validated like a CSV file (positive finite prices, strictly increasing
 * times, the missing policy); errors are `E_INPUT` with a path such as `columns.SPI[3]` or `time[2]`.
 *
 * ```ts
 * const { frame, missing } = frameFromColumns({ time: ['2000-01-03', '2000-01-04'], columns: { SPI: [5022.86, 4853.06] } });
 * ```
 */
export function framePartsFromColumns(input: ColumnsInput, options: InteropOptions = {}): FrameParts {
  if (typeof input !== 'object' || input === null) {
    throw new XmarginError('E_INPUT', `expected { time, columns }, got ${describeValue(input)}`);
  }
  const { time, columns } = input;
  if (!isArrayLike(time)) {
    throw new XmarginError('E_INPUT', `expected an array of times, got ${describeValue(time)}`, { path: 'time' });
  }
  if (typeof columns !== 'object' || columns === null) {
    throw new XmarginError('E_INPUT', `expected an object of price arrays, got ${describeValue(columns)}`, {
      path: 'columns',
    });
  }
  const assets = Object.keys(columns);
  const arrays = assets.map((asset) => {
    const values = columns[asset];
    if (!isArrayLike(values)) {
      throw new XmarginError('E_INPUT', `expected an array of prices, got ${describeValue(values)}`, {
        path: `columns${pathKey(asset)}`,
      });
    }
    if (values.length !== time.length) {
      throw new XmarginError('E_INPUT', `expected ${time.length} values (one per time), got ${values.length}`, {
        path: `columns${pathKey(asset)}`,
      });
    }
    return values;
  });
  const paths = assets.map((asset) => `columns${pathKey(asset)}`);
  return assembleInteropFrame(
    {
      rows: time.length,
      assets,
      timeName: 'date',
      timeAt: (row) => time[row],
      valueAt: (asset, row) => arrays[asset][row],
      timePath: (row) => `time[${row}]`,
      valuePath: (asset, row) => `${paths[asset]}[${row}]`,
    },
    options,
  );
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    ArrayBuffer.isView(value) ||
    (typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number')
  );
}
