import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expectInputError, expectNoOutput, literal, ROOT, tempRoot, xmargin } from './cli.js';

/** A scenario as parsed JSON, edited freely by the cases. */
export type Scenario = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Edit = (s: Scenario) => void;

/** A bundled scenario with its data paths made absolute (the case folder is elsewhere) and `trim` applied. */
export function bundled(name: string, trim: Edit): Scenario {
  const file = join(ROOT, 'scenarios', name);
  const s = JSON.parse(readFileSync(file, 'utf8'));
  delete s.$schema;
  const abs = (f: string) => resolve(dirname(file), f);
  if (s.data.file) s.data.file = abs(s.data.file);
  if (s.data.files) for (const f of s.data.files) f.file = abs(f.file);
  trim(s);
  return s;
}

/** The bundled books cut to three modes and a few months: every case on them runs in well under a second. */
export const OPTIONS = bundled('spx-short-vol-2018.json', (s) => {
  s.margin.modes = s.margin.modes.slice(0, 3);
  s.data.to = '2017-03-31';
});
export const VENUES = bundled('venues-spx-2008.json', (s) => {
  s.margin.modes = s.margin.modes.slice(0, 3);
  s.data.to = '2008-12-31';
});
export const ADDONS = bundled('eu-pair-trade-addons.json', (s) => {
  s.margin.modes = [s.margin.modes[0], s.margin.modes[3], s.margin.modes[5]];
});
export const EU = bundled('eu-pair-trade-1998.json', (s) => {
  s.margin.modes = s.margin.modes.slice(0, 3);
});

/** Case folders under one temporary root: `folder` makes one, `scenarioCase` writes the edited scenario in one, `refused` runs it. */
export function caseFolders(label: string) {
  const root = tempRoot(label);
  let counter = 0;
  /** A new empty folder under the root, named `<prefix>-<n>`. */
  const folder = (prefix: string): string => {
    const dir = join(root, `${prefix}-${++counter}`);
    mkdirSync(dir);
    return dir;
  };
  /** A case folder holding `scenario.json` (the base with `edit` applied); its output folder is `out`. */
  const scenarioCase = (scenario: Scenario, edit: Edit) => {
    const dir = folder('case');
    const s = structuredClone(scenario);
    edit(s);
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify(s, null, 2));
    return { dir, file, out: join(dir, 'out') };
  };
  /** `xmargin run` on the edited scenario: exit 2, the scenario file and `located` first, no output folder. */
  const refused = (scenario: Scenario, edit: Edit, located: string): void => {
    const c = scenarioCase(scenario, edit);
    expectInputError(xmargin(['run', c.file, '--out', c.out, '--quiet']), new RegExp(`^xmargin: error: ${literal(c.file)}: ${located}`));
    expectNoOutput(c.dir, c.out, ['scenario.json']);
  };
  return { root, folder, scenarioCase, refused };
}
