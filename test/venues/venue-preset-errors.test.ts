import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_VENUES_DIR, XmarginError, exitCodeFor, loadVenuePreset } from '../../src/index.js';

/** Bad presets are one located line (file and JSON path), exit code 2. Each case edits a copy of a bundled file. */
const dir = mkdtempSync(join(tmpdir(), 'xmargin-venues-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function withEdited(name: string, edit: (preset: Json) => void): string {
  const preset = JSON.parse(readFileSync(join(BUNDLED_VENUES_DIR, `${name}.json`), 'utf8')) as Json;
  edit(preset);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(preset, null, 2));
  return join(dir, `${name}.json`);
}

function errorOf(run: () => unknown): XmarginError {
  try {
    run();
  } catch (error) {
    if (error instanceof XmarginError) return error;
    throw error;
  }
  throw new Error('expected an XmarginError');
}

describe('invalid venue presets', () => {
  it.each([
    [
      'brackets not increasing',
      'binance-usdm',
      (p: Json) => { const t = p.versions[0].brackets.BTCUSDT; [t[2], t[3]] = [t[3], t[2]]; },
      'versions[0].brackets.BTCUSDT[2].floor',
      /expected brackets in increasing, contiguous order: floor 1000000 after cap 250000/,
    ],
    [
      'maintenance rate above the initial rate',
      'binance-usdm',
      (p: Json) => { p.versions[2].brackets.ZILUSDT[0].maintenanceRate = 0.03; },
      'versions[2].brackets.ZILUSDT[0].maintenanceRate',
      /maintenance rate 0.03 above the initial margin rate 1\/50 = 0.02/,
    ],
    [
      'a maintenance amount that breaks continuity',
      'binance-usdm',
      (p: Json) => { p.versions[0].brackets.BTCUSDT[3].maintenanceAmount = 16_000; },
      'versions[0].brackets.BTCUSDT[3].maintenanceAmount',
      /maintenance amount 16000 makes the maintenance margin jump at 1000000: continuity needs 16300(?![\d.])/,
    ],
    [
      'an unknown field',
      'binance-usdm',
      (p: Json) => { p.versions[1].brackets.ETHUSDT[1].leverage = 75; },
      'versions[1].brackets.ETHUSDT[1]',
      /unknown field "leverage"/,
    ],
    [
      'versions out of order',
      'binance-usdm',
      (p: Json) => { p.versions.reverse(); },
      'versions[1].effective',
      /expected versions in increasing effective order without overlap, got 2022-09-27 after 2024-02-03/,
    ],
    [
      'overlapping dates',
      'okx-pm',
      (p: Json) => { p.versions[0].until = '2025-01-10'; },
      'versions[0].until',
      /overlapping dates: version of 2025-01-02 runs until 2025-01-10, after the next version starts on 2025-01-06/,
    ],
    [
      'dYdX maintenance above initial',
      'dydx-v4',
      (p: Json) => { p.versions[0].liquidityTiers.FX.maintenanceFractionPpm = 1_200_000; },
      'versions[0].liquidityTiers.FX.maintenanceFractionPpm',
      /maintenance margin above the initial margin/,
    ],
    [
      'Deribit maintenance above initial',
      'deribit',
      (p: Json) => { p.versions[0].futures.BTC.maintenanceBase = 0.03; },
      'versions[0].futures.BTC.maintenanceBase',
      /maintenance 0.03 above initial 0.02/,
    ],
    [
      'Hyperliquid leverage rising with notional',
      'hyperliquid',
      (p: Json) => { p.versions[0].marginTables.ETH[1].maxLeverage = 50; },
      'versions[0].marginTables.ETH[1].maxLeverage',
      /expected max leverage not increasing, got 50 after 25/,
    ],
    [
      'a market on an unknown dYdX tier',
      'dydx-v4',
      (p: Json) => { p.versions[0].markets['BTC-USD'] = 'Huge-Cap'; },
      'versions[0].markets.BTC-USD',
      /unknown liquidity tier "Huge-Cap"; known: Large-Cap, Small-Cap/,
    ],
    [
      'a source without a URL',
      'hyperliquid',
      (p: Json) => { p.versions[0].sources[0].url = 'the docs'; },
      'versions[0].sources[0].url',
      /URL/i,
    ],
  ])('%s', (_what, name, edit, path, message) => {
    const file = withEdited(name, edit);
    const error = errorOf(() => loadVenuePreset(name, '2025-01-06', { directory: dir }));
    expect(error.location).toMatchObject({ file, path });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${file}: ${path}: `)).toBe(true);
    expect(exitCodeFor(error)).toBe(2);
    rmSync(file);
  });

  it('a file naming an unknown venue', () => {
    const file = withEdited('hyperliquid', (p) => { p.venue = 'hyperliquidd'; });
    const error = errorOf(() => loadVenuePreset('hyperliquid', '2026-12-06', { directory: dir }));
    expect(error.message).toBe(`${file}: venue: unknown venue "hyperliquidd"`);
    rmSync(file);
  });

  it('invalid JSON names the line', () => {
    const file = join(dir, 'deribit.json');
    writeFileSync(file, '{\n  "venue": "deribit",\n  "versions": { "x": 1, }\n}\n');
    const error = errorOf(() => loadVenuePreset('deribit', '2026-12-06', { directory: dir }));
    expect(error.location).toMatchObject({ file, line: 3 });
    rmSync(file);
  });
});

describe('resolving name and date', () => {
  it('an unknown venue lists the presets that exist', () => {
    expect(() => loadVenuePreset('bybit', '2025-01-01')).toThrow(/unknown venue preset "bybit"; known: binance-usdm, deribit, dydx-v4, hyperliquid, okx-pm/);
  });
  it('a date before the first version lists the versions', () => {
    const error = errorOf(() => loadVenuePreset('binance-usdm', '2021-03-17'));
    expect(error.message).toMatch(/venue preset "binance-usdm" has no version in force on 2021-03-17: its first version starts on 2021-03-18; versions: from 2021-03-18; from 2022-09-27; from 2024-02-03/);
    expect(exitCodeFor(error)).toBe(2);
  });
  it('a date that is not a calendar date', () => {
    expect(() => loadVenuePreset('binance-usdm', '2024-02-30')).toThrow(/asOf: expected a date as YYYY-MM-DD, got "2024-02-30"/);
  });
});
