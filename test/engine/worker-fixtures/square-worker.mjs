// Worker fixture for test/engine/worker-pool.test.ts: squares numbers, throws on request, sleeps to reorder.
import { serveWorkerTasks } from '../../../dist/engine/worker-pool.js';
import { XmarginError } from '../../../dist/core/errors.js';

serveWorkerTasks((data) => {
  if (data?.failSetup) throw new XmarginError('E_INPUT_SCENARIO', 'setup refused', { path: 'paths.runs' });
  const offset = data?.offset ?? 0;
  // Shared by every worker (structured clone keeps a SharedArrayBuffer shared): tasks completed so far.
  const done = data?.done ? new Int32Array(data.done) : null;
  return async (task) => {
    if (task.fail) throw new XmarginError('E_INPUT_ARGS', `task ${task.x} refused`, { path: `tasks[${task.x}]` });
    if (task.crash) throw new TypeError('plain failure');
    // Early tasks wait longer, so workers finish out of submission order.
    if (task.delay) await new Promise((resolve) => setTimeout(resolve, task.delay));
    // Deterministic reordering: wait until that many other tasks have completed, on any worker.
    if (task.after && done) while (Atomics.load(done, 0) < task.after) await new Promise((resolve) => setTimeout(resolve, 2));
    if (done && !task.after) Atomics.add(done, 0, 1);
    return { x: task.x, square: task.x * task.x + offset };
  };
});
