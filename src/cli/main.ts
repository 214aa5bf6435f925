import yargs, { type Argv } from 'yargs';
import { XmarginError, exitCodeFor, EXIT_INVALID_INPUT } from '../core/errors.js';
import { softwareVersion } from '../core/version.js';
import { commands } from './commands/index.js';

const NO_COMMAND = 'name a command (listed above)';
/** A one-line message stays one line: longer ones are cut (the location comes first, so it survives). */
const MESSAGE_LIMIT = 1000;

/**
 * The CLI entry. Each command module's handler calls one exported library function; this file only
 * wires them into yargs and turns errors into one line on stderr and an exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  let cli: Argv = yargs(argv)
    .scriptName('xmargin')
    .usage(
      '$0 <command> [options]\n\nBacktest and stress-test isolated, cross and portfolio margin side by side.\n' +
        'From a clone without `npm link`, call it as `node bin/xmargin.js <command>` (or `npx xmargin <command>`).',
    )
    .option('verbose', { type: 'boolean', default: false, describe: 'Print stack traces for errors' })
    .strict()
    .demandCommand(1, NO_COMMAND)
    .recommendCommands()
    .help()
    .alias('help', 'h')
    // The version of this package, not of whatever package.json is in the working folder.
    .version(softwareVersion())
    .wrap(Math.min(110, process.stdout.columns || 110))
    .exitProcess(false)
    .fail((message, error, instance) => {
      if (!error && message === NO_COMMAND) instance.showHelp((help) => process.stderr.write(`${help}\n\n`));
      throw error ?? new XmarginError('E_INPUT_ARGS', message);
    });
  for (const command of commands) cli = cli.command(command as never);
  try {
    const parsed = await cli.parseAsync();
    const code = (parsed as { exitCode?: unknown }).exitCode;
    exitCode = typeof code === 'number' ? code : process.exitCode ? Number(process.exitCode) : 0;
  } catch (error) {
    exitCode = exitCodeFor(error);
    if (error instanceof XmarginError) {
      process.stderr.write(`xmargin: error: ${oneLine(error.message)}\n`);
      if (error.code === 'E_INPUT_ARGS') process.stderr.write(`Run 'xmargin ${commandOf(argv)}--help' for usage.\n`);
      if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`xmargin: unexpected error: ${oneLine(message)}\n`);
      if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write(`(run with --verbose for the stack trace)\n`);
    }
  }
  return exitCode === EXIT_INVALID_INPUT || exitCode ? exitCode : 0;
}

/** The command named on the line (`gate `), for the usage hint; empty when there is none. */
function commandOf(argv: readonly string[]): string {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && commands.some((c) => String(c.command).split(' ')[0] === first) ? `${first} ` : '';
}

function oneLine(message: string): string {
  const flat = message.replace(/\r\n|\r|\n/g, ' ');
  return flat.length > MESSAGE_LIMIT ? `${flat.slice(0, MESSAGE_LIMIT)}… (${flat.length.toLocaleString('en-US')} characters)` : flat;
}

/** Commands set `process.exitCode`-like results through this helper so `main` returns them. */
export function setExitCode(code: number): void {
  process.exitCode = code;
}
