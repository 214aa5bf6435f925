import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { scenarioJsonSchema, readScenario } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('scenario JSON Schema', () => {
  it('the committed schema/scenario.schema.json is the one generated from the zod schema (run `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schema/scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('describes the top-level fields and the mode kinds', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'data', 'portfolio', 'correlation', 'margin', 'liquidation']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'data', 'portfolio', 'margin']));
    expect(JSON.stringify(schema)).toContain('"parametric-var"');
  });

  it('every bundled scenario validates and points its $schema at the committed file', () => {
    for (const name of readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json'))) {
      const file = join(root, 'scenarios', name);
      expect(() => readScenario(file)).not.toThrow();
      expect(JSON.parse(readFileSync(file, 'utf8')).$schema).toBe('../schema/scenario.schema.json');
    }
  });
});
