#!/usr/bin/env node
// `npm run schema`: regenerate schema/scenario.schema.json, schema/venue-preset.schema.json and
// schema/grid-preset.schema.json from the zod schemas (the single source).
// A test fails when the committed file and the generated one differ.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../dist/scenario/scenario-schema.js';
import { venuePresetJsonSchema } from '../dist/venues/venue-preset-schema.js';
import { gridPresetJsonSchema } from '../dist/margin/grid-presets.js';

const path = new URL('../schema/scenario.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);

const venuePath = new URL('../schema/venue-preset.schema.json', import.meta.url);
writeFileSync(venuePath, `${JSON.stringify(venuePresetJsonSchema(), null, 2)}\n`);
console.log(`wrote ${venuePath.pathname}`);

const gridPath = new URL('../schema/grid-preset.schema.json', import.meta.url);
writeFileSync(gridPath, `${JSON.stringify(gridPresetJsonSchema(), null, 2)}\n`);
console.log(`wrote ${gridPath.pathname}`);
