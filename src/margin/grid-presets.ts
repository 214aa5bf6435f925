import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import { loadVenuePreset, type VenuePresetOptions } from '../venues/load-venue-preset.js';
import { presetDate, presetSourceSchema } from '../venues/preset-version-base.js';
import { gridSpecSchema, type GridSpec } from './grid-spec.js';

/** The bundled grid presets: `grids/` at the package root (two levels above `src/margin/` and `dist/margin/`). */
export const BUNDLED_GRIDS_DIR = fileURLToPath(new URL('../../grids/', import.meta.url));

/**
 * A grid preset file (`grids/<name>.json`): a scenario grid as data, naming the documents its numbers come
 * from. With `venue`, the price scan range, the volatility shock and the contingency add-ons are read from
 * that venue preset's `portfolioMargin` block (`venues/deribit.json`) rather than written twice.
 */
export const gridPresetFileSchema = z
  .object({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
    preset: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, - and _').describe('The name a mode gives as preset (the file name)'),
    title: z.string().min(1),
    sources: z.array(presetSourceSchema).min(1).describe('The documents the numbers come from'),
    venue: z
      .object({
        preset: z.literal('deribit').describe('Venue preset holding the portfolio-margin parameters'),
        asOf: presetDate.describe('Which version of the venue preset'),
        volatility: z.enum(['relative', 'absolute']).describe('How the venue\'s volatility shock applies to the at-the-money volatility (the venue\'s page does not say)'),
        minimumDays: z.number().gt(0, 'expected a floor on days to expiry > 0').describe('Floor on days to expiry in the term scaling, which diverges at expiry'),
      })
      .strict()
      .optional()
      .describe('Take priceScan, volatilityScan and contingency from a venue preset\'s portfolioMargin block'),
    grid: gridSpecSchema,
  })
  .strict();

export type GridPresetFile = z.output<typeof gridPresetFileSchema>;

/** A preset resolved: its grid with any venue parameters filled in. */
export interface GridPreset {
  readonly name: string;
  readonly title: string;
  readonly file: string;
  readonly sources: GridPresetFile['sources'];
  readonly grid: GridSpec;
}

export interface GridPresetOptions {
  /** Folder of `<preset>.json` files; default the bundled `grids/`. */
  readonly directory?: string;
  /** Where the venue presets a grid refers to are (default the bundled `venues/`). */
  readonly venues?: VenuePresetOptions;
}

/** Names of the presets in a folder (file names without `.json`), sorted. */
export function listGridPresets(options: GridPresetOptions = {}): string[] {
  const directory = options.directory ?? BUNDLED_GRIDS_DIR;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new XmarginError('E_IO', `cannot list grid presets: ${(error as Error).message}`, { file: directory });
  }
  return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).sort();
}

/**
 * Read, validate and resolve grid preset `name`. An unknown name is an error listing the known ones (at
 * `location`, e.g. the mode's `preset` field); a problem in the file is one line with the file and the
 * JSON path (`grids/x.json: grid.scenarios[3].weight: expected a weight in (0, 1]`).
 */
export function loadGridPreset(name: string, options: GridPresetOptions = {}, location: { file?: string; path?: string } = {}): GridPreset {
  const directory = options.directory ?? BUNDLED_GRIDS_DIR;
  const known = listGridPresets({ directory });
  if (!known.includes(name)) {
    throw new XmarginError('E_INPUT_SCENARIO', `unknown grid preset ${quoteInput(String(name), 60)}; known: ${known.join(', ') || '(none)'}`, location);
  }
  const file = join(directory, `${name}.json`);
  const json = readJsonFile(file, 'E_INPUT_SCENARIO');
  refuseProtoKeys(json, file);
  const preset = validateWith(gridPresetFileSchema, json, file);
  if (preset.preset !== name) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected preset ${JSON.stringify(name)} (the file name), got ${JSON.stringify(preset.preset)}`, { file, path: 'preset' });
  }
  let grid: GridSpec = preset.grid;
  if (preset.venue) {
    const venue = preset.venue;
    for (const key of ['priceScan', 'volatilityScan', 'contingency'] as const) {
      if (grid[key] !== undefined) {
        throw new XmarginError('E_INPUT_SCENARIO', `given both here and by venue preset ${venue.preset} (${venue.asOf}); keep one`, { file, path: `grid.${key}` });
      }
    }
    const resolved = loadVenuePreset(venue.preset, venue.asOf, options.venues);
    if (resolved.venue !== 'deribit') throw new XmarginError('E_INTERNAL', `venue ${resolved.venue} has no portfolio-margin block`);
    const pm = resolved.version.portfolioMargin;
    if (!pm) {
      throw new XmarginError('E_INPUT_SCENARIO', `venue preset ${venue.preset} (version in force on ${venue.asOf}) has no portfolioMargin block`, { file, path: 'venue' });
    }
    const shock = pm.volatilityShock;
    grid = {
      ...grid,
      priceScan: { relative: pm.priceMove },
      volatilityScan: {
        [venue.volatility]: shock.base,
        termScaling: { referenceDays: shock.referenceDays, power: shock.power, minimumDays: venue.minimumDays },
      },
      contingency: { shortOptionPerContract: pm.shortOptionContingencyPerContract, offsettingFutures: pm.offsettingFuturesContingency },
    };
  }
  return { name, title: preset.title, file, sources: preset.sources, grid };
}

/** JSON Schema of a grid preset file for editors (`schema/grid-preset.schema.json`). */
export function gridPresetJsonSchema(): object {
  return z.toJSONSchema(gridPresetFileSchema, { io: 'input', unrepresentable: 'any' });
}
