import { describe, expect, it } from 'vitest';
import { addOnKinds, concentration, maintenanceSum, withAddOns, type AddOnContext } from '../../../src/index.js';
import { bookState, sumOf } from '../book-state.js';

describe('concentration / liquidity add-on', () => {
  const terms = [{ threshold: 3_000_000, halfSpread: 0.001 }, null];

  function charge(exposure: number[], assetOf: number[], exponent: number) {
    const method = withAddOns(maintenanceSum(), [concentration({ terms, exponent })], ['addon.concentration']);
    const { state, requirement } = bookState({ assetOf, exposure, prices: [100, 100] });
    method.evaluate(state, requirement);
    const components = new Float64Array(exposure.length);
    method.allocate!(state, requirement, components);
    return { added: method.diagnostics!.values[method.diagnostics!.names.indexOf('addon.concentration')], requirement, components, state };
  }

  it('s · |x| · ((|x|/T)^k − 1) beyond the threshold (hand computation), nothing at or below it', () => {
    expect(charge([6_000_000], [0], 1).added).toBeCloseTo(0.001 * 6e6 * (2 - 1), 9); // 6,000
    expect(charge([6_000_000], [0], 0.5).added).toBeCloseTo(0.001 * 6e6 * (Math.SQRT2 - 1), 9); // 2,485.28
    expect(charge([-9_000_000], [0], 2).added).toBeCloseTo(0.001 * 9e6 * (9 - 1), 9); // shorts too: 72,000
    expect(charge([3_000_000], [0], 1).added).toBe(0);
    expect(charge([2_000_000], [0], 1).added).toBe(0);
  });

  it('nets the positions on one asset and leaves assets without terms alone', () => {
    // 4 M + 2 M on asset 0 (6 M net), 50 M on asset 1 (no terms).
    const { added, components, requirement, state } = charge([4_000_000, 2_000_000, 50_000_000], [0, 0, 1], 1);
    expect(added).toBeCloseTo(6_000, 9);
    // Maintenance 5 % each, plus the 6,000 split 2:1 by signed exposure.
    expect(components[0]).toBeCloseTo(0.05 * 4e6 + 4_000, 6);
    expect(components[1]).toBeCloseTo(0.05 * 2e6 + 2_000, 6);
    expect(components[2]).toBeCloseTo(0.05 * 50e6, 6);
    expect(sumOf(components, state)).toBeCloseTo(requirement.value, 6);
  });

  it('is continuous at the threshold', () => {
    expect(charge([3_000_001], [0], 1).added).toBeLessThan(0.01);
  });

  it('refuses terms for an asset the book does not hold, naming it', () => {
    const context = {
      confidence: 0.99, horizonSteps: 1, assets: 1, positions: 1, path: 'margin.modes[2].addOns[1]', mode: {},
      data: { assets: ['DAX'], periodsPerYear: 252, rows: 10, history: { time: new Float64Array(0), columns: [] } },
      createMethod: () => maintenanceSum(),
    } as AddOnContext;
    expect(() => addOnKinds.require('concentration').create({ kind: 'concentration', exponent: 1, assets: { DAXX: { threshold: 1, halfSpread: 0.1 } } }, context))
      .toThrow('margin.modes[2].addOns[1].assets.DAXX: unknown asset "DAXX"; the book holds DAX');
  });
});
