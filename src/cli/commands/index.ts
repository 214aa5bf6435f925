import type { CommandModule } from 'yargs';
import { inspectCommand } from './inspect.js';
import { convertCommand } from './convert.js';
import { generateCommand } from './generate.js';
import { runCommand } from './run.js';
import { mergeCommand } from './merge.js';
import { calibrateCommand } from './calibrate.js';
import { gateCommand } from './gate.js';
import { reportCommand } from './report.js';
import { whatIfCommand } from './whatif.js';
import { stressReverseCommand } from './stress-reverse.js';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file in this folder. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, reportCommand, mergeCommand, inspectCommand, convertCommand, generateCommand, calibrateCommand, gateCommand, whatIfCommand, stressReverseCommand];
