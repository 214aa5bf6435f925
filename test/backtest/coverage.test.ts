import { describe, expect, it } from 'vitest';
import { christoffersen, coverage, kupiec, trafficLight, XmarginError } from '../../src/index.js';

describe('coverage', () => {
  // 250 steps with 6 exceedances at steps 10, 11, 80, 150, 151, 152 (clustered, as a slow model gives).
  const hits = new Uint8Array(250);
  for (const t of [10, 11, 80, 150, 151, 152]) hits[t] = 1;

  it('bundles the count, the rate and the three tests, each equal to a direct call', () => {
    const r = coverage(hits, 0.01);
    expect(r.observations).toBe(250);
    expect(r.exceedances).toBe(6);
    expect(r.rate).toBeCloseTo(6 / 250, 15);
    expect(r.expectedRate).toBe(0.01);
    expect(r.kupiec).toEqual(kupiec(250, 6, 0.01));
    expect(r.christoffersen).toEqual(christoffersen(hits, 0.01));
    expect(r.trafficLight).toEqual(trafficLight(250, 6, 0.01));
    expect(r.trafficLight.zone).toBe('yellow'); // Basel: 5–9 exceptions in 250 days at 99 %
    expect(r.overlapping).toBe(false);
  });

  it('flags overlapping windows when the horizon is longer than one step, and passes thresholds on', () => {
    const r = coverage(Array.from(hits), 0.01, { horizon: 5, trafficLight: { yellowAt: 0.99 } });
    expect(r.overlapping).toBe(true);
    // P(X ≤ 6) = 0.9863 < 0.99 (mpmath: 0.98629855) → still green with a 99 % yellow threshold.
    expect(r.trafficLight.zone).toBe('green');
  });

  it('rejects an empty sequence, a bad horizon and a non-hit value', () => {
    expect(() => coverage([], 0.01)).toThrow(XmarginError);
    expect(() => coverage(hits, 0.01, { horizon: 0 })).toThrow(/horizon/);
    expect(() => coverage(hits, 0.01, { horizon: 2.5 })).toThrow(/horizon/);
    expect(() => coverage([0, 0.5], 0.01)).toThrow(/hits\[1\]/);
  });
});
