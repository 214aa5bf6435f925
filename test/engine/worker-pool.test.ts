import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WorkerPool, XmarginError, resolveThreads, workerModuleUrl } from '../../src/index.js';

// The fixture imports the compiled pool from dist/ (built by test/setup/global-build.ts).
const squareWorker = new URL('./worker-fixtures/square-worker.mjs', import.meta.url);

interface Task {
  x: number;
  delay?: number;
  after?: number;
  fail?: boolean;
  crash?: boolean;
}
interface Result {
  x: number;
  square: number;
}

describe('WorkerPool', () => {
  it('returns results in submission order although workers finish out of order', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 2, workerData: { done: new SharedArrayBuffer(4) } });
    try {
      // Task 0 waits until the 7 others have completed on the other worker, so it arrives last whatever the
      // machine's load (a sleep would race a cold worker start).
      const tasks = Array.from({ length: 8 }, (_, x) => ({ x, after: x === 0 ? 7 : 0 }));
      const arrival: number[] = [];
      const results = await pool.map(tasks, { onResult: (_r, index) => arrival.push(index) });
      expect(results.map((r) => r.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(results.map((r) => r.square)).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
      expect(arrival[arrival.length - 1]).toBe(0);
      // The pool is reusable: a second batch on the same workers.
      expect((await pool.map([{ x: 9 }])).map((r) => r.square)).toEqual([81]);
    } finally {
      await pool.close();
    }
  });

  it('with prefetch 2, still returns every result once, in submission order', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 2, prefetch: 2 });
    try {
      // Worker 1 gets tasks 0 and 2 up front; task 0 is slow, so the other worker drains the rest.
      const tasks = Array.from({ length: 9 }, (_, x) => ({ x, delay: x === 0 ? 60 : 0 }));
      const seen: number[] = [];
      const results = await pool.map(tasks, { onResult: (_r, index) => seen.push(index) });
      expect(results.map((r) => r.square)).toEqual(tasks.map(({ x }) => x * x));
      expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      await pool.close();
    }
  });

  it('hands workerData to each worker setup once', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 2, workerData: { offset: 1000 } });
    try {
      expect((await pool.map([{ x: 2 }, { x: 3 }, { x: 4 }])).map((r) => r.square)).toEqual([1004, 1009, 1016]);
    } finally {
      await pool.close();
    }
  });

  it('rejects a batch with the task error, keeping its XmarginError code, and stays usable', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 2 });
    try {
      const failure = await pool.map([{ x: 1 }, { x: 2, fail: true }, { x: 3 }]).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(XmarginError);
      expect((failure as XmarginError).code).toBe('E_INPUT_ARGS');
      expect((failure as XmarginError).message).toBe('tasks[2]: task 2 refused');
      const plain = await pool.map([{ x: 1, crash: true }]).catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(Error);
      expect((plain as Error).name).toBe('TypeError');
      expect((await pool.map([{ x: 5 }]))[0].square).toBe(25);
    } finally {
      await pool.close();
    }
  });

  it('rejects every batch when a worker setup throws', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 1, workerData: { failSetup: true } });
    try {
      const failure = await pool.map([{ x: 1 }]).catch((e: unknown) => e);
      expect((failure as XmarginError).code).toBe('E_INPUT_SCENARIO');
      expect((failure as XmarginError).message).toBe('paths.runs: setup refused');
    } finally {
      await pool.close();
    }
  });

  it('resolves an empty batch without touching the workers', async () => {
    const pool = new WorkerPool<Task, Result>(squareWorker, { threads: 1 });
    try {
      expect(await pool.map([])).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool in a parent run as node --input-type=module -e', () => {
  it('starts its workers (the flag is not passed on to them)', () => {
    const code = `
      import { WorkerPool } from './dist/index.js';
      const pool = new WorkerPool(new URL(${JSON.stringify(squareWorker.href)}), { threads: 1 });
      const results = await pool.map([{ x: 3 }]);
      await pool.close();
      process.stdout.write(String(results[0].square));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('9');
    // With a V8 flag too, which workers refuse when flags are passed explicitly: they then get none.
    const withV8Flag = spawnSync(process.execPath, ['--max-semi-space-size=32', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(withV8Flag.stderr).toBe('');
    expect(withV8Flag.stdout).toBe('9');
  });
});

describe('resolveThreads', () => {
  it('defaults to at least one thread and refuses non-positive or fractional counts', () => {
    expect(resolveThreads()).toBeGreaterThanOrEqual(1);
    expect(resolveThreads(3)).toBe(3);
    expect(() => resolveThreads(0)).toThrow('--threads: expected a positive integer, got 0');
    expect(() => resolveThreads(1.5)).toThrow(XmarginError);
  });
});

describe('workerModuleUrl', () => {
  it('maps a TypeScript caller under src/ to the compiled module under dist/', () => {
    const url = workerModuleUrl('../montecarlo/worker.js', 'file:///repo/src/engine/worker-pool.ts');
    expect(url.href).toBe('file:///repo/dist/montecarlo/worker.js');
  });

  it('leaves a compiled caller alone', () => {
    const url = workerModuleUrl('../montecarlo/worker.js', 'file:///repo/dist/engine/worker-pool.js');
    expect(url.href).toBe('file:///repo/dist/montecarlo/worker.js');
  });
});
