// Worker fixture for test/engine/worker-pool.test.ts: squares numbers, throws on request, sleeps to reorder.
import { serveWorkerTasks } from '../../../dist/engine/worker-pool.js';
import { XmarginError } from '../../../dist/core/errors.js';

serveWorkerTasks((data) => {
  if (data?.failSetup) throw new XmarginError('E_INPUT_SCENARIO', 'setup refused', { path: 'paths.runs' });
  const offset = data?.offset ?? 0;
  return async (task) => {
    if (task.fail) throw new XmarginError('E_INPUT_ARGS', `task ${task.x} refused`, { path: `tasks[${task.x}]` });
    if (task.crash) throw new TypeError('plain failure');
    // Early tasks wait longer, so workers finish out of submission order.
    if (task.delay) await new Promise((resolve) => setTimeout(resolve, task.delay));
    return { x: task.x, square: task.x * task.x + offset };
  };
});
