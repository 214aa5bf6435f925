import yargs, { type Argv } from 'yargs';
import { XmarginError, exitCodeFor, EXIT_INVALID_INPUT } from '../core/errors.js';
import { commands } from './commands/index.js';

/**
 * The CLI entry. Each command module's handler calls one exported library function; this file only
 * wires them into yargs and turns errors into one line on stderr and an exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  let cli: Argv = yargs(argv)
    .scriptName('xmargin')
    .usage('$0 <command> [options]\n\nBacktest and stress-test isolated, cross and portfolio margin side by side.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Print stack traces for errors' })
    .strict()
    .demandCommand(1, 'Name a command; see the list above.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .exitProcess(false)
    .fail((message, error) => {
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
      process.stderr.write(`xmargin: error: ${error.message}\n`);
      if (error.code === 'E_INPUT_ARGS') process.stderr.write(`Run 'xmargin --help' for usage.\n`);
      if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`xmargin: unexpected error: ${message}\n`);
      if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write(`(run with --verbose for the stack trace)\n`);
    }
  }
  return exitCode === EXIT_INVALID_INPUT || exitCode ? exitCode : 0;
}

/** Commands set `process.exitCode`-like results through this helper so `main` returns them. */
export function setExitCode(code: number): void {
  process.exitCode = code;
}
