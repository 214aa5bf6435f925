import { describe, expect, it } from 'vitest';
import { maintenanceMargin, type MaintenanceSchedule } from '../../src/index.js';

// A venue-style table (the shape Binance publishes for USDT-M futures: bracket, rate, "maintenance amount").
// Deductions make MM continuous: at 1 M, 0.02·1e6 = 20,000 = 0.025·1e6 − 5,000; at 5 M, 0.025·5e6 − 5,000 = 120,000 = 0.05·5e6 − 130,000.
const tiers: MaintenanceSchedule = {
  kind: 'tiers',
  tiers: [
    { upTo: 1_000_000, rate: 0.02, deduction: 0 },
    { upTo: 5_000_000, rate: 0.025, deduction: 5_000 },
    { upTo: Infinity, rate: 0.05, deduction: 130_000 },
  ],
};

describe('maintenanceMargin', () => {
  it.each([
    [500_000, 10_000], // 0.02 × 500k
    [1_000_000, 20_000], // bracket edge belongs to the lower tier
    [2_000_000, 45_000], // 0.025 × 2M − 5k
    [5_000_000, 120_000],
    [8_000_000, 270_000], // 0.05 × 8M − 130k
  ])('tier table: notional %i → MM %i (hand-computed)', (notional, mm) => {
    expect(maintenanceMargin(notional, tiers)).toBeCloseTo(mm, 9);
  });

  it('is continuous across bracket edges for this table', () => {
    for (const edge of [1_000_000, 5_000_000]) {
      expect(maintenanceMargin(edge + 1e-3, tiers) - maintenanceMargin(edge, tiers)).toBeLessThan(1);
    }
  });

  it('flat rate: MM = rate × notional', () => {
    expect(maintenanceMargin(1234, { kind: 'rate', rate: 0.05 })).toBeCloseTo(61.7, 12);
  });

  it('is never negative, even when a deduction exceeds the product', () => {
    expect(maintenanceMargin(10, { kind: 'tiers', tiers: [{ upTo: Infinity, rate: 0.01, deduction: 5 }] })).toBe(0);
  });
});
