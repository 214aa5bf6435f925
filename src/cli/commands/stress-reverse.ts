import type { CommandModule } from 'yargs';
import { XmarginError } from '../../core/errors.js';

interface StressReverseArgs {
  scenario: string;
  at: string;
  'max-shock'?: number;
  'max-rho-shift'?: number;
  'rho-step'?: number;
  'rho-per-sigma'?: number;
  direction?: string;
  json: boolean;
}

/** `xmargin stress-reverse <scenario> --at <date>`: a thin shell over `stressReverse`. */
export const stressReverseCommand: CommandModule<object, StressReverseArgs> = {
  command: 'stress-reverse <scenario>',
  describe: 'What breaks each mode at a date: the smallest adverse price shock and correlation shift that liquidate it or leave its margin short, as a frontier and its nearest point',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario JSON file (historical)' })
      .option('at', { type: 'string', default: 'open', describe: 'Date of the book, YYYY-MM-DD (the first step on or after it), or "open" for the opening' })
      .option('max-shock', { type: 'number', describe: 'Largest shock searched: h-step standard deviations along the worst direction, or multiples of --direction (default 10)' })
      .option('max-rho-shift', { type: 'number', describe: 'Largest correlation shift on the frontier, toward the sign that hurts each mode (default 1)' })
      .option('rho-step', { type: 'number', describe: 'Spacing of the correlation shifts on the frontier (default 0.05)' })
      .option('rho-per-sigma', { type: 'number', describe: 'Distance to breach: a correlation shift of this size weighs as one standard deviation of shock (default 0.1)' })
      .option('direction', { type: 'string', describe: 'A given direction instead of the worst one: relative move per asset at shock 1, as JSON, e.g. \'{"DAX":-0.1,"CAC":0.05}\'' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 stress-reverse scenarios/eu-pair-trade-1998.json --at 1998-07-20', 'Frontier and nearest breach of every mode')
      .example('$0 stress-reverse scenarios/eu-pair-trade-1998.json --direction \'{"DAX":-0.1}\'', 'Along a DAX fall only'),
  handler: async (argv) => {
    const { stressReverse } = await import('../../analysis/stress-reverse.js');
    const { formatStressReverse } = await import('../../analysis/format-analysis.js');
    let direction: Record<string, number> | undefined;
    if (argv.direction !== undefined) {
      try {
        direction = JSON.parse(argv.direction) as Record<string, number>;
      } catch (error) {
        throw new XmarginError('E_INPUT_ARGS', `--direction: expected JSON such as {"DAX": -0.1}, got ${JSON.stringify(argv.direction)} (${(error as Error).message})`);
      }
      if (typeof direction !== 'object' || direction === null || Array.isArray(direction)) throw new XmarginError('E_INPUT_ARGS', '--direction: expected an object of asset → move');
    }
    const report = stressReverse(argv.scenario, {
      at: argv.at,
      maxShock: argv['max-shock'],
      maxRhoShift: argv['max-rho-shift'],
      rhoStep: argv['rho-step'],
      rhoPerSigma: argv['rho-per-sigma'],
      direction,
    });
    process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : formatStressReverse(report));
  },
};
