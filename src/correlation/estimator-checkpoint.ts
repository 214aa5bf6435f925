import type { EstimatorCheckpoint } from './estimator.js';

/**
 * Copies of typed arrays, taken now and written back into the same arrays by `restore()`: a typed-array
 * `set` from an array of the same type is a bit-exact memory copy and allocates nothing. The building
 * block of the estimators' `checkpoint()`; their scalar fields they restore themselves.
 */
export class ArraysCheckpoint implements EstimatorCheckpoint {
  private readonly live: readonly (Float64Array | Int32Array)[];
  private readonly saved: readonly (Float64Array | Int32Array)[];

  constructor(arrays: readonly (Float64Array | Int32Array)[]) {
    this.live = arrays;
    this.saved = arrays.map((a) => a.slice());
  }

  restore(): void {
    for (let i = 0; i < this.live.length; i++) this.live[i].set(this.saved[i]);
  }
}
