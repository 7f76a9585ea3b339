/**
 * The Node-only part of the data layer: reading CSV and IDX files (gzip too) and the bundled
 * data sets, and {@link loadData}, the runner's one entry point.
 */
export { SOURCE_TYPES, loadData, loadSource } from './load-data.js';
export type { LoadDataOptions } from './load-data.js';
export { BUILTIN_DATASETS, isBuiltinSource, loadBuiltin } from './builtin-node.js';
export type { BuiltinSourceType } from './builtin-node.js';
export { readDataFile, readDataText, resolveDataPath } from './read-file-node.js';
export { findPackageRoot } from './package-root-node.js';
export { dataRootDiagnostics, isInsideDataRoot, openDataRoot } from './data-root-node.js';
export type { DataRoot } from './data-root-node.js';
