import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { formatStressReverse, formatWhatIf, stressReverse, whatIf } from '../../src/index.js';

// The text of `xmargin whatif` and `xmargin stress-reverse`: every amount carries the scenario's currency (the
// bundled pair trade names EUR), and a scenario without one says "book currency" instead of a bare number.
const file = fileURLToPath(new URL('../../scenarios/eu-pair-trade-1998.json', import.meta.url));

describe('what-if and reverse-stress text name the currency of their amounts', () => {
  it('whatif: the added notional in EUR, the requirement and per-position tables headed EUR', () => {
    const report = whatIf(file, { at: '1998-03-02', add: [{ asset: 'DAX', notional: 1_000_000, leverage: 10, maintenanceRate: 0.05 }] });
    expect(report.currency).toBe('EUR');
    const text = formatWhatIf(report);
    expect(text.split('\n')[0]).toMatch(/add #2 DAX \(notional 1,000,000 EUR\)$/);
    expect(text).toContain('Requirement per mode (EUR):');
    expect(text).toContain('cross: margin per position in EUR (Euler component');
    const bare = formatWhatIf({ ...report, currency: null });
    expect(bare).toContain('Requirement per mode (book currency):');
    expect(bare.split('\n')[0]).toMatch(/\(notional 1,000,000\)$/);
  });

  it('stress-reverse: headroom, loss, equity and requirement after the nearest breach in EUR', () => {
    const report = stressReverse(file, { at: '1998-03-02' });
    expect(report.currency).toBe('EUR');
    const text = formatStressReverse(report);
    const table = text.split('\n').slice(2, 2 + 1 + report.modes.length);
    for (const row of table.slice(1)) expect(row).toMatch(/ EUR$/);
    const nearest = text.split('\n').filter((l) => l.includes('nearest breach moves'));
    expect(nearest.length).toBeGreaterThan(0);
    for (const line of nearest) expect(line).toMatch(/loss [\d,]+ EUR, equity after -?[\d,]+ EUR, requirement after [\d,]+ EUR$/);
  });
});
