import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { XmarginError, type ErrorCode, type ErrorLocation } from '../core/errors.js';

/**
 * A small, generic pool of `node:worker_threads`. Tasks are plain JSON-able messages; a worker module
 * answers them with `serveWorkerTasks(setup)`; `pool.map(tasks)` resolves with the results **in submission
 * order**, whatever order the workers finish in, so a caller that folds results in that order gets the
 * same answer for any number of threads.
 *
 * Workers run compiled JavaScript. `workerModuleUrl('../montecarlo/x.js', import.meta.url)` resolves a
 * module next to the caller; when the caller itself runs from TypeScript sources (vitest runs `src/`), the
 * URL is redirected to the same path under `dist/`, which `npm run build` produces.
 */

/** Messages from the pool to a worker. */
type Request = { readonly id: number; readonly task: unknown };
/** Messages from a worker to the pool. */
type Reply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerialisedError };

/** Reply id of a worker whose setup threw: the whole pool is unusable. */
const SETUP_FAILED = -1;

interface SerialisedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: ErrorCode;
  readonly detail?: string;
  readonly location?: ErrorLocation;
}

export interface WorkerPoolOptions {
  /** Number of worker threads (≥ 1); default: every core (`os.availableParallelism()`). */
  readonly threads?: number;
  /** Handed to every worker's setup function once (structured clone: keep it JSON-able). */
  readonly workerData?: unknown;
  /**
   * Tasks posted to a worker ahead of its answers (default 1). 2 keeps a worker busy while the thread that
   * owns the pool is itself computing and so slow to hand out the next task.
   */
  readonly prefetch?: number;
}

export interface MapOptions<R> {
  /** Called as each result arrives (completion order, not submission order), e.g. for progress. */
  readonly onResult?: (result: R, index: number) => void;
}

/** The number of threads to use: `requested` checked (a positive integer), else every core. */
export function resolveThreads(requested?: number): number {
  if (requested === undefined) return Math.max(1, availableParallelism());
  if (!Number.isSafeInteger(requested) || requested < 1) {
    throw new XmarginError('E_INPUT_ARGS', `--threads: expected a positive integer, got ${requested}`);
  }
  return requested;
}

/**
 * The URL of a worker module given relative to the calling module. A caller under `src/` (TypeScript run
 * by vitest) gets the compiled twin under `dist/`, since worker threads cannot load `.ts` files.
 */
export function workerModuleUrl(relative: string, callerUrl: string): URL {
  const url = new URL(relative, callerUrl);
  if (!callerUrl.endsWith('.ts')) return url;
  const path = fileURLToPath(url);
  const compiled = path.replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2').replace(/\.ts$/, '.js');
  return pathToFileURL(compiled);
}

interface Slot {
  readonly worker: Worker;
  /** Tasks posted and not yet answered. */
  pending: number;
}

interface Batch {
  readonly tasks: readonly unknown[];
  readonly results: unknown[];
  next: number;
  done: number;
  failed: boolean;
  readonly onResult?: (result: unknown, index: number) => void;
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Fixed-size pool: `threads` workers started once, reused across `map` calls. One `map` runs at a time
 * (calls queue up). A task that throws rejects its `map` with the error (an `XmarginError` keeps its code,
 * so exit codes survive the thread boundary) and no further tasks of that batch are dispatched.
 */
export class WorkerPool<Task, Result> {
  readonly threads: number;
  readonly prefetch: number;
  private readonly slots: Slot[] = [];
  /** Task id → its batch and index in it (a failed batch's stragglers may still answer). */
  private readonly inFlight = new Map<number, { batch: Batch; index: number }>();
  private batch: Batch | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private closed = false;
  private fatal: Error | null = null;

  constructor(moduleUrl: URL, options: WorkerPoolOptions = {}) {
    this.threads = resolveThreads(options.threads);
    this.prefetch = options.prefetch ?? 1;
    if (!Number.isSafeInteger(this.prefetch) || this.prefetch < 1) {
      throw new XmarginError('E_INTERNAL', `WorkerPool: prefetch must be a positive integer, got ${options.prefetch}`);
    }
    for (let i = 0; i < this.threads; i++) {
      const worker = startWorker(moduleUrl, options.workerData);
      const slot: Slot = { worker, pending: 0 };
      worker.on('message', (reply: Reply) => this.receive(slot, reply));
      worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new XmarginError('E_INTERNAL', `worker thread exited unexpectedly (code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  /** Run every task; resolves with the results in the order of `tasks`. */
  map(tasks: readonly Task[], options: MapOptions<Result> = {}): Promise<Result[]> {
    const run = this.queue.then(() => this.start(tasks, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stop every worker. The pool cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(tasks: readonly Task[], options: MapOptions<Result>): Promise<Result[]> {
    if (this.closed) return Promise.reject(new XmarginError('E_INTERNAL', 'worker pool is closed'));
    if (this.fatal) return Promise.reject(this.fatal);
    if (tasks.length === 0) return Promise.resolve([]);
    return new Promise<Result[]>((resolve, reject) => {
      this.batch = {
        tasks,
        results: new Array(tasks.length),
        next: 0,
        done: 0,
        failed: false,
        onResult: options.onResult as ((result: unknown, index: number) => void) | undefined,
        resolve: resolve as (results: unknown[]) => void,
        reject,
      };
      // One task to every worker first, then top up to the prefetch depth.
      for (let depth = 1; depth <= this.prefetch; depth++) for (const slot of this.slots) this.dispatch(slot, depth);
    });
  }

  /** Post tasks of the current batch to `slot` until it has `depth` pending. */
  private dispatch(slot: Slot, depth = this.prefetch): void {
    const batch = this.batch;
    while (batch && !batch.failed && slot.pending < depth && batch.next < batch.tasks.length) {
      const index = batch.next++;
      const id = this.nextId++;
      slot.pending++;
      this.inFlight.set(id, { batch, index });
      const request: Request = { id, task: batch.tasks[index] };
      slot.worker.postMessage(request);
    }
  }

  private receive(slot: Slot, reply: Reply): void {
    if (reply.id === SETUP_FAILED && !reply.ok) {
      this.fail(revive(reply.error));
      return;
    }
    const entry = this.inFlight.get(reply.id);
    if (!entry) return;
    this.inFlight.delete(reply.id);
    slot.pending--;
    const batch = entry.batch;
    if (!batch.failed) {
      if (!reply.ok) {
        batch.failed = true;
        if (this.batch === batch) this.batch = null;
        batch.reject(revive(reply.error));
      } else {
        batch.results[entry.index] = reply.result;
        batch.done++;
        batch.onResult?.(reply.result, entry.index);
        if (batch.done === batch.tasks.length) {
          if (this.batch === batch) this.batch = null;
          batch.resolve(batch.results);
        }
      }
    }
    this.dispatch(slot);
  }

  private fail(error: Error): void {
    if (this.fatal) return;
    this.fatal = error;
    const batch = this.batch;
    this.batch = null;
    this.inFlight.clear();
    if (batch && !batch.failed) {
      batch.failed = true;
      batch.reject(error);
    }
  }
}

/**
 * Workers inherit the parent's Node flags, but `--input-type` (a parent run as `node --input-type=module -e …`)
 * is refused for a module file: then pass the other flags explicitly; and if one of those is refused by
 * workers too (V8 flags such as `--max-semi-space-size` are process-wide, not per worker), pass none.
 */
function startWorker(moduleUrl: URL, workerData: unknown): Worker {
  if (!process.execArgv.some((flag) => flag.startsWith('--input-type'))) return new Worker(moduleUrl, { workerData });
  try {
    return new Worker(moduleUrl, { workerData, execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(moduleUrl, { workerData, execArgv: [] });
  }
}

/**
 * The worker side. Call once at the top level of a worker module: `setup(workerData)` runs once per
 * thread (build engines, read data) and returns the task handler; each task's result is posted back.
 * Outside a worker thread this does nothing, so the module can also be imported normally.
 */
export function serveWorkerTasks<Task, Result, Data = unknown>(
  setup: (data: Data) => ((task: Task) => Result | Promise<Result>) | Promise<(task: Task) => Result | Promise<Result>>,
): void {
  if (isMainThread || !parentPort) return;
  const port = parentPort;
  let handler: Promise<(task: Task) => Result | Promise<Result>>;
  try {
    handler = Promise.resolve(setup(workerData as Data));
  } catch (error) {
    handler = Promise.reject(error);
  }
  handler.catch((error: unknown) => port.postMessage({ id: SETUP_FAILED, ok: false, error: serialise(error) } satisfies Reply));
  port.on('message', async (request: Request) => {
    try {
      const handle = await handler;
      const result = await handle(request.task as Task);
      port.postMessage({ id: request.id, ok: true, result } satisfies Reply);
    } catch (error) {
      port.postMessage({ id: request.id, ok: false, error: serialise(error) } satisfies Reply);
    }
  });
}

function serialise(error: unknown): SerialisedError {
  if (error instanceof XmarginError) {
    return { name: error.name, message: error.message, stack: error.stack, code: error.code, detail: error.detail, location: error.location };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

function revive(error: SerialisedError): Error {
  if (error.code !== undefined && error.detail !== undefined) {
    const revived = new XmarginError(error.code, error.detail, error.location ?? {});
    if (error.stack) revived.stack = error.stack;
    return revived;
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}
