import type { CommandModule } from 'yargs';
import type { InspectReport } from '../../data/inspect.js';
import type { MissingPolicy, MissingReport } from '../../data/missing-policy.js';

interface InspectArgs {
  file: string;
  /** Checked by the library (`checkMissingPolicy`), which names the allowed values; absent: describe the gaps. */
  missing?: string;
  json: boolean;
}

/** `xmargin inspect <file>`: a thin shell over `inspectFile`. */
export const inspectCommand: CommandModule<object, InspectArgs> = {
  command: 'inspect <file>',
  describe: 'Summarise a price file: size, dates, frequency, gaps, volatility, drawdowns, correlations',
  builder: (yargs) =>
    yargs
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'Price file: .csv, or Arrow IPC (.arrow, .feather, .ipc)',
      })
      .option('missing', {
        type: 'string',
        describe:
          'Missing prices (empty, NA, NaN, null): "error" rejects them; "ffill" carries the last price forward; "drop" drops rows with a gap. Not given: the gaps are counted and the figures leave their rows out, as "drop", saying so',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON instead of a text table' })
      .example('$0 inspect data/eustockmarkets.csv', 'Text summary')
      .example('$0 inspect prices.arrow --missing ffill --json', 'JSON summary, gaps forward-filled'),
  handler: async (argv) => {
    const { inspectFile } = await import('../../data/inspect.js');
    const report = inspectFile(argv.file, argv.missing === undefined ? {} : { missing: argv.missing as MissingPolicy });
    process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : formatInspectReport(report));
  },
};

/** The human-readable summary: aligned key/value lines, a per-asset table, the correlation summary. */
export function formatInspectReport(report: InspectReport): string {
  const { frequency, correlation } = report;
  const head: [string, string][] = [];
  if (report.file !== undefined) head.push(['file', report.file]);
  head.push(['rows', `${report.rows}, ${report.firstTime} → ${report.lastTime} (time column "${report.timeColumn}")`]);
  head.push(['assets', `${report.assets.length}`]);
  head.push([
    'frequency',
    `${frequency.label}, ${round(frequency.periodsPerYear)} periods/year (median spacing ${spacing(frequency.medianSpacingMs)})`,
  ]);
  head.push(['missing', describeMissing(report.missing, report.missingPolicyDefaulted === true)]);
  const lines = alignColumns(head.map(([k, v]) => [k, v]), [false, false]);

  const header = ['asset', 'first', 'last', 'vol/yr', 'max drawdown', 'peak → trough', 'worst step', 'on', 'flat steps', 'longest flat'];
  const rows = report.perAsset.map((a) => [
    a.asset,
    price(a.firstPrice),
    price(a.lastPrice),
    percent(a.annualisedVolatility),
    percent(-a.maxDrawdown),
    a.maxDrawdown > 0 ? `${a.maxDrawdownPeak} → ${a.maxDrawdownTrough}` : '-',
    percent(a.worstReturn),
    a.worstReturnTime,
    `${a.flatSteps}`,
    a.longestFlatRun.steps > 0 ? `${a.longestFlatRun.steps} from ${a.longestFlatRun.from}` : '-',
  ]);
  const table = alignColumns([header, ...rows], [false, true, true, true, true, false, true, false, true, false]);

  if (correlation === null) return [...lines, '', ...table, '', `correlation of log returns: skipped: ${report.correlationSkipped}`, ''].join('\n');
  const corr: [string, string][] = [
    ['min / median / max', `${fixed(correlation.min)} / ${fixed(correlation.median)} / ${fixed(correlation.max)}`],
    ['most correlated', pair(correlation.mostCorrelated)],
    ['least correlated', pair(correlation.leastCorrelated)],
    ['singular', singular(report)],
  ];
  return [
    ...lines,
    '',
    ...table,
    '',
    `correlation of log returns (${correlation.pairs} pairs)`,
    ...alignColumns(corr, [false, false]).map((l) => `  ${l}`),
    '',
  ].join('\n');
}

function describeMissing(missing: MissingReport | null, defaulted: boolean): string {
  if (missing === null || missing.cells === 0) return `none${missing ? ` (policy "${missing.policy}")` : ''}`;
  if (defaulted) {
    const rows = `${missing.droppedRows} row${missing.droppedRows === 1 ? '' : 's'}`;
    return `${missing.cells} missing cell${missing.cells === 1 ? '' : 's'} in ${rows}, left out of the figures below (no --missing given: read as "drop"; --missing ffill carries prices forward, error refuses gaps)`;
  }
  const did =
    missing.policy === 'ffill'
      ? `forward-filled ${missing.filled}`
      : `dropped ${missing.droppedRows} row${missing.droppedRows === 1 ? '' : 's'}`;
  return `${missing.cells} missing cell${missing.cells === 1 ? '' : 's'}; policy "${missing.policy}" ${did}`;
}

/** Collinear pairs shown in the text summary (JSON lists up to `COLLINEAR_LISTED`). */
const COLLINEAR_SHOWN = 10;

function singular(report: InspectReport): string {
  const c = report.correlation!;
  const n = report.assets.length;
  if (!c.singular) return `no (rank ${c.rank} of ${n})`;
  const why: string[] = [];
  if (c.collinearPairs.length) {
    const shown = c.collinearPairs.slice(0, COLLINEAR_SHOWN).map((p) => `${p.a}/${p.b} ${fixed(p.correlation)}`).join(', ');
    const more = c.collinearPairCount - Math.min(COLLINEAR_SHOWN, c.collinearPairs.length);
    why.push(`collinear: ${shown}${more > 0 ? ` and ${more.toLocaleString('en-US')} more pairs` : ''}`);
  }
  if (c.constantAssets.length) {
    const more = c.constantAssets.length - COLLINEAR_SHOWN;
    why.push(`constant: ${c.constantAssets.slice(0, COLLINEAR_SHOWN).join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`);
  }
  if (!why.length) why.push('a linear combination of assets has zero variance');
  return `YES (rank ${c.rank} of ${n}); ${why.join('; ')}`;
}

function pair(p: { a: string; b: string; correlation: number } | null): string {
  return p ? `${p.a} / ${p.b}  ${fixed(p.correlation)}` : '-';
}

/** Pads cells to their column's width; `right[i]` right-aligns column i. */
function alignColumns(rows: string[][], right: boolean[]): string[] {
  const widths = right.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]) : i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-';
}

function fixed(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '-';
}

function price(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '-';
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

function spacing(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 60 * 20) return `${Number(minutes.toFixed(2))} min`;
  const days = ms / 86_400_000;
  return `${Number(days.toFixed(2))} day${days === 1 ? '' : 's'}`;
}
