import type { CommandModule } from 'yargs';
import type { MissingPolicy } from '../../data/missing-policy.js';

interface ConvertArgs {
  input: string;
  output: string;
  /** Checked by the library (`checkMissingPolicy`), which names the allowed values. */
  missing: string;
}

/** `xmargin convert <input> <output>`: a thin shell over `convertPriceFile`. */
export const convertCommand: CommandModule<object, ConvertArgs> = {
  command: 'convert <input> <output>',
  describe: 'Convert a price file between CSV and Arrow IPC (format from each extension), validating it',
  builder: (yargs) =>
    yargs
      .positional('input', { type: 'string', demandOption: true, describe: 'Price file to read: .csv, .arrow, .feather or .ipc' })
      .positional('output', {
        type: 'string',
        demandOption: true,
        describe: 'File to write (atomically): .csv, or .arrow / .feather / .ipc for an Arrow IPC file',
      })
      .option('missing', {
        type: 'string',
        default: 'error',
        describe:
          'Missing prices (empty, NA, NaN, null): "error" rejects them; "ffill" carries the last price forward; "drop" drops rows with a gap',
      })
      .example('$0 convert data/swx.csv swx.arrow', 'CSV to an Arrow IPC file')
      .example('$0 convert prices.arrow prices.csv --missing drop', 'Arrow to CSV, dropping rows with gaps'),
  handler: async (argv) => {
    const { convertPriceFile } = await import('../../data/convert-price-file.js');
    const result = convertPriceFile(argv.input, argv.output, { missing: argv.missing as MissingPolicy });
    const missing = result.missing.cells
      ? `${result.missing.cells} missing cells, policy "${result.missing.policy}" (${result.missing.filled} filled, ${result.missing.droppedRows} rows dropped)`
      : 'no missing cells';
    process.stdout.write(`wrote ${result.output} (${result.to}): ${result.rows} rows × ${result.assets} assets; ${missing}\n`);
  },
};
