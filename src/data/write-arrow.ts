import { Field, Float64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Timestamp, TimeUnit } from 'apache-arrow';
import { writeFileAtomic } from '../core/atomic-write.js';
import { XmarginError } from '../core/errors.js';
import type { PriceFrame } from './price-frame.js';

/**
 * A frame as a standard Arrow IPC *file* (the `ARROW1` magic, random-access footer; what pyarrow's
 * `pa.ipc.open_file`, `pd.read_feather` and polars read). The time column keeps its name and is
 * `Timestamp(MILLISECOND, "UTC")`; each asset is a non-nullable `Float64` column, in frame order.
 */
export function writeArrowBuffer(frame: PriceFrame): Uint8Array {
  if (frame.hasAsset(frame.timeName)) {
    throw new XmarginError(
      'E_INPUT',
      `expected the time column name to differ from every asset name, got ${JSON.stringify(frame.timeName)} for both`,
    );
  }
  const rows = frame.rows;
  const epochMs = new BigInt64Array(rows);
  for (let t = 0; t < rows; t++) epochMs[t] = BigInt(frame.time[t]);
  const timeType = new Timestamp(TimeUnit.MILLISECOND, 'UTC');
  const fields = [
    new Field(frame.timeName, timeType, false),
    ...frame.assets.map((asset) => new Field(asset, new Float64(), false)),
  ];
  const children = [
    makeData({ type: timeType, length: rows, nullCount: 0, data: epochMs }),
    ...frame.columns.map((column) => makeData({ type: new Float64(), length: rows, nullCount: 0, data: column })),
  ];
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
  return tableToIPC(new Table([batch]), 'file');
}

/** Write `writeArrowBuffer(frame)` atomically (temporary file, then rename). */
export function writeArrowFile(path: string, frame: PriceFrame): void {
  writeFileAtomic(path, writeArrowBuffer(frame));
}
