import { WorkerPool, resolveThreads, workerModuleUrl } from '../engine/worker-pool.js';
import { createCalibrationRunner, type CalibrationPlan, type CalibrationTask, type CalibrationTaskResult } from './calibration-task.js';

export interface TaskRunOptions {
  /** Worker threads; default every core. 1 runs in this thread. */
  readonly threads?: number;
  /** Called once per finished task (completion order), e.g. for progress. */
  readonly onResult?: (done: number, total: number) => void;
}

/**
 * Evaluate every task of a plan, on a worker pool (`src/engine/worker-pool.ts`, workers run the compiled
 * `calibration-worker.js`) or in this thread. Results come back in task order whatever the number of threads,
 * and each task is computed from the plan alone, so the output is identical for any thread count.
 * Running from TypeScript sources (vitest) there is no compiled worker to start: tasks run in-process.
 */
export async function runCalibrationTasks(
  plan: CalibrationPlan,
  tasks: readonly CalibrationTask[],
  options: TaskRunOptions = {},
): Promise<CalibrationTaskResult[]> {
  const threads = Math.min(resolveThreads(options.threads), Math.max(1, tasks.length));
  let done = 0;
  const tick = () => options.onResult?.(++done, tasks.length);
  if (threads === 1 || import.meta.url.endsWith('.ts')) {
    const run = createCalibrationRunner(plan);
    const results: CalibrationTaskResult[] = [];
    for (const task of tasks) {
      results.push(run(task));
      tick();
      // Let a terminal progress line and signals through between tasks.
      if (options.onResult) await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const pool = new WorkerPool<CalibrationTask, CalibrationTaskResult>(workerModuleUrl('./calibration-worker.js', import.meta.url), {
    threads,
    workerData: plan,
  });
  try {
    return await pool.map(tasks, { onResult: tick });
  } finally {
    await pool.close();
  }
}
