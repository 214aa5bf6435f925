import { AsyncByteQueue, Field, Float64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Table, tableToIPC, tableFromIPC, Timestamp, TimeUnit } from 'apache-arrow';
import { TIME_SERIES } from '../engine/series-columns.js';

/**
 * Per-step series as a standard Arrow IPC file: `time` as Timestamp(ms, UTC), every other column Float64
 * (NaN where undefined, e.g. before the book opens). Opens in pandas, polars and DuckDB.
 */
export function seriesToArrow(series: ReadonlyMap<string, Float64Array>): Uint8Array {
  return tableToIPC(seriesTable(series), 'file');
}

/**
 * The same file as `seriesToArrow`, as the chunks the Arrow writer produced, in order: their concatenation
 * is the file, and the column chunks are views of `series`' arrays, not copies. `writeFileAtomic` writes the
 * list as it is; `seriesToArrow` joins it into one fresh buffer first, a 10 MB copy (and 10 MB of freshly
 * touched memory) for a 30-asset book.
 */
export function seriesToArrowChunks(series: ReadonlyMap<string, Float64Array>): readonly Uint8Array[] {
  const sink = new ChunkList();
  new RecordBatchFileWriter().reset(sink).writeAll(seriesTable(series));
  return sink.chunks;
}

/**
 * A writer sink that hands out what was written as a list. The queue keeps written chunks, in order, until a
 * reader takes them; its own `toUint8Array(true)` would join them into one copy.
 */
class ChunkList extends AsyncByteQueue {
  get chunks(): readonly Uint8Array[] {
    return this._values;
  }
}

function seriesTable(series: ReadonlyMap<string, Float64Array>): Table {
  const time = series.get(TIME_SERIES);
  if (!time) throw new Error('series has no time column');
  const rows = time.length;
  const epochMs = new BigInt64Array(rows);
  for (let t = 0; t < rows; t++) epochMs[t] = BigInt(time[t]);
  const timeType = new Timestamp(TimeUnit.MILLISECOND, 'UTC');
  const names = [...series.keys()].filter((k) => k !== TIME_SERIES);
  const fields = [new Field(TIME_SERIES, timeType, false), ...names.map((name) => new Field(name, new Float64(), false))];
  const children = [
    makeData({ type: timeType, length: rows, nullCount: 0, data: epochMs }),
    ...names.map((name) => makeData({ type: new Float64(), length: rows, nullCount: 0, data: series.get(name)! })),
  ];
  const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }));
  return new Table([batch]);
}

/** Read a series file written by `seriesToArrow` back into columns (time in epoch ms). */
export function arrowToSeries(bytes: Uint8Array): Map<string, Float64Array> {
  const table = tableFromIPC(bytes);
  const out = new Map<string, Float64Array>();
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    const column = new Float64Array(table.numRows);
    if (field.name === TIME_SERIES) {
      let t = 0;
      for (const v of vector) column[t++] = Number(v);
    } else {
      const values = vector.toArray() as Float64Array;
      column.set(values);
    }
    out.set(field.name, column);
  }
  return out;
}
