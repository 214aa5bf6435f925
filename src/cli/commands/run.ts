import type { CommandModule } from 'yargs';
import { XmarginError, exitCodeFor } from '../../core/errors.js';

interface RunArgs {
  scenarios: string[];
  out?: string;
  json: boolean;
  quiet: boolean;
  report: boolean;
  threads?: number;
  shard?: string;
}

/** `xmargin run <scenario..>`: a thin shell over `runScenario`. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenarios..>',
  describe: 'Run scenarios through every margin mode and write result.json, events.csv, timeseries.arrow and reports',
  builder: (yargs) =>
    yargs
      .positional('scenarios', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'Scenario JSON files' })
      .option('out', {
        type: 'string',
        describe: 'Output folder (default reports/<scenario name>/); with several scenarios, one subfolder each',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print each result.json to stdout instead of the summary table' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' })
      .option('report', { type: 'boolean', default: true, describe: 'Write report.html and report.md (--no-report skips the charts: faster batch runs; re-render later with xmargin report)' })
      .option('threads', { type: 'number', describe: 'Monte Carlo: threads, this one plus N − 1 workers, all started (default: up to every core, a worker started only for a run long enough to pay for its start); the result does not depend on it' })
      .option('shard', { type: 'string', describe: 'Monte Carlo: run only shard k of N (e.g. 2/8) into a shard folder; combine with xmargin merge' })
      .example('$0 run scenarios/eu-pair-trade-1998.json', 'Run one scenario; output in reports/eu-pair-trade-1998/')
      .example('$0 run scenarios/*.json --out /tmp/xm', 'Run every bundled scenario')
      .example('$0 run scenarios/mc-jump-contagion.json --shard 1/4 --out shards/1', 'Run the first quarter of the Monte Carlo paths'),
  handler: async (argv) => {
    // Loaded on use: `xmargin --help` and other commands do not pay for the engine's modules.
    const { runScenarioFile } = await import('../../run/run-scenario-file.js');
    const { parseShard } = await import('../../montecarlo/shard-spec.js');
    const { formatShardLine } = await import('../../report/format-monte-carlo.js');
    const shard = argv.shard !== undefined ? parseShard(argv.shard) : undefined;
    const { batchSeparator, batchSummary, formatRunSummary } = await import('../../report/console-summary.js');
    const { terminalStyle } = await import('../../report/terminal-style.js');
    const style = terminalStyle(process.stdout);
    const outcomes: { file: string; name?: string; outDir?: string; error?: string; report: boolean }[] = [];
    // Every run written also writes report.html and report.md (the engine does not depend on reports).
    if (argv.report) await import('../../report/register-reports.js');
    // In a batch a failure is a value: report it, run the rest, exit with the worst code.
    let worst = 0;
    const several = argv.scenarios.length > 1;
    const summaries = !argv.quiet && !argv.json;
    for (const [k, file] of argv.scenarios.entries()) {
      if (several && summaries) process.stdout.write(batchSeparator(k + 1, argv.scenarios.length, style));
      try {
        const run = await runScenarioFile(file, { ...(several ? { outRoot: argv.out } : { out: argv.out }), threads: argv.threads, shard });
        if ('kind' in run) {
          if (!argv.quiet) process.stdout.write(formatShardLine(run));
          outcomes.push({ file, outDir: run.outDir, report: false });
          continue;
        }
        outcomes.push({ file, name: run.result.scenario.name, outDir: run.outDir, report: argv.report });
        if (argv.json) process.stdout.write(`${JSON.stringify(run.result, null, 2)}\n`);
        else if (!argv.quiet) process.stdout.write(formatRunSummary(run.result, run.outDir, { style, report: argv.report }));
      } catch (error) {
        if (!several) throw error;
        const code = exitCodeFor(error);
        worst = Math.max(worst, code);
        const message = error instanceof XmarginError ? error.message : error instanceof Error ? error.message : String(error);
        process.stderr.write(`xmargin: error: ${message}\n`);
        outcomes.push({ file, error: message, report: false });
      }
    }
    if (several && summaries) process.stdout.write(batchSummary(outcomes, style));
    if (worst) process.exitCode = worst;
  },
};
