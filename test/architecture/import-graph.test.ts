import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The architecture, checked: no import loop between source files, and none between the folders of src/
 * (core → data → … → report → gate/calibrate → cli, one way). Imports are read from the text of each file:
 * static `import … from`, side-effect `import '…'`, `export … from` and dynamic `import('…')` with a
 * literal specifier; type-only imports count too (they tie the files as much as values do).
 */
const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:^|[\s;{}])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** File → the source files it imports (relative to src/, `.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const targets = new Set<string>();
    for (const match of text.matchAll(SPECIFIER)) {
      const spec = match[1] ?? match[2];
      targets.add(relative(src, normalize(join(dirname(file), spec))).replace(/\.js$/, '.ts'));
    }
    graph.set(relative(src, file), [...targets]);
  }
  return graph;
}

/** One cycle of the graph (as a path that returns to its start), or null. Depth-first, three colours. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '(root)');

describe('import graph of src/', () => {
  const graph = importGraph();

  it('reads every source file and resolves every relative import to one', () => {
    expect(graph.size).toBeGreaterThan(150);
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('has no loop between files', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('has no loop between folders', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      const edges = folders.get(from) ?? [];
      for (const t of targets) if (folderOf(t) !== from && !edges.includes(folderOf(t))) edges.push(folderOf(t));
      folders.set(from, edges);
    }
    // The public entry (src/index.ts) re-exports every folder; leave it out.
    folders.delete('(root)');
    expect(findCycle(folders)).toBeNull();
  });

  it('finds a loop when there is one (the checker itself)', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeNull();
  });
});
