// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { loadGridPreset } from './grid-presets.js';
import { gridOverrideSchema, priceScanSchema, volatilityScanSchema, type GridOverride, type GridSpec, type PriceScan, type VolatilityScan } from './grid-spec.js';
import { marginMethods } from './method-registry.js';
import { scenarioGrid, type UnitCombination } from './scenario-grid.js';

/**
 * The `scenario-grid` portfolio method: `{ "kind": "portfolio", "method": "scenario-grid", "preset":
 * "span-16", "priceScan": { "sigmas": 3 }, "volatilityScan": { "absolute": 0.04 }, "combine": "sum" }`.
 * The preset (`grids/<preset>.json`) gives the scenarios and, where its source publishes them, the scan
 * ranges and add-ons; `grid` replaces preset fields, `priceScan` and `volatilityScan` set the ranges.
 */
marginMethods.register({
  kind: 'scenario-grid',
  description:
    'scenario grid (SPAN, Deribit portfolio margin): each risk unit (one underlying with its options and linear positions) is revalued through the pricers under every (price move, implied-volatility move) of the grid; its scan risk is the largest weighted loss, max(scan, short-option minimum) + contingencies per unit; units added or combined as √(vᵀρv) with the estimator\'s correlations',
  fields: {
    preset: z.string({ error: (issue) => (issue.input === undefined ? 'expected a grid preset for method scenario-grid (e.g. "span-16", "deribit-pm")' : undefined) })
      .min(1).describe('scenario-grid: the grid preset (grids/<preset>.json)'),
    grid: gridOverrideSchema.optional().describe('scenario-grid: preset fields to replace (scenarios, moves, movesWeight, lookAheadDays, shortOptionMinimum, contingency)'),
    priceScan: priceScanSchema.optional().describe('scenario-grid: price scan range (relative, points per asset, or sigmas); default the preset\'s'),
    volatilityScan: volatilityScanSchema.optional().describe('scenario-grid: volatility scan range (absolute or relative, optional down and termScaling); default the preset\'s'),
    combine: z.enum(['sum', 'correlation']).optional().describe('scenario-grid: add the risk units (sum, default) or combine them as √(vᵀρv) with the estimator\'s correlations'),
  },
  create(spec, context) {
    const preset = loadGridPreset(String(spec.preset), {}, { path: 'preset' });
    const override = (spec.grid ?? {}) as GridOverride;
    const grid: GridSpec = { ...preset.grid };
    for (const [key, value] of Object.entries(override)) if (value !== undefined) (grid as Record<string, unknown>)[key] = value;
    if (spec.priceScan !== undefined) grid.priceScan = spec.priceScan as PriceScan;
    if (spec.volatilityScan !== undefined) grid.volatilityScan = spec.volatilityScan as VolatilityScan;
    if ((grid.moves?.length ?? 0) > 0 && (grid.movesWeight === null || grid.movesWeight === undefined)) {
      throw new XmarginError(
        'E_INPUT_SCENARIO',
        `the ${preset.name} preset leaves open which fraction of the fixed moves' loss counts (${preset.file}: its source does not publish it); give grid.movesWeight in (0, 1], or grid.moves: [] to leave the fixed moves out`,
        { path: 'grid.movesWeight' },
      );
    }
    if (!grid.priceScan) {
      throw new XmarginError('E_INPUT_SCENARIO', `the ${preset.name} preset gives no price scan range; give priceScan as one of { "relative": 0.1 }, { "points": { "<asset>": 20 } }, { "sigmas": 3 }`, { path: 'priceScan' });
    }
    const option = context.instruments?.find((i) => i.kind === 'option');
    if (option && !grid.volatilityScan && grid.scenarios.some((s) => s.volatility !== 0)) {
      throw new XmarginError('E_INPUT_SCENARIO', `the ${preset.name} preset gives no volatility scan range and the book holds options (${option.id}); give volatilityScan as { "absolute": 0.04 } or { "relative": 0.35 }`, { path: 'volatilityScan' });
    }
    return scenarioGrid({
      grid,
      name: preset.name,
      ...(context.path ? { path: context.path } : {}),
      combine: (spec.combine as UnitCombination | undefined) ?? 'sum',
      horizonSteps: context.horizonSteps,
      assets: context.assets,
      positions: context.positions,
      assetNames: context.assetNames,
      rules: { cap: spec.cap, floor: spec.floor, addOn: spec.addOn },
    });
  },
  describe(spec) {
    const parts = [`grid preset ${String(spec.preset)}`];
    const scan = spec.priceScan as PriceScan | undefined;
    if (scan?.relative !== undefined) parts.push(`price scan ±${+(scan.relative * 100).toFixed(4)}%`);
    else if (scan?.sigmas !== undefined) parts.push(`price scan ±${scan.sigmas} σ √h`);
    else if (scan?.points !== undefined) parts.push(`price scan ${Object.entries(scan.points).map(([a, x]) => `${a} ±${x}`).join(', ')} points`);
    const vol = spec.volatilityScan as VolatilityScan | undefined;
    if (vol) parts.push(`volatility scan ${vol.absolute !== undefined ? `±${vol.absolute} absolute` : `±${+(vol.relative! * 100).toFixed(4)}% relative`}`);
    parts.push(`units ${spec.combine === 'correlation' ? 'combined with the estimator\'s correlations' : 'added'}`);
    return parts;
  },
});
