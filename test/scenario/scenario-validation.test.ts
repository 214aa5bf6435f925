import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenario, XmarginError } from '../../src/index.js';
import { readJsonFile } from '../../src/core/json-input.js';

const dataFile = fileURLToPath(new URL('../../data/eustockmarkets.csv', import.meta.url));

function base(): Record<string, any> {
  return {
    name: 'test',
    data: { file: dataFile },
    portfolio: {
      capital: 1_000_000,
      positions: [
        { asset: 'DAX', notional: 1_000_000, leverage: 10, maintenanceRate: 0.05 },
        { asset: 'CAC', notional: -1_000_000, leverage: 10, maintenanceRate: 0.05 },
      ],
    },
    margin: { modes: [{ kind: 'isolated' }, { kind: 'cross' }, { kind: 'portfolio', method: 'parametric-var' }] },
  };
}

/** Write the scenario to a temporary file and load it; return the error message (or '' when it loads). */
function messageOf(mutate: (s: Record<string, any>) => void): string {
  const s = base();
  mutate(s);
  const dir = mkdtempSync(join(tmpdir(), 'xm-scn-'));
  const file = join(dir, 'scn.json');
  writeFileSync(file, JSON.stringify(s, null, 2));
  try {
    loadScenario(file);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(XmarginError);
    return (error as XmarginError).message.replace(file, 'scn.json');
  }
}

describe('scenario validation: one line naming the JSON path and what was expected', () => {
  it('a valid scenario loads, with defaults filled in', () => {
    expect(messageOf(() => {})).toBe('');
    const s = parseScenario(base(), 'x.json');
    expect(s.margin.confidence).toBe(0.99);
    expect(s.margin.horizonDays).toBe(2);
    expect(s.correlation).toEqual({ kind: 'ewma', lambda: 0.94 });
    expect(s.liquidation).toEqual({ policy: 'full', buffer: 0.1, fee: 0.005 });
  });

  it.each([
    ['unknown asset', (s: any) => (s.portfolio.positions[1].asset = 'DAXX'), 'scn.json: portfolio.positions[1].asset: unknown asset "DAXX"; known: DAX, SMI, CAC, FTSE'],
    ['wrong type', (s: any) => (s.portfolio.positions[0].leverage = '10'), 'scn.json: portfolio.positions[0].leverage: expected number, received string'],
    ['two sizes', (s: any) => (s.portfolio.positions[0].quantity = 5), 'scn.json: portfolio.positions[0]: expected exactly one of notional, quantity (the size), got notional and quantity'],
    ['no maintenance', (s: any) => delete s.portfolio.positions[1].maintenanceRate, 'scn.json: portfolio.positions[1]: expected exactly one of maintenanceRate, maintenanceTiers (the maintenance margin), got none'],
    ['unknown field', (s: any) => (s.portfolio.cash = 1), 'scn.json: portfolio: unknown field "cash"'],
    ['unknown mode kind', (s: any) => (s.margin.modes[1].kind = 'crosss'), 'scn.json: margin.modes[1].kind: unknown kind "crosss"'],
    ['historical without lookback', (s: any) => (s.margin.modes[2].method = 'historical-var'), 'scn.json: margin.modes[2].lookback: expected a lookback (number of scenarios) for method historical-var'],
    ['duplicate mode names', (s: any) => s.margin.modes.push({ kind: 'cross' }), 'scn.json: margin.modes[3].name: duplicate mode name "cross" (also margin.modes[1]); give each mode a name'],
    ['confidence out of range', (s: any) => (s.margin.confidence = 1.5), 'scn.json: margin.confidence: Too big: expected number to be <1'],
    ['bad estimator', (s: any) => (s.correlation = { kind: 'ewma', lambda: 1.2 }), 'scn.json: correlation.lambda: expected a number in (0, 1), got 1.2'],
    ['capital below initial margin', (s: any) => (s.portfolio.capital = 150_000), 'scn.json: portfolio.capital: isolated margin needs Σ initial margin 200000.00 out of the capital, got capital 150000'],
    ['bad date', (s: any) => (s.data.from = '1997-02-30'), 'scn.json: data.from: expected a date as YYYY-MM-DD, got "1997-02-30"'],
    ['tiers out of order', (s: any) => {
      delete s.portfolio.positions[0].maintenanceRate;
      s.portfolio.positions[0].maintenanceTiers = [{ upTo: 5e6, rate: 0.02 }, { upTo: 1e6, rate: 0.03 }];
    }, 'scn.json: portfolio.positions[0].maintenanceTiers[1].upTo: expected tiers in increasing upTo order, got 1000000 after 5000000'],
  ])('%s', (_, mutate, message) => {
    expect(messageOf(mutate)).toBe(message);
  });

  it('invalid JSON names the line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xm-json-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "name": "x",\n  "data": { "file": "a.csv", }\n}\n');
    expect(() => readJsonFile(file)).toThrow(/bad\.json:3: invalid JSON at column \d+/);
  });

  it('a missing data file is an input error naming the file', () => {
    expect(messageOf((s) => (s.data.file = 'nope.csv'))).toMatch(/nope\.csv.*(no such file|not found|cannot read)/i);
  });
});
