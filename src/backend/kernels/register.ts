/**
 * Side-effect entry: importing this module registers nnspec's wasm kernels and gradients.
 * Meant for places that can only name a module to import, such as a trainer worker's
 * `setupModule`.
 */
import { registerMissingWasmKernels } from './index.js';

registerMissingWasmKernels();
