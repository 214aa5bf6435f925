import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Bad input around venue presets, OHLC mappings and intrabar settings, through the CLI as a user meets it:
 * exit code 2 and one line naming the file and the JSON path (or the data file and line), listing what
 * exists where a name was wrong.
 */
const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'xm-venue-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xmargin(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/xmargin.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = (): Json => ({
  name: 'bad-venue',
  data: { file: join(root, 'data/sp500_ohlc.csv'), from: '2018-01-02', to: '2018-06-29', columns: { SPX: { close: 'close', high: 'high', low: 'low', open: 'open' } } },
  portfolio: { capital: 1_000_000, openAt: '2018-01-02', positions: [{ asset: 'SPX', notional: 5_000_000, leverage: 10, maintenanceRate: 0.05 }] },
  margin: { horizonDays: 1, modes: [{ kind: 'cross', venue: 'binance-usdm', asOf: '2024-03-01', symbols: { SPX: 'BTCUSDT' } }] },
});

let n = 0;
function runEdited(edit: (s: Json) => void): { status: number | null; stderr: string; file: string } {
  const scenario = base();
  edit(scenario);
  const file = join(dir, `s${n++}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const result = xmargin('run', file, '--out', join(dir, 'out'), '--no-report');
  return { status: result.status, stderr: result.stderr, file };
}

function expectOneLine(result: { status: number | null; stderr: string }, pattern: RegExp) {
  expect(result.status).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('venue presets in modes: bad input exits 2 with one located line', () => {
  it('an unknown venue lists the presets that exist', () => {
    const r = runEdited((s) => { s.margin.modes[0].venue = 'binanse'; });
    expectOneLine(r, new RegExp(`^xmargin: error: ${r.file}: margin\\.modes\\[0\\]\\.venue: unknown venue preset "binanse"; known: binance-usdm, deribit, dydx-v4, hyperliquid, okx-pm\\n$`));
  });

  it('a date before the first version lists the versions', () => {
    const r = runEdited((s) => { s.margin.modes[0].asOf = '2020-01-01'; });
    expectOneLine(r, /margin\.modes\[0\]\.asOf: venue preset "binance-usdm" has no version in force on 2020-01-01: its first version starts on 2021-03-18; versions: from 2021-03-18; from 2022-09-27; from 2024-02-03/);
  });

  it('a date after a version\'s known end (OKX) lists the versions', () => {
    const r = runEdited((s) => { s.margin.modes = [{ kind: 'portfolio', method: 'okx-pm', asOf: '2025-02-01', symbols: { SPX: 'BTC' } }]; });
    expectOneLine(r, /margin\.modes\[0\]\.asOf: venue preset "okx-pm" has no version known to be in force on 2025-02-01: the version of 2025-01-06 ends on 2025-01-15/);
  });

  it('an asset without a symbol of the preset lists its symbols', () => {
    const r = runEdited((s) => { delete s.margin.modes[0].symbols; });
    expectOneLine(r, /margin\.modes\[0\]\.symbols: binance-usdm as of 2024-03-01 \(version of 2024-02-03\) has no brackets for "SPX"; symbols: BTCUSDT, ETHUSDT, ZILUSDT/);
  });

  it('a preset without position brackets is refused in a cross mode, saying where it applies', () => {
    const r = runEdited((s) => { s.margin.modes[0] = { kind: 'cross', venue: 'okx-pm', asOf: '2025-01-10' }; });
    expectOneLine(r, /margin\.modes\[0\]\.venue: venue okx-pm has no position brackets for isolated or cross modes: okx-pm holds portfolio-margin parameters only/);
  });

  it('Binance portfolio margin before it existed (no uniMMR thresholds in the 2021 version)', () => {
    const r = runEdited((s) => { s.margin.modes = [{ kind: 'portfolio', method: 'binance-unimmr', asOf: '2021-06-01', symbols: { SPX: 'BTCUSDT' } }]; });
    expectOneLine(r, /margin\.modes\[0\]\.asOf: binance-usdm as of 2021-06-01 \(version of 2021-03-18\) has no portfolio-margin \(uniMMR\) thresholds/);
  });

  it('venue without asOf, and asOf without venue', () => {
    expectOneLine(runEdited((s) => { delete s.margin.modes[0].asOf; }), /margin\.modes\[0\]\.asOf: expected asOf, the date \(YYYY-MM-DD\) whose version of the preset binance-usdm applies/);
    expectOneLine(runEdited((s) => { delete s.margin.modes[0].venue; }), /margin\.modes\[0\]\.asOf: applies only with a venue preset/);
  });

  it('a leverage above the venue\'s maximum for the opening bracket', () => {
    const r = runEdited((s) => { s.portfolio.positions[0].leverage = 60; s.portfolio.positions[0].maintenanceRate = 0.01; s.portfolio.capital = 5_000_000; });
    expectOneLine(r, /portfolio\.positions\[0\]\.leverage: leverage 60× is above binance-usdm's maximum of 50× for a notional of 5,000,000 at opening \(bracket 500,000–10,000,000, version of 2024-02-03, mode margin\.modes\[0\]\)/);
  });

  it('policy hyperliquid outside a hyperliquid venue mode', () => {
    const r = runEdited((s) => { s.margin.modes[0].liquidation = { policy: 'hyperliquid' }; });
    expectOneLine(r, /margin\.modes\[0\]\.liquidation\.policy: policy hyperliquid applies the thresholds of the hyperliquid preset/);
  });

  it('cap, floor or add-on on a venue portfolio method', () => {
    const r = runEdited((s) => { s.margin.modes = [{ kind: 'portfolio', method: 'binance-unimmr', asOf: '2024-03-01', symbols: { SPX: 'BTCUSDT' }, cap: 0.5 }]; });
    expectOneLine(r, /margin\.modes\[0\]\.cap: does not apply to venue method binance-unimmr/);
  });

  describe('a scenario\'s own preset folder is validated like the bundled one (file and JSON path)', () => {
    const presets = join(dir, 'presets');
    mkdirSync(presets, { recursive: true });
    const edited = (edit: (p: Json) => void) => {
      const preset = JSON.parse(readFileSync(join(root, 'venues/binance-usdm.json'), 'utf8')) as Json;
      edit(preset);
      writeFileSync(join(presets, 'binance-usdm.json'), JSON.stringify(preset, null, 2));
    };

    it('brackets not increasing', () => {
      edited((p) => { const t = p.versions[2].brackets.BTCUSDT; [t[2], t[3]] = [t[3], t[2]]; });
      const r = runEdited((s) => { s.venuePresets = presets; });
      expectOneLine(r, new RegExp(`${join(presets, 'binance-usdm.json')}: versions\\[2\\]\\.brackets\\.BTCUSDT\\[2\\]\\.floor: expected brackets in increasing, contiguous order`));
    });

    it('maintenance above initial margin', () => {
      edited((p) => { p.versions[2].brackets.BTCUSDT[0].maintenanceRate = 0.01; });
      const r = runEdited((s) => { s.venuePresets = presets; });
      expectOneLine(r, /versions\[2\]\.brackets\.BTCUSDT\[0\]\.maintenanceRate: maintenance rate 0\.01 above the initial margin rate 1\/125 = 0\.008/);
    });
  });
});

describe('a position\'s own maintenance above its initial margin', () => {
  it('is refused at its path (the bucket would be liquidated as it opens)', () => {
    const r = runEdited((s) => { s.portfolio.positions[0].maintenanceRate = 0.2; });
    // One check for both the robustness issue and the venue issue (src/scenario/check-margin-rates.ts).
    expectOneLine(r, /portfolio\.positions\[0\]\.maintenanceRate: expected a maintenance margin below the initial margin, got 1,000,000 against an initial margin of 500,000 at the opening notional 5,000,000 \(initial margin rate 0\.1\): an isolated bucket would be liquidated as it opens/);
  });
});

describe('OHLC mappings and intrabar settings: bad input exits 2 with one located line', () => {
  it('a mapping to a column the file does not have names the mapping\'s path and the columns', () => {
    const r = runEdited((s) => { s.data.columns.SPX.high = 'hi'; });
    expectOneLine(r, /data\.columns\.SPX\.high: unknown column "hi" in .*sp500_ohlc\.csv; columns: open, high, low, close/);
  });

  it('a high without a low', () => {
    const r = runEdited((s) => { delete s.data.columns.SPX.low; });
    expectOneLine(r, /data\.columns\.SPX\.low: expected both high and low columns \(or neither, for close-only checks\), got no low/);
  });

  const badBars = (line: string) => {
    const lines = readFileSync(join(root, 'data/sp500_ohlc.csv'), 'utf8').split('\n');
    // Line 4805 of the file is 2018-02-05 (header on line 1).
    expect(lines[4804].startsWith('2018-02-05,')).toBe(true);
    lines[4804] = line;
    const file = join(dir, `bars${n++}.csv`);
    writeFileSync(file, lines.join('\n'));
    return file;
  };

  it('a high below the low names the file and the line', () => {
    const data = badBars('2018-02-05,2741.06,2600.00,2638.17,2648.94');
    const r = runEdited((s) => { s.data.file = data; });
    expectOneLine(r, new RegExp(`^xmargin: error: ${data}:4805: column "high": SPX on 2018-02-05: high 2600 below low 2638.17\\n$`));
  });

  it('a close outside [low, high] names the file and the line', () => {
    const data = badBars('2018-02-05,2741.06,2763.39,2638.17,2630.00');
    const r = runEdited((s) => { s.data.file = data; });
    expectOneLine(r, new RegExp(`^xmargin: error: ${data}:4805: column "close": SPX on 2018-02-05: close 2630 outside \\[low 2638.17, high 2763.39\\]\\n$`));
  });

  it('"check": "intrabar" where no high and low are mapped', () => {
    const r = runEdited((s) => { s.data.columns = { SPX: { close: 'close' } }; s.margin.modes[0].check = 'intrabar'; });
    expectOneLine(r, /margin\.modes\[0\]\.check: expected bars to check: data\.columns maps no high and low/);
  });
});
