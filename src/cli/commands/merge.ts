import type { CommandModule } from 'yargs';

interface MergeArgs {
  shards: string[];
  out?: string;
  scenario?: string;
  json: boolean;
  quiet: boolean;
  verify: boolean;
}

/** `xmargin merge <shard folders..>`: a thin shell over `mergeShards`. */
export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'Combine the shard folders of a Monte Carlo run (xmargin run --shard k/N) into the result of the whole run, with its reports',
  builder: (yargs) =>
    yargs
      .positional('shards', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'Shard folders, one per k of N, any order' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<scenario name>/)' })
      .option('scenario', { type: 'string', describe: 'The scenario file, when it is not where the shards were run from (merge replays the representative path on its data)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print result.json to stdout instead of the summary' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' })
      .option('verify', {
        type: 'boolean',
        default: true,
        describe: 'Check every shard.json and the representative files against their digests; --no-verify merges them unchecked (forensic use: the result lists them as unverified)',
      })
      .example('$0 merge shards/* --out reports/mc-jump-contagion', 'Merge every shard; same digest as the unsharded run'),
  handler: async (argv) => {
    const { mergeShards } = await import('../../montecarlo/merge-shards.js');
    const { formatRunSummary } = await import('../../report/console-summary.js');
    const { terminalStyle } = await import('../../report/terminal-style.js');
    // The merged folder holds the reports too, written with it in one folder write.
    await import('../../report/register-reports.js');
    const merged = mergeShards(argv.shards, { out: argv.out, scenario: argv.scenario, verify: argv.verify });
    if (!argv.verify) process.stderr.write(`xmargin: warning: the shards were merged without checking their digests (--no-verify); the result says so\n`);
    if (argv.json) process.stdout.write(`${JSON.stringify(merged.result, null, 2)}\n`);
    else if (!argv.quiet) {
      process.stdout.write(`merged ${merged.shards} shard${merged.shards > 1 ? 's' : ''}\n`);
      process.stdout.write(formatRunSummary(merged.result, merged.outDir, { style: terminalStyle(process.stdout) }));
    }
  },
};
