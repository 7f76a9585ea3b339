/**
 * The trainer's seeded shuffling, on top of the project's PRNG (src/train/random.ts).
 * Never Math.random: the same seed gives the same batches on every run, backend and thread count.
 */
import { createRandom } from '../random.js';

/** The order of the training rows in (1-based) epoch `epoch` for `seed`: depends only on (seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  return createRandom(seed).fork('trainer/shuffle').fork(`epoch-${epoch}`).permutation(n);
}
