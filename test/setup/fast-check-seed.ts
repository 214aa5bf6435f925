import fc from 'fast-check';

/**
 * Property tests are reproducible: one fixed seed for every run (CI included), so a red build is a real
 * regression and not a new random draw. Explore other draws locally with `FC_SEED=<n> npm test`; a failure
 * prints its seed and path for replay.
 */
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261125;
fc.configureGlobal({ seed });
