import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gridPresetJsonSchema, loadGridPreset } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('grid-preset JSON Schema', () => {
  it('the committed schema/grid-preset.schema.json is the one generated from the zod schema (run `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema/grid-preset.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(gridPresetJsonSchema())));
  });

  it('every bundled preset validates, names its sources and points its $schema at the committed file', () => {
    const files = readdirSync(join(root, 'grids')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['deribit-pm.json', 'span-16.json']);
    for (const name of files) {
      const preset = loadGridPreset(name.replace(/\.json$/, ''));
      expect(preset.sources.length).toBeGreaterThan(0);
      for (const source of preset.sources) expect(source.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(JSON.parse(readFileSync(join(root, 'grids', name), 'utf8')).$schema).toBe('../schema/grid-preset.schema.json');
    }
  });
});
