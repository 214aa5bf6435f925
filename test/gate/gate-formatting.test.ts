import { describe, expect, it } from 'vitest';
import { formatMetric, formatPointChange, formatRelativeChange } from '../../src/gate/gate-metrics.js';

// From the gate.md of examples/ci's loosening candidate on spx-short-vol-2018: portfolio-var's requirement
// fell to rounding noise, and the table read "diversificationBenefit | 80% | 1", "meanRequirement | 23,061 |
// 9.525e-13", "capitalEfficiency | 187.8 | 4,546,500,978,910,062,600 | … (+2421111353611868160.0%)" and a
// p-value change of "−2.57e-20 pp".
describe('gate metrics as a CI reader compares them', () => {
  it('shows probabilities in per cent, 0 and 1 included', () => {
    expect(formatMetric('portfolio-var.diversificationBenefit', 1)).toBe('100%');
    expect(formatMetric('portfolio-var.diversificationBenefit', 0.8)).toBe('80%');
    expect(formatMetric('portfolio-var.exceedanceRate', 0)).toBe('0%');
  });

  it('shows an amount of rounding noise to the cent, and zero as zero', () => {
    expect(formatMetric('portfolio-var.meanRequirement', 9.525e-13)).toBe('0.00');
    expect(formatMetric('portfolio-var.meanRequirement', 0)).toBe('0');
    expect(formatMetric('portfolio-var.meanRequirement', 23_061.4)).toBe('23,061');
  });

  it('shows a huge ratio in scientific form, and a huge relative change too', () => {
    expect(formatMetric('portfolio-var.capitalEfficiency', 4.5465009789100626e18)).toBe('4.547e+18');
    expect(formatMetric('portfolio-var.capitalEfficiency', 187.8)).toBe('187.8');
    expect(formatRelativeChange(4.5465009789100626e18 - 187.8, 187.8)).toBe('+2.42e+18%');
    expect(formatRelativeChange(-115_226, 286_292)).toBe('−40.2%');
  });

  it('shows a change of less than 0.001 percentage points as such', () => {
    expect(formatPointChange(2.57e-22 - 1.89e-118)).toBe('+<0.001 pp');
    expect(formatPointChange(-2.57e-22)).toBe('−<0.001 pp');
    expect(formatPointChange(0.0188)).toBe('+1.88 pp');
  });
});
