import type { CommandModule } from 'yargs';
import { XmarginError } from '../../core/errors.js';

interface WhatIfArgs {
  scenario: string;
  at: string;
  add: string[];
  remove: string[];
  json: boolean;
}

/** `xmargin whatif <scenario> --at <date> --add '<position JSON>' --remove <asset|index>`: a thin shell over `whatIf`. */
export const whatIfCommand: CommandModule<object, WhatIfArgs> = {
  command: 'whatif <scenario>',
  describe: 'Each mode\'s requirement at a date before and after adding or removing positions, and the change of every position\'s share (Euler allocation, incremental requirement)',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario JSON file (historical)' })
      .option('at', { type: 'string', default: 'open', describe: 'Date of the book, YYYY-MM-DD (the first step on or after it), or "open" for the opening' })
      .option('add', { type: 'string', array: true, default: [], describe: 'A position to add, as the scenario writes one: \'{"asset":"SMI","notional":2000000,"leverage":10,"maintenanceRate":0.05}\' (repeatable)' })
      .option('remove', { type: 'string', array: true, default: [], describe: 'A position to remove: its index in the scenario (0-based) or an asset only one position holds (repeatable)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 whatif scenarios/eu-pair-trade-1998.json --at 1998-08-03 --add \'{"asset":"SMI","notional":2000000,"leverage":10,"maintenanceRate":0.05}\'', 'Add an SMI leg')
      .example('$0 whatif scenarios/eu-pair-trade-1998.json --at 1998-08-03 --remove CAC', 'Lift the CAC hedge'),
  handler: async (argv) => {
    const { whatIf } = await import('../../analysis/what-if.js');
    const { formatWhatIf } = await import('../../analysis/format-analysis.js');
    const add = argv.add.map((text, k) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new XmarginError('E_INPUT_ARGS', `--add[${k}]: expected a position as JSON, got ${JSON.stringify(text)} (${(error as Error).message})`);
      }
    });
    const report = whatIf(argv.scenario, { at: argv.at, add, remove: argv.remove });
    process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : formatWhatIf(report));
  },
};
