import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './api.js';

// The path tests import through ./api.js (see there why); this keeps it honest: every value it re-exports
// must also be exported by the public entry src/index.ts. Checked on the source text so the test does not
// load unrelated modules.
describe('public entry', () => {
  it('exports every path-module value the tests use', () => {
    const index = readFileSync(new URL('../../src/index.ts', import.meta.url), 'utf8');
    const exported = new Set(
      [...index.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((m) =>
        m[1].split(',').map((name) => name.trim().replace(/^type\s+/, '')),
      ),
    );
    const missing = Object.keys(api).filter((name) => !exported.has(name));
    expect(missing).toEqual([]);
  });
});
