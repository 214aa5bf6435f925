import type { CommandModule } from 'yargs';

interface ReportArgs {
  dirs: string[];
  out?: string;
  quiet: boolean;
  verify: boolean;
}

/** `xmargin report <result-dir..>`: a thin shell over `reportFolders`. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dirs..>',
  describe: 'Re-render report.html and report.md from saved run outputs without re-running; several folders give one comparison report',
  builder: (yargs) =>
    yargs
      .positional('dirs', {
        type: 'string',
        array: true,
        demandOption: true,
        // yargs shows "[default: []]" for a variadic positional otherwise.
        default: undefined,
        describe: 'Run output folders (each with result.json, events.csv and timeseries.arrow)',
      })
      .option('out', {
        type: 'string',
        describe: 'Output folder (default: the run folder itself for one run; reports/comparison/ for several)',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' })
      .option('verify', {
        type: 'boolean',
        default: true,
        describe: 'Check result.json, events.csv and timeseries.arrow against the digests in result.json; --no-verify renders them unchecked (forensic use: the report says so)',
      })
      .example('$0 report reports/eu-pair-trade-1998', 'Re-render that run\'s report.html and report.md')
      .example('$0 report reports/a reports/b', 'Compare two runs in reports/comparison/'),
  handler: async (argv) => {
    // Loaded on use: the chart renderer is only needed here.
    const { reportFolders } = await import('../../report/render-reports.js');
    const written = reportFolders(argv.dirs, { out: argv.out, verify: argv.verify });
    if (!argv.verify) process.stderr.write(`xmargin: warning: rendered without checking the digests (--no-verify); the report says so\n`);
    if (!argv.quiet) {
      const what = written.comparison ? `comparison of ${argv.dirs.length} runs` : 'report';
      process.stdout.write(`${what}: ${written.html}\n${' '.repeat(what.length)}  ${written.markdown}\n`);
    }
  },
};
