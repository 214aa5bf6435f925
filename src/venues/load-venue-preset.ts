import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmarginError } from '../core/errors.js';
import { readJsonFile, refuseProtoKeys, validateWith } from '../core/json-input.js';
import {
  presetDate,
  venuePresetFileSchema,
  type BinanceUsdmVersion,
  type DeribitVersion,
  type DydxV4Version,
  type HyperliquidVersion,
  type OkxPmVersion,
  type VenuePresetFile,
} from './venue-preset-schema.js';

/** The bundled presets: `venues/` at the package root (two levels above `src/venues/` and `dist/venues/`). */
export const BUNDLED_VENUES_DIR = fileURLToPath(new URL('../../venues/', import.meta.url));

/**
 * A preset resolved to the version in force on a date. `newest`: the version is the file's last, so nothing in
 * the preset records the rules after its first day (an `asOf` later than that takes it as still in force).
 */
export type ResolvedVenuePreset = { title: string; file: string; asOf: string; newest: boolean } & (
  | { venue: 'binance-usdm'; version: BinanceUsdmVersion }
  | { venue: 'hyperliquid'; version: HyperliquidVersion }
  | { venue: 'dydx-v4'; version: DydxV4Version }
  | { venue: 'okx-pm'; version: OkxPmVersion }
  | { venue: 'deribit'; version: DeribitVersion }
);

export interface VenuePresetOptions {
  /** Folder of `<venue>.json` files; default the bundled `venues/`. */
  directory?: string;
}

/** Names of the presets in a folder (file names without `.json`), sorted. */
export function listVenuePresets(options: VenuePresetOptions = {}): string[] {
  const directory = options.directory ?? BUNDLED_VENUES_DIR;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new XmarginError('E_IO', `cannot list venue presets: ${(error as Error).message}`, { file: directory });
  }
  return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).sort();
}

/** Read and validate one preset file; every problem is one line with the file and the JSON path. */
export function readVenuePresetFile(path: string): VenuePresetFile {
  const json = readJsonFile(path, 'E_INPUT_SCENARIO');
  refuseProtoKeys(json, path);
  return validateWith(venuePresetFileSchema, json, path);
}

/**
 * The version of venue `name` in force on `asOf` (YYYY-MM-DD): the last version with `effective ≤ asOf`,
 * provided `asOf` is before its `until`. An unknown venue, a date before the first version or after a
 * version's known end is an error listing what exists. A date after the newest version's first day (and no
 * `until`) gets that version, marked `newest`: a version applies until the next one, and there is none; runs
 * record it (`VenueUse.afterNewest`).
 */
export function loadVenuePreset(name: string, asOf: string, options: VenuePresetOptions = {}): ResolvedVenuePreset {
  const directory = options.directory ?? BUNDLED_VENUES_DIR;
  const checkedDate = presetDate.safeParse(asOf);
  if (!checkedDate.success) {
    throw new XmarginError('E_INPUT', `venue preset ${JSON.stringify(name)}: asOf: expected a date as YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  }
  const known = listVenuePresets({ directory });
  if (!known.includes(name)) {
    throw new XmarginError('E_INPUT', `unknown venue preset ${JSON.stringify(name)}; known: ${known.join(', ') || '(none)'}`, { file: directory });
  }
  const file = join(directory, `${name}.json`);
  const preset = readVenuePresetFile(file);
  if (preset.venue !== name) {
    throw new XmarginError('E_INPUT_SCENARIO', `expected venue ${JSON.stringify(name)} (the file name), got ${JSON.stringify(preset.venue)}`, { file, path: 'venue' });
  }
  const versions = preset.versions as { effective: string; until?: string }[];
  const listing = versions.map((v) => (v.until ? `${v.effective} until ${v.until}` : `from ${v.effective}`)).join('; ');
  let index = -1;
  for (let k = 0; k < versions.length && versions[k].effective <= asOf; k++) index = k;
  if (index < 0) {
    throw new XmarginError('E_INPUT', `venue preset ${JSON.stringify(name)} has no version in force on ${asOf}: its first version starts on ${versions[0].effective}; versions: ${listing}`, { file });
  }
  const until = versions[index].until;
  if (until !== undefined && asOf >= until) {
    throw new XmarginError('E_INPUT', `venue preset ${JSON.stringify(name)} has no version known to be in force on ${asOf}: the version of ${versions[index].effective} ends on ${until}; versions: ${listing}`, { file });
  }
  return { venue: preset.venue, title: preset.title, file, asOf, newest: index === versions.length - 1, version: preset.versions[index] } as ResolvedVenuePreset;
}
