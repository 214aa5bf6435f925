import { serveWorkerTasks } from '../engine/worker-pool.js';
import { createCalibrationRunner, type CalibrationPlan, type CalibrationTask, type CalibrationTaskResult } from './calibration-task.js';

/** Worker-thread entry of the calibration pool: one runner per thread, built from the plan once. */
serveWorkerTasks<CalibrationTask, CalibrationTaskResult, CalibrationPlan>((plan) => createCalibrationRunner(plan));
