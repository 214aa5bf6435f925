import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { XmarginError } from '../core/errors.js';

const WILDCARD = /[*?]/;

/**
 * Expand scenario file patterns such as `scenarios/*.json` (Node 20 has no fs.glob). `*` matches any run of
 * characters and `?` one character, in the last path segment only; names starting with a dot match only a
 * pattern that starts with one. Plain paths pass through. Matches are sorted; duplicates are dropped;
 * a pattern matching nothing is an error rather than an empty gate.
 */
export function expandScenarioPatterns(patterns: readonly string[], cwd: string = process.cwd()): string[] {
  const files: string[] = [];
  const add = (file: string) => {
    if (!files.includes(file)) files.push(file);
  };
  for (const pattern of patterns) {
    if (!WILDCARD.test(pattern)) {
      add(pattern);
      continue;
    }
    const dir = dirname(pattern);
    const leaf = basename(pattern);
    if (WILDCARD.test(dir)) {
      throw new XmarginError('E_INPUT_ARGS', `--scenarios ${JSON.stringify(pattern)}: only the file name may contain * or ?, not the folder`);
    }
    let names: string[];
    try {
      names = readdirSync(resolve(cwd, dir));
    } catch {
      throw new XmarginError('E_IO', `--scenarios ${JSON.stringify(pattern)}: cannot read the folder ${dir}`);
    }
    const matcher = leafMatcher(leaf);
    const matched = names
      .filter((name) => matcher.test(name) && (leaf.startsWith('.') || !name.startsWith('.')))
      .filter((name) => statSync(resolve(cwd, dir, name)).isFile())
      .sort();
    if (matched.length === 0) throw new XmarginError('E_IO', `--scenarios ${JSON.stringify(pattern)}: no file matches`);
    matched.forEach((name) => add(dir === '.' && !pattern.startsWith('./') ? name : join(dir, name)));
  }
  return files;
}

function leafMatcher(leaf: string): RegExp {
  const body = [...leaf].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
