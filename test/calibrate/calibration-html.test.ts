import { describe, expect, it } from 'vitest';
import { frontNote } from '../../src/calibrate/calibration-html.js';
import type { CalibrationRow } from '../../src/calibrate/calibration-row.js';

/** Aggregate rows with the fields the note reads; the rest does not matter here. */
const row = (configuration: number, label: string, rank: number, passing: number, meanRequirement: number, coverageError: number, pareto: boolean) =>
  ({ configuration, label, rank, passing, books: 4, meanRequirement, coverageError, pareto }) as unknown as CalibrationRow;

describe('the calibration report reconciles the ranking with the Pareto front', () => {
  it('says when rank 1 is on the front, and where the current estimator ranks', () => {
    const ranked = [row(0, 'rolling(250)', 1, 4, 100, 0.001, true), row(1, 'ewma(0.94)', 2, 2, 120, 0.004, false)];
    expect(frontNote(ranked, 1)).toBe('Rank 1, rolling(250), is on the Pareto front: no configuration charges less with a smaller coverage error. The scenario\'s current estimator, ewma(0.94), ranks 2 of 2.');
  });

  it('explains a rank 1 off the front: the configuration on the front that beats it on both axes passes fewer books', () => {
    // ewma(0.97) is cheaper (90 < 100) and closer to the target (0.1 pp < 0.2 pp), but only 2 of 4 books pass it.
    const ranked = [row(0, 'rolling(60)', 1, 4, 100, 0.002, false), row(1, 'ewma(0.97)', 2, 2, 90, 0.001, true)];
    expect(frontNote(ranked, null)).toBe(
      'Rank 1, rolling(60), is off the Pareto front: ewma(0.97) (rank 2) has both a lower mean requirement (90 against 100) and a rate closer to the target (|error| 0.100% against 0.200%), but passes 2 of 4 books against 4: the ranking puts coverage acceptability first.',
    );
  });
});

// The frontier's axis read "mean requirement" over 284k…304k and the timelines 600k, with no currency,
// under a table that says EUR.
describe('the calibration charts name the currency of their money axes', () => {
  it('the frontier\'s mean-requirement axis and the timeline\'s title', async () => {
    const { frontierChartSvg, timelineChartSvg } = await import('../../src/calibrate/calibration-charts.js');
    const ranked = [row(0, 'rolling(250)', 1, 4, 100, 0.001, true), row(1, 'ewma(0.94)', 2, 2, 120, 0.004, false)];
    expect(frontierChartSvg(ranked, undefined, undefined, 'EUR')).toContain('mean requirement (EUR) (lower = more efficient)');
    expect(frontierChartSvg(ranked)).toContain('mean requirement (lower = more efficient)');
    const timeline = { mode: 'portfolio-var', time: [0, 86_400_000], requirement: [10, 12], loss: [3, 13] } as never;
    expect(timelineChartSvg(timeline, undefined, undefined, 'EUR')).toContain('portfolio-var: requirement, realised loss and exceedances (EUR)');
  });
});
