import { dirname, extname, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { XmarginError } from '../../core/errors.js';
import type { MissingPolicy } from '../../data/missing-policy.js';
import type { PriceFrame } from '../../data/price-frame.js';
import { readPriceFile } from '../../data/price-file.js';
import { parseTimeText } from '../../data/time-text.js';
import { generatePaths, type GeneratePathsResult } from '../../paths/generate-paths.js';
import type { GeneratorSpec } from '../../paths/generator-spec.js';
import { readJsonFile } from '../../scenario/json-input.js';

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

/** A generator spec read from a file, with the history and run settings its scenario names (if any). */
export interface GeneratorInput {
  readonly spec: GeneratorSpec;
  /** JSON path of the spec inside the file: `generator`, `paths.generator`, or `generator` for a bare spec. */
  readonly path: string;
  readonly history?: PriceFrame;
  /** `paths.runs`, `paths.steps`, `paths.seed` of a scenario, used when the options do not give them. */
  readonly runs?: number;
  readonly steps?: number;
  readonly seed?: number;
}

/**
 * Reads `--generator`: a bare spec (an object with `kind`), or a scenario with `paths.generator` (and
 * optionally `paths.runs`, `paths.steps`, `paths.seed`) or a top-level `generator`, plus optionally
 * `data: { file, from, to, missing }` (file relative to the JSON file). `dataFile` (`--data`) overrides `data`.
 */
export function loadGeneratorInput(file: string, dataFile?: string, missing: MissingPolicy = 'error'): GeneratorInput {
  const value = readJsonFile(file) as Record<string, unknown>;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  let spec: unknown = value;
  let path = 'generator';
  let settings: Record<string, unknown> = {};
  let data: { file?: unknown; from?: unknown; to?: unknown; missing?: unknown } | undefined;
  if (isObject && !('kind' in value)) {
    const paths = value.paths as Record<string, unknown> | undefined;
    if (typeof paths === 'object' && paths !== null && 'generator' in paths) {
      spec = paths.generator;
      path = 'paths.generator';
      settings = paths;
    } else if ('generator' in value) {
      spec = value.generator;
    } else {
      throw new XmarginError('E_INPUT_SCENARIO', 'expected a generator spec (with "kind") or a scenario with "paths.generator"', { file });
    }
    data = value.data as typeof data;
  }
  let history: PriceFrame | undefined;
  if (dataFile !== undefined) {
    history = readPriceFile(dataFile, { missing }).frame;
  } else if (data !== undefined && typeof data === 'object' && typeof data.file === 'string') {
    const policy = typeof data.missing === 'string' ? (data.missing as MissingPolicy) : missing;
    history = readPriceFile(resolve(dirname(file), data.file), { missing: policy }).frame;
    const bound = (text: unknown, key: string): number | undefined => {
      if (text === undefined) return undefined;
      const ms = typeof text === 'string' ? parseTimeText(text, 0, text.length) : NaN;
      if (Number.isNaN(ms)) throw new XmarginError('E_INPUT_SCENARIO', `expected YYYY-MM-DD, got ${JSON.stringify(text)}`, { file, path: `data.${key}` });
      return ms;
    };
    history = history.sliceTime(bound(data.from, 'from'), bound(data.to, 'to'));
  }
  const setting = (key: string): number | undefined => (typeof settings[key] === 'number' ? (settings[key] as number) : undefined);
  return { spec: spec as GeneratorSpec, path, history, runs: setting('runs'), steps: setting('steps'), seed: setting('seed') };
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
        describe: 'Generator spec JSON (an object with "kind"), or a scenario JSON with "paths.generator" (or "generator")',
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
      .example('$0 generate --generator boot.json --data data/swx.csv --out boot.arrow --csv', 'Bootstrap of history, also as boot.csv'),
  handler: (argv) => {
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
        throw new XmarginError(error.code, error.detail, { ...error.location, file: argv.generator });
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
