import type { CommandModule } from 'yargs';
import { XmarginError } from '../../core/errors.js';
import type { CalibrationGrid } from '../../calibrate/calibration-grid.js';

interface CalibrateArgs {
  scenario: string;
  grid?: string;
  ewma?: string;
  rolling?: string;
  shrinkage?: string;
  dcc?: string;
  stressed?: string;
  portfolios: number;
  seed: number;
  'max-legs': number;
  liquidate: boolean;
  'procyclicality-days': number;
  threads?: number;
  out?: string;
  json: boolean;
  quiet: boolean;
}

/** `xmargin calibrate <scenario>`: a thin shell over `runCalibration`. */
export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: 'calibrate <scenario>',
  describe: 'Sweep correlation estimators over the scenario and random books; score coverage, efficiency, procyclicality; rank and plot the frontier',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario JSON file' })
      .option('grid', { type: 'string', describe: 'Grid JSON file: {"ewma": [λ…], "rolling": [w…], "shrinkage": [w…], "dcc": true|{…}, "stressed": [{weight, period, base?}], "estimators": [spec…]}' })
      .option('ewma', { type: 'string', describe: 'EWMA decays, comma-separated (e.g. 0.90,0.94,0.97,0.99)' })
      .option('rolling', { type: 'string', describe: 'Rolling windows in steps, comma-separated (e.g. 20,60,120,250)' })
      .option('shrinkage', { type: 'string', describe: 'Ledoit–Wolf shrinkage windows, comma-separated (e.g. 60,250)' })
      .option('dcc', { type: 'string', describe: 'Add DCC(1,1): --dcc for a 250-step window (as in the default grid), --dcc 500 for another window' })
      .option('stressed', { type: 'string', describe: "Stressed blends of the scenario's estimator: WEIGHT@FROM..TO, comma-separated" })
      .option('portfolios', { type: 'number', default: 20, describe: "Random long/short books besides the scenario's own" })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the random books' })
      .option('max-legs', { type: 'number', default: 8, describe: 'Most legs in a random book (at least 2 are drawn)' })
      .option('liquidate', { type: 'boolean', default: false, describe: "Run books with the scenario's capital (a liquidated book stops being observed); default: hold every book to the end" })
      .option('procyclicality-days', { type: 'number', default: 5, describe: 'Days of the largest n-day requirement increase' })
      .option('threads', { type: 'number', describe: 'Worker threads (default: every core); the results do not depend on it' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<scenario name>-calibration/)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print calibration.json to stdout instead of the ranked table' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' })
      .epilogue('Without --grid or grid flags: EWMA λ 0.90/0.94/0.97/0.99, rolling 20/60/120/250, shrinkage 60/250, DCC with a 250-step window.')
      .example('$0 calibrate scenarios/eu-pair-trade-1998.json', 'The default grid on the scenario and 20 random books')
      .example('$0 calibrate scenarios/eu-pair-trade-1998.json --ewma 0.94,0.97 --rolling 60 --portfolios 5 --threads 2', 'A small sweep'),
  handler: async (argv) => {
    const { gridFromFlags, hasGridFlags, readCalibrationGrid } = await import('../../calibrate/calibration-grid.js');
    const { createProgress } = await import('../../calibrate/calibration-progress.js');
    const flags = { ewma: argv.ewma, rolling: argv.rolling, shrinkage: argv.shrinkage, dcc: argv.dcc, stressed: argv.stressed };
    if (argv.grid !== undefined && hasGridFlags(flags)) {
      throw new XmarginError('E_INPUT_ARGS', '--grid: give either a grid file or grid flags (--ewma, --rolling, --shrinkage, --dcc, --stressed), not both');
    }
    let grid: CalibrationGrid | undefined;
    if (argv.grid !== undefined) grid = readCalibrationGrid(argv.grid);
    else if (hasGridFlags(flags)) grid = gridFromFlags(flags);
    count(argv.portfolios, '--portfolios', 0);
    count(argv.seed, '--seed', 0);
    count(argv['max-legs'], '--max-legs', 2);
    if (!(argv['procyclicality-days'] > 0)) {
      throw new XmarginError('E_INPUT_ARGS', `--procyclicality-days: expected a positive number of days, got ${argv['procyclicality-days']}`);
    }
    if (argv.threads !== undefined) count(argv.threads, '--threads', 1);
    // Loaded on use: the calibration pulls in ECharts, which other commands should not pay for at startup.
    const { runCalibration } = await import('../../calibrate/run-calibration.js');
    const { formatCalibrationSummary } = await import('../../calibrate/calibration-console.js');
    const progress = argv.quiet || argv.json ? undefined : createProgress(process.stderr);
    try {
      const run = await runCalibration(argv.scenario, {
        grid,
        gridFile: argv.grid,
        portfolios: argv.portfolios,
        seed: argv.seed,
        maxLegs: argv['max-legs'],
        bookPolicy: argv.liquidate ? 'liquidate' : 'hold',
        procyclicalityDays: argv['procyclicality-days'],
        threads: argv.threads,
        out: argv.out,
        onProgress: progress?.update,
      });
      progress?.finish();
      if (argv.json) process.stdout.write(`${JSON.stringify(run.result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
      else if (!argv.quiet) {
        process.stdout.write(formatCalibrationSummary(run));
        process.stderr.write(`calibrated in ${(run.wallMs / 1000).toFixed(1)} s\n`);
      }
    } catch (error) {
      progress?.finish();
      throw error;
    }
  },
};

function count(value: number, flag: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new XmarginError('E_INPUT_ARGS', `${flag}: expected an integer ≥ ${min}, got ${value}`);
  }
}
