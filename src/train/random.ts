/**
 * Seeded randomness for data generation and splitting. The generator lives in the seeding module
 * (src/util/seeds.ts), which every stage that derives seeds shares; this module keeps the
 * training side's import path.
 */
export { Random, createRandom } from '../util/seeds.js';
