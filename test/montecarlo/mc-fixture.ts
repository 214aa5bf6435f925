import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, readScenario, type CompiledScenario, type Scenario } from '../../src/index.js';

/** A small Monte Carlo scenario on disk (40 paths × 60 steps over the SPI/SBI hedge). */
export const SMALL_SCENARIO = fileURLToPath(new URL('./fixtures/mc-small.json', import.meta.url));

/** The small scenario, validated, with `paths` fields changed. */
export function smallScenario(paths: Partial<NonNullable<Scenario['paths']>> = {}): Scenario {
  const scenario = readScenario(SMALL_SCENARIO);
  return { ...scenario, paths: { ...scenario.paths!, ...paths } };
}

export function compileSmall(paths: Partial<NonNullable<Scenario['paths']>> = {}): CompiledScenario {
  return compileScenario(smallScenario(paths), SMALL_SCENARIO);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'xmargin-mc-'));
}
