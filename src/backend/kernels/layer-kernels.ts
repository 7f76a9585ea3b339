/**
 * wasm/layer-kernels.c bound to TF.js's wasm memory: matrix products, a max pool's gradient and
 * relu's gradient, and bias gradients' column sums, that compute the wasm package's results to the bit, with SIMD and fewer passes
 * (see ./matmul.ts, ./max-pool-grad.ts and ./conv2d-bias-activation.ts for where they run).
 */
import { compiledModule } from '../wasm/load-module.js';
import { MODULE_BASE64 } from '../wasm/layer-kernels-module.js';
import type { WasmBackendLike } from './tensor-info.js';

/** A max pool's geometry as the C kernels take it: the input's shape, the output's size, strides, window and padding. */
export type PoolGeometry = [
  n: number,
  h: number,
  w: number,
  c: number,
  outHeight: number,
  outWidth: number,
  strideHeight: number,
  strideWidth: number,
  filterHeight: number,
  filterWidth: number,
  padTop: number,
  padLeft: number,
];

/** The exports of wasm/layer-kernels.c (every pointer a byte address in the wasm memory). */
export interface LayerKernels {
  /** See wasm/layer-kernels.c: `c = a b` with strided operands, in the package's order of summation. */
  matmul(
    a: number,
    ars: number,
    aps: number,
    b: number,
    brs: number,
    bps: number,
    bias: number,
    relu: number,
    block: number,
    c: number,
    m: number,
    k: number,
    n: number,
    panel: number,
  ): void;
  max_pool_gradient(x: number, dy: number, dx: number, ...geometry: PoolGeometry): void;
  max_pool_forward(x: number, y: number, at: number, ...geometry: PoolGeometry): void;
  max_pool_gradient_at(at: number, dy: number, dx: number, inputs: number, outputs: number): void;
  relu_gradient(dy: number, y: number, dz: number, count: number): void;
  column_sum(x: number, rows: number, cols: number, out: number): void;
}

const instances = new WeakMap<WebAssembly.Memory, LayerKernels | null>();

/**
 * The kernels bound to `memory`, once per memory, or undefined where there is no memory or the
 * module cannot run (no wasm SIMD): callers then keep the package's kernels.
 */
export function layerKernelsFor(memory: WebAssembly.Memory | undefined): LayerKernels | undefined {
  if (memory === undefined) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    try {
      kernels = new WebAssembly.Instance(compiledModule(MODULE_BASE64), { env: { memory } }).exports as unknown as LayerKernels;
    } catch {
      kernels = null;
    }
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

/** The kernels bound to `backend`'s memory: undefined unless it is TF.js's wasm backend with wasm SIMD. */
export function layerKernelsOf(backend: unknown): LayerKernels | undefined {
  return layerKernelsFor((backend as Partial<WasmBackendLike>).wasm?.asm?.memory);
}
