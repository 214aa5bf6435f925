import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { limitations } from '../../src/report/limitations.js';
import { euRun, withMonteCarlo, euInput } from './support.js';

// The limitations say what a run did not see; they must not contradict what it did: a run with intrabar checks
// saw the bars' extremes, and a book with options has maintenance that moves with implied volatility.
const closes = /^Positions are valued at each step's closing prices/;
const bars = /^Liquidations are checked at each bar's adverse extreme/;
const volatilityOnly = /every exceedance of it is attributed to volatility/;
const impliedToo = /attributed to implied volatility when the options' maintenance/;

describe('limitations', () => {
  it('a close-only linear run: valued at the closes, maintenance-sum exceedances all volatility', () => {
    const items = limitations(euRun().result);
    expect(items.some((l) => closes.test(l))).toBe(true);
    expect(items.some((l) => bars.test(l))).toBe(false);
    expect(items.some((l) => volatilityOnly.test(l))).toBe(true);
  });

  it('venues-spx-2008 maps high and low and checks there: the bars are named, not "closing prices"', () => {
    const items = limitations(runScenario('scenarios/venues-spx-2008.json', { write: false }).result);
    expect(items.some((l) => bars.test(l))).toBe(true);
    expect(items.some((l) => closes.test(l))).toBe(false);
  });

  it('spx-short-vol-2018 holds options: maintenance-sum exceedances may be implied volatility', () => {
    const items = limitations(runScenario('scenarios/spx-short-vol-2018.json', { write: false }).result);
    expect(items.some((l) => impliedToo.test(l))).toBe(true);
    expect(items.some((l) => volatilityOnly.test(l))).toBe(false);
    expect(items.some((l) => bars.test(l))).toBe(true);
  });

  it('a Monte Carlo result is closes only, whatever the data maps', () => {
    const items = limitations(withMonteCarlo(euInput()).result);
    expect(items.some((l) => closes.test(l))).toBe(true);
  });
});
