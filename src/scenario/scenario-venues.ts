import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { XmarginError } from '../core/errors.js';
import { quoteInput } from '../core/quote-input.js';
import type { LiquidationPolicy } from '../margin/liquidation-policy.js';
import type { MarginMethod } from '../margin/margin-method.js';
import { mergeLiquidation } from '../margin/venue-mode-fields.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { listVenuePresets, loadVenuePreset, type ResolvedVenuePreset } from '../venues/load-venue-preset.js';
import { bracketIndex } from '../venues/notional-bracket.js';

/** What a run records about a venue preset a mode applied: enough for a committee to find the rule. */
export interface VenueUse {
  /** The mode that applied it. */
  readonly mode: string;
  readonly venue: string;
  /** The date asked for, and the version in force then (its first day, how that date is known, its end). */
  readonly asOf: string;
  readonly effective: string;
  readonly basis: string;
  readonly until: string | null;
  /**
   * Present when `asOf` is after the first day of the preset's newest version, which has no end: the days
   * between, and why that version applies although nothing in the preset records the rules on `asOf`.
   */
  readonly afterNewest?: { readonly days: number; readonly reason: string };
  readonly title: string;
  /** The preset file read (the bundled `venues/<venue>.json`, or the scenario's `venuePresets` folder's). */
  readonly file: string;
  readonly sources: readonly { readonly url: string; readonly title: string; readonly retrieved: string }[];
}

/**
 * Reads the venue presets a scenario's modes name, once each, and locates every problem in the scenario:
 * an unknown venue at the mode's `venue` (listing the presets that exist), a date with no version in
 * force at its `asOf` (listing the versions). A preset file that is itself invalid keeps its own file and
 * JSON path.
 */
export class VenuePresetReader {
  private readonly cache = new Map<string, ResolvedVenuePreset>();
  private known: string[] | null = null;

  /** `directory`: a folder of preset files (default the bundled `venues/`). */
  constructor(private readonly scenarioFile: string, private readonly directory?: string) {}

  /** True when the presets come from the bundled `venues/` folder. */
  get bundled(): boolean {
    return this.directory === undefined;
  }

  read(name: string, asOf: string, path: string, venueField: string | null): ResolvedVenuePreset {
    const key = `${name}@${asOf}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (this.known === null) {
      try {
        this.known = listVenuePresets(this.directory ? { directory: this.directory } : {});
      } catch (error) {
        // The folder the scenario's venuePresets names: say so, not only the operating system's ENOENT.
        if (this.directory !== undefined && error instanceof XmarginError && error.code === 'E_IO') {
          throw new XmarginError('E_INPUT_SCENARIO', `expected a folder of venue preset files (<venue>.json), got ${existsSync(this.directory) ? 'a path that is not a readable folder' : 'no such folder'}: ${this.directory}`, { file: this.scenarioFile, path: 'venuePresets' });
        }
        throw error;
      }
    }
    if (!this.known.includes(name)) {
      throw new XmarginError('E_INPUT_SCENARIO', `unknown venue preset ${quoteInput(name, 60)}; known: ${this.known.length ? this.known.join(', ') : `none (${this.directory ?? 'the bundled venues/'} holds no <venue>.json)`}`, { file: this.scenarioFile, path: venueField ? `${path}.${venueField}` : path });
    }
    let preset: ResolvedVenuePreset;
    try {
      preset = loadVenuePreset(name, asOf, this.directory ? { directory: this.directory } : {});
    } catch (error) {
      if (error instanceof XmarginError && error.location.path === undefined) {
        throw new XmarginError('E_INPUT_SCENARIO', error.detail, { file: this.scenarioFile, path: `${path}.asOf` });
      }
      throw error;
    }
    this.cache.set(key, preset);
    return preset;
  }
}

/**
 * The record of a preset applied by mode `mode`. Its file is named as shipped (`venues/<venue>.json`) for
 * a bundled preset, else relative to the working directory, so that results do not depend on where the
 * package is installed.
 */
export function venueUse(mode: string, preset: ResolvedVenuePreset, bundled: boolean): VenueUse {
  const version = preset.version as { effective: string; basis: string; until?: string; sources: { url: string; title: string; retrieved: string }[] };
  const days = Math.round((Date.parse(`${preset.asOf}T00:00:00Z`) - Date.parse(`${version.effective}T00:00:00Z`)) / 86_400_000);
  const afterNewest = preset.newest && version.until === undefined && days > 0
    ? { days, reason: `the newest version in the preset: its rules are taken as still in force ${days} day${days === 1 ? '' : 's'} after its first day, the preset recording no later version` }
    : undefined;
  return {
    mode,
    venue: preset.venue,
    asOf: preset.asOf,
    effective: version.effective,
    basis: version.basis,
    until: version.until ?? null,
    ...(afterNewest ? { afterNewest } : {}),
    title: preset.title,
    file: bundled ? `venues/${preset.venue}.json` : relative(process.cwd(), preset.file),
    sources: version.sources.map((s) => ({ url: s.url, title: s.title, retrieved: s.retrieved })),
  };
}

/**
 * A mode's liquidation policy: the scenario's, with the mode's own `liquidation` fields over it; in a
 * Hyperliquid venue mode the venue's rule unless the mode names another policy. `undefined` when the
 * mode uses the scenario's policy unchanged. `hyperliquid` anywhere else is refused: its thresholds are
 * the preset's.
 */
export function modeLiquidation(
  own: { policy?: LiquidationPolicy['kind']; buffer?: number; fee?: number } | undefined,
  base: LiquidationPolicy,
  preset: ResolvedVenuePreset | null,
  file: string,
  path: string,
): LiquidationPolicy | undefined {
  const hyperliquid = preset?.venue === 'hyperliquid' ? preset : null;
  if (!own && !hyperliquid) return undefined;
  const merged = mergeLiquidation(base, own);
  const kind = own?.policy ?? (hyperliquid ? 'hyperliquid' : merged.kind);
  if (kind !== 'hyperliquid') return { ...merged, kind };
  if (!hyperliquid) {
    throw new XmarginError('E_INPUT_SCENARIO', 'policy hyperliquid applies the thresholds of the hyperliquid preset: only in a mode with "venue": "hyperliquid"', { file, path: `${path}.liquidation.policy` });
  }
  return { ...merged, kind, venueRule: hyperliquid.version.liquidation };
}

/**
 * A venue caps leverage by bracket: refuse a position whose leverage (1 / initial margin rate) is above the
 * maximum of the bracket its opening notional falls in, for every mode applying venue brackets.
 */
export function checkVenueLeverage(
  positions: readonly ResolvedPosition[],
  openNotional: (p: number) => number,
  modes: readonly { readonly name: string; readonly method: MarginMethod; readonly use: VenueUse | null }[],
  file: string,
  modePath: (mode: number) => string,
  leverageField: (position: number) => string,
): void {
  modes.forEach((mode, m) => {
    const rules = mode.method.maintenanceSum?.rules;
    if (!mode.use || !rules) return;
    positions.forEach((position, p) => {
      const brackets = rules[p].brackets;
      if (!brackets) return;
      const notional = Math.abs(openNotional(p));
      const bracket = brackets[bracketIndex(brackets, notional)];
      const leverage = 1 / position.initialMarginRate;
      if (leverage > bracket.maxLeverage * (1 + 1e-12)) {
        const range = `${bracket.floor.toLocaleString('en-US')}–${bracket.cap === null ? '∞' : bracket.cap.toLocaleString('en-US')}`;
        throw new XmarginError(
          'E_INPUT_SCENARIO',
          `leverage ${+leverage.toFixed(6)}× is above ${mode.use!.venue}'s maximum of ${bracket.maxLeverage}× for a notional of ${Math.round(notional).toLocaleString('en-US')} at opening (bracket ${range}, version of ${mode.use!.effective}, mode ${modePath(m)}); lower the leverage or the size`,
          { file, path: `portfolio.positions[${p}].${leverageField(p)}` },
        );
      }
    });
  });
}
