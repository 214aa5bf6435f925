import { describe, expect, it } from 'vitest';
import { XmarginError, validateOverlaySpec } from '../api.js';

describe('validateOverlaySpec', () => {
  it.each([
    [{ kind: 'shock' }, 'overlay.kind: expected one of "identity", "price-shock", "volatility-scale", "correlation-shock", "vol-shock", got "shock"'],
    [{ kind: 'identity', at: 3 }, 'overlay.at: unknown field; expected one of kind'],
    [{ kind: 'price-shock', at: 3, shocks: { DAX: -1 } }, 'overlay.shocks.DAX: expected a finite number > -1, got -1'],
    [{ kind: 'price-shock', at: 1.5, shocks: {} }, 'overlay.at: expected an integer ≥ 0, got 1.5'],
    [{ kind: 'price-shock', at: true, shocks: {} }, 'overlay.at: expected a date (YYYY-MM-DD) or a row index, got true'],
    [{ kind: 'volatility-scale', from: 1, to: 5, factor: { A: -2 } }, 'overlay.factor.A: expected a finite number ≥ 0, got -2'],
    [{ kind: 'correlation-shock', from: 1, to: 5 }, 'overlay: a correlation shock needs a "target", "pairs", "group" or "flip"'],
    [{ kind: 'correlation-shock', from: 1, to: 5, pairs: [['A', 'B', 2]] }, 'overlay.pairs[0][2]: expected a finite number ≥ -1 and ≤ 1, got 2'],
    [{ kind: 'correlation-shock', from: 1, to: 5, pairs: [['A', 'B']] }, 'overlay.pairs[0]: expected [asset, asset, ρ], got ["A","B"]'],
    [{ kind: 'correlation-shock', from: 1, to: 5, rho: 0.9 }, 'overlay.rho: "rho" sets the correlation inside "group": give the group'],
    [{ kind: 'correlation-shock', from: 1, to: 5, group: ['A'] }, 'overlay.group: expected at least 2 names, got 1'],
    [{ kind: 'correlation-shock', from: 1, to: 5, flip: [['A', 'B']], weight: 1.5 }, 'overlay.weight: expected a finite number ≥ 0 and ≤ 1, got 1.5'],
  ])('rejects %j', (spec, message) => {
    try {
      validateOverlaySpec(spec);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmarginError);
      expect((error as XmarginError).code).toBe('E_INPUT_SCENARIO');
      expect((error as XmarginError).message).toBe(message);
    }
  });

  it('accepts the documented forms', () => {
    for (const spec of [
      { kind: 'identity' },
      { kind: 'price-shock', at: '2008-09-15', shocks: { DAX: -0.2 } },
      { kind: 'volatility-scale', from: '2008-09-15', to: 40, factor: 2 },
      { kind: 'correlation-shock', from: 1, to: 40, group: ['A', 'B'], rho: 0.95, weight: 0.5 },
    ]) expect(validateOverlaySpec(spec)).toBe(spec);
  });
});
