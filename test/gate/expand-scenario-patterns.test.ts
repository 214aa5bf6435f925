import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XmarginError, expandScenarioPatterns } from '../../src/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-glob-'));
  mkdirSync(join(dir, 's', 'sub.json'), { recursive: true });
  for (const name of ['b.json', 'a.json', 'ab.json', '.hidden.json', 'c.txt', 'a+b.json']) writeFileSync(join(dir, 's', name), '{}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandScenarioPatterns', () => {
  it('* matches any run in the file name, sorted, skipping dot files and folders', () => {
    expect(expandScenarioPatterns(['s/*.json'], dir)).toEqual(['s/a+b.json', 's/a.json', 's/ab.json', 's/b.json']);
  });

  it('? matches one character; other characters, + included, are literal', () => {
    expect(expandScenarioPatterns(['s/?.json'], dir)).toEqual(['s/a.json', 's/b.json']);
    expect(expandScenarioPatterns(['s/a+b.*'], dir)).toEqual(['s/a+b.json']);
  });

  it('a dot file matches only a pattern that starts with a dot', () => {
    expect(expandScenarioPatterns(['s/.*.json'], dir)).toEqual(['s/.hidden.json']);
  });

  it('plain paths pass through unchanged and duplicates are dropped', () => {
    expect(expandScenarioPatterns(['s/b.json', 's/?.json', 'missing.json'], dir)).toEqual(['s/b.json', 's/a.json', 'missing.json']);
  });

  it('a pattern matching nothing, or a wildcard in a folder, is an error', () => {
    expect(() => expandScenarioPatterns(['s/*.yaml'], dir)).toThrow('--scenarios "s/*.yaml": no file matches');
    expect(() => expandScenarioPatterns(['*/a.json'], dir)).toThrow(XmarginError);
    expect(() => expandScenarioPatterns(['nope/*.json'], dir)).toThrow('cannot read the folder nope');
  });
});
