import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gateMetrics, metricDefinition, runGate, runScenarioFile, type RunResult, type ScenarioRun } from '../../src/index.js';

const scenario = fileURLToPath(new URL('../../scenarios/eu-pair-trade-addons.json', import.meta.url));
let dir: string;
let result: RunResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-gate-tools-'));
  result = ((await runScenarioFile(scenario, { write: false })) as ScenarioRun).result;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gate metrics of add-ons, margin per position and reverse stress', () => {
  it('are read from the result sections: shares of the mean requirement, procyclicality with and without, distance to breach', () => {
    const table = gateMetrics(result);
    const mode = result.addOns!.find((m) => m.mode === 'var-addons')!;
    const cb = mode.addOns.find((a) => a.kind === 'correlation-break')!;
    expect(table['var-addons.correlationBreakShare']).toBe(cb.meanContribution / mode.meanRequirement);
    expect(table['var-addons.addOnShare']).toBeCloseTo(mode.addOns.reduce((s, a) => s + a.meanContribution, 0) / mode.meanRequirement, 12);
    expect(table['var-addons.largestIncrease']).toBe(mode.procyclicality.withAddOns.largestIncrease);
    expect(table['var-addons.largestIncreaseBase']).toBe(mode.procyclicality.withoutAddOns.largestIncrease);
    expect(table['portfolio-var.correlationBreakShare']).toBeNull(); // no add-ons on this mode
    const stress = result.reverseStress!.find((m) => m.mode === 'var-addons')!;
    expect(table['var-addons.distanceToBreach']).toBe(stress.nearest!.distance);
    expect(table['var-addons.breachShock']).toBe(stress.frontier[0].rawShock);
    expect(table['isolated.distanceToBreach']).toBeNull(); // none within the searched range
    expect(metricDefinition('hs-apc.peakToTroughBase')!.template).toBe('<mode>.peakToTroughBase');
  });

  it('"distance to breach must not shrink by more than 10 %" fails when a candidate takes the add-ons off', async () => {
    const write = (name: string, value: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      return file;
    };
    const policy = write('policy.json', {
      name: 'margin-tools',
      rules: [
        { id: 'breach-distance', modes: ['var-addons'], metric: '{mode}.distanceToBreach', maxDecrease: '10%' },
        { id: 'procyclicality', modes: ['var-addons'], metric: '{mode}.largestIncrease', max: 0.5 },
      ],
    });
    const baseline = write('baseline.json', { name: 'with-add-ons' });
    const candidate = write('candidate.json', { name: 'without-add-ons', modePatches: { 'var-addons': { addOns: [] } } });
    const gate = await runGate({ policy, baseline, candidate, scenarios: [scenario], out: join(dir, 'gate'), write: false });
    const verdicts = Object.fromEntries(gate.report.verdicts.map((v) => [v.rule, v]));
    expect(verdicts['breach-distance'].status).toBe('fail'); // 4.29 → 2.84: the method alone is much nearer to breaking
    expect(verdicts['procyclicality'].status).toBe('fail'); // without the buffer a 5-day increase of 60 %
    const metrics = gate.report.scenarios[0];
    expect(metrics.candidate!['var-addons.distanceToBreach']).toBeLessThan(0.9 * (metrics.baseline!['var-addons.distanceToBreach'] as number));
  });
});
