/** Kept for the library's old import path: the estimator factory now reads the estimator registry. */
export { createEstimator, type EstimatorContext } from './estimator-spec.js';
