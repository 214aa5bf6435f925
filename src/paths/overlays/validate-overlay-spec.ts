import {
  expectCorrelationMatrix,
  expectKnownKeys,
  expectNumber,
  expectObject,
  expectPairs,
  expectString,
  expectStringArray,
  specError,
} from '../spec-fields.js';
import { OVERLAY_KINDS, type OverlaySpec } from './overlay.js';

const KEYS: Record<OverlaySpec['kind'], readonly string[]> = {
  identity: ['kind'],
  'price-shock': ['kind', 'at', 'shocks'],
  'volatility-scale': ['kind', 'from', 'to', 'factor'],
  'correlation-shock': ['kind', 'from', 'to', 'target', 'pairs', 'group', 'rho', 'flip', 'weight'],
  'vol-shock': ['kind', 'from', 'to', 'assets', 'factor', 'add'],
};

/**
 * Checks that `value` is a well-formed `OverlaySpec` and returns it typed; messages name the JSON path
 * (`overlays[2].shocks.DAX: expected a relative move > -1 …`). Asset names and dates are checked against
 * the frame when the overlay is applied.
 */
export function validateOverlaySpec(value: unknown, path = 'overlay'): OverlaySpec {
  const spec = expectObject(value, path);
  const kind = expectString(spec.kind, `${path}.kind`, OVERLAY_KINDS) as OverlaySpec['kind'];
  expectKnownKeys(spec, KEYS[kind], path);
  switch (kind) {
    case 'identity':
      break;
    case 'price-shock': {
      expectRowRef(spec.at, `${path}.at`);
      const shocks = expectObject(spec.shocks, `${path}.shocks`);
      for (const [name, move] of Object.entries(shocks)) expectNumber(move, `${path}.shocks.${name}`, { above: -1 });
      break;
    }
    case 'volatility-scale':
      expectRowRef(spec.from, `${path}.from`);
      expectRowRef(spec.to, `${path}.to`);
      if (typeof spec.factor === 'number') expectNumber(spec.factor, `${path}.factor`, { min: 0 });
      else {
        const factors = expectObject(spec.factor, `${path}.factor`);
        for (const [name, k] of Object.entries(factors)) expectNumber(k, `${path}.factor.${name}`, { min: 0 });
      }
      break;
    case 'vol-shock':
      expectRowRef(spec.from, `${path}.from`);
      expectRowRef(spec.to, `${path}.to`);
      if (spec.assets !== undefined) expectStringArray(spec.assets, `${path}.assets`, { minLength: 1 });
      if (spec.factor !== undefined) expectNumber(spec.factor, `${path}.factor`, { above: 0 });
      if (spec.add !== undefined) expectNumber(spec.add, `${path}.add`, { min: -5, max: 5 });
      break;
    case 'correlation-shock':
      expectRowRef(spec.from, `${path}.from`);
      expectRowRef(spec.to, `${path}.to`);
      if (spec.target !== undefined) expectCorrelationMatrix(spec.target, `${path}.target`);
      if (spec.pairs !== undefined) expectRhoPairs(spec.pairs, `${path}.pairs`);
      if (spec.group !== undefined) expectStringArray(spec.group, `${path}.group`, { minLength: 2 });
      if (spec.rho !== undefined) {
        if (spec.group === undefined) throw specError(`${path}.rho`, '"rho" sets the correlation inside "group": give the group');
        expectNumber(spec.rho, `${path}.rho`, { min: -1, max: 1 });
      }
      if (spec.flip !== undefined) expectPairs(spec.flip, `${path}.flip`);
      if (spec.weight !== undefined) expectNumber(spec.weight, `${path}.weight`, { min: 0, max: 1 });
      if (spec.target === undefined && spec.pairs === undefined && spec.group === undefined && spec.flip === undefined) {
        throw specError(path, 'a correlation shock needs a "target", "pairs", "group" or "flip"');
      }
      break;
  }
  return value as OverlaySpec;
}

function expectRowRef(value: unknown, path: string): void {
  if (typeof value === 'number') expectNumber(value, path, { min: 0, integer: true });
  else if (typeof value !== 'string') throw specError(path, `expected a date (YYYY-MM-DD) or a row index, got ${JSON.stringify(value)}`);
}

function expectRhoPairs(value: unknown, path: string): void {
  if (!Array.isArray(value)) throw specError(path, `expected an array of [asset, asset, ρ] triples, got ${JSON.stringify(value)}`);
  value.forEach((item, k) => {
    if (!Array.isArray(item) || item.length !== 3) {
      throw specError(`${path}[${k}]`, `expected [asset, asset, ρ], got ${JSON.stringify(item)}`);
    }
    expectPairs([item.slice(0, 2)], `${path}[${k}]`);
    expectNumber(item[2], `${path}[${k}][2]`, { min: -1, max: 1 });
  });
}
