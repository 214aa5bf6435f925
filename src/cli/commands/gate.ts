import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { XmarginError } from '../../core/errors.js';

interface GateArgs {
  baseline?: string;
  candidate?: string;
  scenarios?: string[];
  policy?: string;
  result?: string;
  out?: string;
  'list-metrics': boolean;
  quiet: boolean;
  verify: boolean;
  format?: 'text' | 'markdown';
}

/** `xmargin gate`: a thin shell over `runGate`; a failed rule becomes exit code 3 after the outputs are written. */
export const gateCommand: CommandModule<object, GateArgs> = {
  command: 'gate',
  describe: 'Check margin-parameter changes against a policy: run scenarios under a baseline and a candidate parameter set (or check one saved result), write gate.md, junit.xml and gate.json; exit 3 when a rule fails',
  builder: (yargs) =>
    yargs
      .option('baseline', { type: 'string', describe: 'Parameter set (JSON) the change is measured from' })
      .option('candidate', { type: 'string', describe: 'Parameter set (JSON) under review' })
      .option('scenarios', { type: 'string', array: true, describe: 'Scenario files or patterns (quote them: \'scenarios/*.json\'; * and ? in the file name)' })
      .option('policy', { type: 'string', describe: 'Policy (JSON): the rules every candidate must pass' })
      .option('result', { type: 'string', describe: 'Check one saved run (its folder or result.json) against the absolute rules instead' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/gate/)' })
      .option('list-metrics', { type: 'boolean', default: false, describe: 'Print every metric name a rule can use, and exit' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Do not print the summary to stdout' })
      .option('format', { choices: ['text', 'markdown'] as const, describe: 'Summary on stdout: plain text (default on a terminal, coloured unless NO_COLOR is set) or the Markdown of gate.md (default otherwise)' })
      .option('verify', {
        type: 'boolean',
        default: true,
        describe: 'With --result: check the saved run against the digests in its result.json; --no-verify gates it unchecked (forensic use; gate.md and gate.json say it was not verified)',
      })
      .example("$0 gate --baseline examples/ci/baseline.json --candidate examples/ci/candidate.json --scenarios 'scenarios/*.json' --policy examples/ci/policy.json", 'Gate a parameter change on every bundled scenario')
      .example('$0 gate --result reports/eu-pair-trade-1998 --policy examples/ci/policy.json', 'Check one saved run against the absolute rules')
      .example('$0 gate --list-metrics', 'List the metric names'),
  handler: async (argv) => {
    const { metricCatalogueText } = await import('../../gate/gate-metrics.js');
    const { runGate } = await import('../../gate/run-gate.js');
    const { GATE_FILES } = await import('../../gate/write-gate-outputs.js');
    const { gateText } = await import('../../gate/gate-text.js');
    const { terminalStyle } = await import('../../report/terminal-style.js');
    if (argv['list-metrics']) {
      process.stdout.write(metricCatalogueText());
      return;
    }
    if (!argv.policy) throw new XmarginError('E_INPUT_ARGS', 'the gate needs --policy (or --list-metrics)');
    const run = await runGate({
      policy: argv.policy,
      baseline: argv.baseline,
      candidate: argv.candidate,
      scenarios: argv.scenarios,
      result: argv.result,
      out: argv.out,
      verify: argv.verify,
      // Progress only on a terminal: a CI log keeps the one summary line below.
      progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    if (!argv.verify && argv.result !== undefined) process.stderr.write(`xmargin: warning: the saved result was gated without checking its digests (--no-verify); gate.md says so\n`);
    const format = argv.format ?? (process.stdout.isTTY ? 'text' : 'markdown');
    if (!argv.quiet) process.stdout.write(format === 'text' ? gateText(run.report, terminalStyle(process.stdout)) : run.markdown);
    const { counts } = run.report;
    process.stderr.write(`gate: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped; wrote ${[GATE_FILES.markdown, GATE_FILES.junit, GATE_FILES.json].map((f) => join(run.outDir, f)).join(', ')}\n`);
    if (!run.report.passed) {
      throw new XmarginError('E_GATE_FAILED', `${counts.failed} of ${counts.checks} gate checks failed; see ${join(run.outDir, GATE_FILES.markdown)}`);
    }
  },
};
