import type { CommandModule } from 'yargs';
import { XmarginError, exitCodeFor } from '../../core/errors.js';
import { runScenario } from '../../engine/run-scenario.js';
import { formatRunSummary } from '../../report/console-summary.js';

interface RunArgs {
  scenarios: string[];
  out?: string;
  json: boolean;
  quiet: boolean;
}

/** `xmargin run <scenario..>`: a thin shell over `runScenario`. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenarios..>',
  describe: 'Run scenarios through every margin mode and write result.json, events.csv, timeseries.arrow and reports',
  builder: (yargs) =>
    yargs
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'Scenario JSON files' })
      .option('out', {
        type: 'string',
        describe: 'Output folder (default reports/<scenario name>/); with several scenarios, one subfolder each',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print each result.json to stdout instead of the summary table' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' })
      .example('$0 run scenarios/eu-pair-trade-1998.json', 'Run one scenario; output in reports/eu-pair-trade-1998/')
      .example('$0 run scenarios/*.json --out /tmp/xm', 'Run every bundled scenario'),
  handler: (argv) => {
    // In a batch a failure is a value: report it, run the rest, exit with the worst code.
    let worst = 0;
    for (const file of argv.scenarios) {
      try {
        const several = argv.scenarios.length > 1;
        const run = runScenario(file, several ? { outRoot: argv.out } : { out: argv.out });
        if (argv.json) process.stdout.write(`${JSON.stringify(run.result, null, 2)}\n`);
        else if (!argv.quiet) process.stdout.write(formatRunSummary(run.result, run.outDir));
      } catch (error) {
        if (argv.scenarios.length === 1) throw error;
        const code = exitCodeFor(error);
        worst = Math.max(worst, code);
        const message = error instanceof XmarginError ? error.message : error instanceof Error ? error.message : String(error);
        process.stderr.write(`xmargin: error: ${message}\n`);
      }
    }
    if (worst) process.exitCode = worst;
  },
};
