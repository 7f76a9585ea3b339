/**
 * nnspec's embeddable core: parse, check, format and lower `.nn` specs. Browser-safe: nothing
 * here imports a Node built-in or TF.js (a test bundles this entry for the browser to prove it).
 * Training lives in `nnspec/train`, file I/O in `nnspec/node`.
 */
export * from './diagnostics/index.js';
export * from './syntax/index.js';
export * from './catalogue/index.js';
export * from './check/index.js';
export * from './ir/index.js';
export * from './lower/index.js';
export * from './format/index.js';
export { NNSPEC_VERSION } from './cli/version.js';
