import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { jsonReplacer } from '../result/run-folder.js';
import { gateJunit } from './gate-junit.js';
import { gateMarkdown } from './gate-markdown.js';
import type { GateReport } from './gate-report.js';

export const GATE_FILES = { markdown: 'gate.md', junit: 'junit.xml', json: 'gate.json' } as const;

export interface GateOutputs {
  readonly markdown: string;
  readonly junit: string;
  readonly json: string;
}

/**
 * Render the gate's outputs and (with `write`) put them in `outDir`, each atomically; gate.json, the
 * complete record, is written last so a folder with a gate.json is whole.
 */
export function writeGateOutputs(report: GateReport, outDir: string, write = true): GateOutputs {
  const outputs = { markdown: gateMarkdown(report), junit: gateJunit(report), json: `${JSON.stringify(report, jsonReplacer, 2)}\n` };
  if (write) {
    writeFileAtomic(join(outDir, GATE_FILES.markdown), outputs.markdown);
    writeFileAtomic(join(outDir, GATE_FILES.junit), outputs.junit);
    writeFileAtomic(join(outDir, GATE_FILES.json), outputs.json);
  }
  return outputs;
}
