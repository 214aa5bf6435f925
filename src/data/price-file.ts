import { extname } from 'node:path';
import { XmarginError } from '../core/errors.js';
import { readCsvFile, type FrameReadResult, type ReadOptions } from './parse-csv.js';
import { readArrowFile } from './read-arrow.js';
import { writeCsvFile } from './write-csv.js';
import { writeArrowFile } from './write-arrow.js';
import type { PriceFrame } from './price-frame.js';

/** File formats by extension (case-insensitive). */
export type PriceFileFormat = 'csv' | 'arrow';

const FORMATS: Readonly<Record<string, PriceFileFormat>> = {
  '.csv': 'csv',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
};

/** The format a path's extension names: `.csv`, or `.arrow` / `.feather` / `.ipc` (Arrow IPC file). */
export function priceFileFormat(path: string): PriceFileFormat {
  const extension = extname(path).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    throw new XmarginError(
      'E_INPUT',
      `expected a file name ending in ${Object.keys(FORMATS).join(', ')}, got ${JSON.stringify(extension || '(no extension)')}`,
      { file: path },
    );
  }
  return format;
}

/** Read a price file, CSV or Arrow by extension. */
export function readPriceFile(path: string, options: ReadOptions = {}): FrameReadResult {
  return priceFileFormat(path) === 'csv' ? readCsvFile(path, options) : readArrowFile(path, options);
}

/** Write a price file atomically, CSV or Arrow IPC file by extension. */
export function writePriceFile(path: string, frame: PriceFrame): void {
  if (priceFileFormat(path) === 'csv') writeCsvFile(path, frame);
  else writeArrowFile(path, frame);
}
