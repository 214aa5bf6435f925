import { writeFolderAtomic } from '../core/atomic-folder.js';
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

/** Render the gate's outputs and (with `write`) write them as the folder `outDir`, in one atomic folder write. */
export function writeGateOutputs(report: GateReport, outDir: string, write = true): GateOutputs {
  const outputs = { markdown: gateMarkdown(report), junit: gateJunit(report), json: `${JSON.stringify(report, jsonReplacer, 2)}\n` };
  if (write) {
    writeFolderAtomic(outDir, [
      { name: GATE_FILES.markdown, data: outputs.markdown },
      { name: GATE_FILES.junit, data: outputs.junit },
      { name: GATE_FILES.json, data: outputs.json },
    ]);
  }
  return outputs;
}
