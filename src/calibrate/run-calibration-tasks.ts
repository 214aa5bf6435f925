import { WorkerPool, resolveThreads, workerModuleUrl } from '../engine/worker-pool.js';
import { createCalibrationRunner, type CalibrationPlan, type CalibrationTask, type CalibrationTaskResult } from './calibration-task.js';

export interface TaskRunOptions {
  /** Threads in all, this one included; default every core. 1 runs everything in this thread. */
  readonly threads?: number;
  /** Called once per finished task (completion order), e.g. for progress. */
  readonly onResult?: (done: number, total: number) => void;
}

/**
 * Evaluate every task of a plan on `threads` threads: this thread plus `threads − 1` workers of a
 * `WorkerPool` (src/engine/worker-pool.ts, running the compiled `calibration-worker.js`). Both pull from one
 * queue: the pool a few tasks at a time, this thread one at a time, yielding to the event loop in between so
 * the pool's replies are handled. This thread is already warm (modules loaded, code optimised), which a fresh
 * worker is not, so it saves one worker's start-up.
 *
 * Results are stored by task index and each task is computed from the plan alone, so the output is identical
 * for any number of threads. From TypeScript sources (vitest) there is no compiled worker: all in-process.
 */
export async function runCalibrationTasks(
  plan: CalibrationPlan,
  tasks: readonly CalibrationTask[],
  options: TaskRunOptions = {},
): Promise<CalibrationTaskResult[]> {
  const threads = Math.min(resolveThreads(options.threads), Math.max(1, tasks.length));
  const results = new Array<CalibrationTaskResult>(tasks.length);
  const run = createCalibrationRunner(plan);
  let next = 0;
  let done = 0;
  let failed = false;
  const tick = () => options.onResult?.(++done, tasks.length);

  const local = async () => {
    while (next < tasks.length && !failed) {
      const index = next++;
      results[index] = run(tasks[index]);
      tick();
      // Let the pool's replies, a terminal progress line and signals through between tasks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  if (threads === 1 || import.meta.url.endsWith('.ts')) {
    await local();
    return results;
  }

  const workers = threads - 1;
  const pool = new WorkerPool<CalibrationTask, CalibrationTaskResult>(workerModuleUrl('./calibration-worker.js', import.meta.url), {
    threads: workers,
    workerData: plan,
  });
  const remote = async () => {
    while (next < tasks.length && !failed) {
      const start = next;
      const end = Math.min(tasks.length, start + 2 * workers);
      next = end;
      const batch = await pool.map(tasks.slice(start, end), { onResult: tick });
      batch.forEach((result, k) => (results[start + k] = result));
    }
  };
  try {
    await Promise.all([remote(), local()].map((p) => p.catch((error: unknown) => {
      failed = true;
      throw error;
    })));
  } finally {
    await pool.close();
  }
  return results;
}
