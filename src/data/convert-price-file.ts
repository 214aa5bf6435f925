import type { MissingPolicy, MissingReport } from './missing-policy.js';
import { priceFileFormat, readPriceFile, writePriceFile, type PriceFileFormat } from './price-file.js';

export interface ConvertResult {
  readonly input: string;
  readonly output: string;
  readonly from: PriceFileFormat;
  readonly to: PriceFileFormat;
  readonly rows: number;
  readonly assets: number;
  readonly missing: MissingReport;
}

/**
 * Read a price file and write it in the format the output extension names (CSV ↔ Arrow IPC file), through
 * the same validation as every reader; the write is atomic. What `xmargin convert` runs.
 */
export function convertPriceFile(input: string, output: string, options: { missing?: MissingPolicy } = {}): ConvertResult {
  const to = priceFileFormat(output); // fail on a bad output name before reading anything
  const from = priceFileFormat(input);
  const { frame, missing } = readPriceFile(input, options);
  writePriceFile(output, frame);
  return { input, output, from, to, rows: frame.rows, assets: frame.width, missing };
}
