/**
 * Side-effect entry: importing this module registers nnspec's wasm kernels and gradients.
 * Meant for places that can only name a module to import (nnspec's own workers call
 * `initBackend` instead). It loads the wasm package first so that its kernels are registered and
 * `Conv2DBackpropInput` can be swapped for the faster composite in the same call.
 */
import '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from './index.js';

registerMissingWasmKernels();
