import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readVenuePresetFile, venuePresetJsonSchema } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('venue-preset JSON Schema', () => {
  it('the committed schema/venue-preset.schema.json is the one generated from the zod schema (run `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema/venue-preset.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(venuePresetJsonSchema())));
  });

  it('every bundled preset validates and points its $schema at the committed file', () => {
    const files = readdirSync(join(root, 'venues')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(5);
    for (const name of files) {
      const file = join(root, 'venues', name);
      expect(readVenuePresetFile(file).venue).toBe(name.replace(/\.json$/, ''));
      expect(JSON.parse(readFileSync(file, 'utf8')).$schema).toBe('../schema/venue-preset.schema.json');
    }
  });
});
