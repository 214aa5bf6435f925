import { extname } from 'node:path';
import type { CommandModule } from 'yargs';
import { XmarginError } from '../../core/errors.js';
import type { MissingPolicy } from '../../data/missing-policy.js';
import type { GeneratePathsResult } from '../../paths/generate-paths.js';

interface GenerateArgs {
  generator: string;
  runs?: number;
  steps?: number;
  seed?: number;
  out: string;
  csv?: string;
  data?: string;
  start?: string;
  assets?: string;
  'first-path': number;
  missing: string;
}

/** `xmargin generate`: a thin shell over `loadGeneratorInput` + `generatePaths`. */
export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Generate synthetic price paths (GBM, Student-t, jumps, regime switching, bootstrap, FHS) to Arrow/CSV',
  builder: (yargs) =>
    yargs
      .option('generator', {
        type: 'string',
        demandOption: true,
        describe:
          'Generator spec: a JSON file (an object with "kind", or a scenario with "paths.generator" or "generator"), or the JSON itself, e.g. \'{"kind":"gbm","assets":["A"],"sigma":0.2}\'',
      })
      .option('runs', { type: 'number', describe: 'Number of paths [default: the scenario\'s paths.runs, else 100]' })
      .option('steps', { type: 'number', describe: 'Returns per path, each path has steps + 1 rows [default: paths.steps, else 252]' })
      .option('seed', { type: 'number', describe: 'Seed; path k depends only on (seed, k) [default: paths.seed, else 1]' })
      .option('first-path', { type: 'number', default: 0, describe: 'Index of the first path (to generate shards of one run)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Arrow IPC file to write (atomically): path, date, one column per asset' })
      .option('csv', { type: 'string', describe: 'Also write CSV; a file name, or no value for the --out name with .csv' })
      .option('data', { type: 'string', describe: 'Price history (.csv/.arrow) for fit "data", bootstrap and filtered-historical' })
      .option('missing', { type: 'string', default: 'error', describe: 'Missing prices in --data: error, ffill or drop' })
      .option('start', { type: 'string', describe: 'First date of the business-day axis (default: last history date, else 2000-01-03)' })
      .option('assets', { type: 'string', describe: 'Comma-separated assets when the spec names none (default: all in the history)' })
      .example('$0 generate --generator gbm.json --runs 1000 --steps 252 --seed 7 --out paths.arrow', 'GBM paths to Arrow')
      .example('$0 generate --generator \'{"kind":"gbm","assets":["A","B"],"sigma":0.2,"rho":0.5}\' --out ab.arrow', 'Inline spec')
      .example('$0 generate --generator boot.json --data data/swx.csv --out boot.arrow --csv', 'Bootstrap of history, also as boot.csv'),
  handler: async (argv) => {
    const { loadGeneratorInput } = await import('../../paths/load-generator-input.js');
    const { generatePaths } = await import('../../paths/generate-paths.js');
    const input = loadGeneratorInput(argv.generator, argv.data, argv.missing as MissingPolicy);
    const csv = argv.csv === undefined ? undefined : argv.csv || `${argv.out.slice(0, argv.out.length - extname(argv.out).length)}.csv`;
    let result: GeneratePathsResult;
    try {
      result = generatePaths(input.spec, {
        runs: argv.runs ?? input.runs ?? 100,
        steps: argv.steps ?? input.steps ?? 252,
        seed: argv.seed ?? input.seed ?? 1,
        firstPath: argv['first-path'],
        history: input.history,
        assets: argv.assets?.split(',').map((a) => a.trim()).filter(Boolean),
        start: argv.start,
        out: argv.out,
        csv,
        path: input.path,
      });
    } catch (error) {
      // Spec errors carry a JSON path; add the file so the message says where.
      if (error instanceof XmarginError && error.code === 'E_INPUT_SCENARIO' && error.location.file === undefined) {
        throw new XmarginError(error.code, error.detail, { ...error.location, file: input.source });
      }
      throw error;
    }
    process.stdout.write(
      `wrote ${result.files.join(' and ')}: ${result.runs} paths × ${result.steps + 1} rows × ${result.assets.length} assets ` +
        `(${result.rows} rows); ${result.description}\n`,
    );
    for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
  },
};
