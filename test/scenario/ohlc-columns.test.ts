import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, parseScenario, runCompiled } from '../../src/index.js';

/**
 * `data.columns`: with it the assets are its keys, each priced at its close column; without high and low
 * (or with every mode checking at the close) a run is the close-only run it was, number for number.
 */
const root = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'xm-ohlc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The S&P 500 closes as a one-column file named SPX.
const lines = readFileSync(join(root, 'data/sp500_ohlc.csv'), 'utf8').trim().split('\n');
const closesFile = join(dir, 'spx.csv');
writeFileSync(closesFile, ['date,SPX', ...lines.slice(1).map((l) => { const f = l.split(','); return `${f[0]},${f[4]}`; })].join('\n') + '\n');

const scenario = (data: Record<string, unknown>, modes: Record<string, unknown>[]) => parseScenario({
  name: 'ohlc',
  data: { from: '2008-01-02', to: '2009-06-30', ...data },
  portfolio: { capital: 1_250_000, openAt: '2008-10-09', positions: [{ asset: 'SPX', notional: 5_000_000, leverage: 12.5, maintenanceRate: 0.025 }] },
  margin: { horizonDays: 1, modes },
}, join(dir, 'scenario.json'));

const run = (data: Record<string, unknown>, modes: Record<string, unknown>[]) => {
  const s = scenario(data, modes);
  return runCompiled(compileScenario(s, join(dir, 'scenario.json')), { write: false });
};

/** Bit-for-bit equality of two columns (NaN equals NaN). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return Buffer.compare(x, y) === 0;
}

const generic = [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'parametric-var' }];

describe('data.columns', () => {
  const plain = run({ file: closesFile }, generic);

  it('mapping the close only is the close-only run on the same closes: events.csv and every series identical', () => {
    const mapped = run({ file: join(root, 'data/sp500_ohlc.csv'), columns: { SPX: { close: 'close' } } }, generic);
    expect(mapped.eventsCsv).toBe(plain.eventsCsv);
    expect([...mapped.outcome.series.keys()]).toEqual([...plain.outcome.series.keys()]);
    for (const [name, column] of plain.outcome.series) expect([name, sameBits(mapped.outcome.series.get(name)!, column)]).toEqual([name, true]);
    expect(mapped.compiled.bars).toBeNull();
  });

  it('with high and low mapped but every mode checking at the close, every series is the close-only run\'s', () => {
    const closeOnly = generic.map((m) => ({ ...m, check: 'close' }));
    const mapped = run({ file: join(root, 'data/sp500_ohlc.csv'), columns: { SPX: { close: 'close', high: 'high', low: 'low', open: 'open' } } }, closeOnly);
    for (const [name, column] of plain.outcome.series) expect([name, sameBits(mapped.outcome.series.get(name)!, column)]).toEqual([name, true]);
    // The events are the same liquidations, now saying which check fired.
    const liquidations = (r: typeof plain) => r.outcome.events.filter((e) => e.kind === 'liquidation').map((e) => ({ ...e, check: undefined }));
    expect(liquidations(mapped)).toEqual(liquidations(plain).map((e) => ({ ...e, check: undefined })));
    expect(mapped.outcome.events.filter((e) => e.kind === 'liquidation').every((e) => (e as { check?: string }).check === 'close')).toBe(true);
  });

  it('the assets are the mapping\'s keys: a position on a column name is refused, listing the keys', () => {
    expect(() => compileScenario(parseScenario({
      name: 'ohlc',
      data: { file: join(root, 'data/sp500_ohlc.csv'), columns: { SPX: { close: 'close' } } },
      portfolio: { capital: 1_000_000, positions: [{ asset: 'close', notional: 1_000_000, leverage: 10, maintenanceRate: 0.05 }] },
      margin: { modes: [{ kind: 'cross' }] },
    }, join(dir, 'scenario.json')), join(dir, 'scenario.json'))).toThrow(/portfolio\.positions\[0\]\.asset: unknown asset "close"; known: SPX/);
  });

  it('with bars, the intrabar run liquidates the isolated long on 2008-10-10 (low 839.80, close 899.22); the close-only run on 2008-10-27', () => {
    const bars = run({ file: join(root, 'data/sp500_ohlc.csv'), columns: { SPX: { close: 'close', high: 'high', low: 'low', open: 'open' } } }, [{ kind: 'isolated' }]);
    const first = (r: typeof plain) => r.result.modes.find((m) => m.name === 'isolated')!.firstLiquidationTime;
    expect(first(bars)).toBe('2008-10-10');
    expect(first(plain)).toBe('2008-10-27');
  });
});
