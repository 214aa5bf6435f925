#!/usr/bin/env node
// `npm run schema`: regenerate schema/scenario.schema.json from the zod scenario schema (the single source).
// A test fails when the committed file and the generated one differ.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../dist/scenario/scenario-schema.js';

const path = new URL('../schema/scenario.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
