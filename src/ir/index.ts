/** The IR: its schema, lowering from a checked program, and validation of documents read back. */
export * from './schema.js';
export { lower } from './lower.js';
export type { LowerOptions } from './lower.js';
export { validateIr, formatIrPath } from './validate.js';
