/**
 * The fused training step's kernels (wasm/dense-step.c) instantiated on a memory of their own.
 * Every function takes byte addresses in that memory; {@link DenseStepKernels.heap} is its
 * Float32Array view (the memory never grows after creation, so the view stays valid).
 */
import { compiledModule } from '../wasm/load-module.js';
import { MODULE_BASE64 } from '../wasm/dense-step-module.js';
import { MODULE_BASE64 as RELAXED_MODULE_BASE64 } from '../wasm/dense-step-relaxed-module.js';
import { MODULE_BASE64 as RELAXED_SHARED_MODULE_BASE64 } from '../wasm/dense-step-relaxed-shared-module.js';
import { MODULE_BASE64 as SHARED_MODULE_BASE64 } from '../wasm/dense-step-shared-module.js';
import { maddFuses, relaxedSimdAvailable, type MaddProbe } from '../wasm/relaxed-simd.js';

/** The C functions, by their export names (see wasm/dense-step.c for each one's contract). */
export interface DenseStepExports extends MaddProbe {
  gemm(
    a: number,
    ars: number,
    aps: number,
    b: number,
    bias: number,
    c: number,
    m: number,
    k: number,
    n: number,
    ld: number,
    accumulate: number,
    panel: number,
  ): void;
  sparse_rows(a: number, ars: number, aps: number, m: number, k: number, list: number, starts: number, ends: number): number;
  sparse_gemm(
    starts: number,
    ends: number,
    m: number,
    k: number,
    b: number,
    ldb: number,
    bias: number,
    c: number,
    ld: number,
    n: number,
    panel: number,
  ): number;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  relu(z: number, count: number): void;
  relu_backward(dy: number, y: number, count: number): void;
  multiply(x: number, mask: number, count: number): void;
  add(x: number, y: number, count: number): void;
  dropout_mask(out: number, count: number, s0: number, s1: number, s2: number, c: number, threshold: number, scale: number): void;
  column_sum(d: number, out: number, rows: number, cols: number): void;
  adam(
    x: number,
    m: number,
    v: number,
    g: number,
    count: number,
    beta1: number,
    keep1: number,
    beta2: number,
    keep2: number,
    rate: number,
    unbias2: number,
    epsilon: number,
  ): void;
  sgd(x: number, g: number, count: number, rate: number): void;
  momentum(x: number, accumulation: number, g: number, count: number, rate: number, momentum: number, nesterov: number): void;
  // The convolution and pool kernels of the wasm backend's own Conv2D and MaxPool (wasm/conv-kernels.h, wasm/pool-kernels.h).
  spread(src: number, n: number, h: number, w: number, c: number, dst: number, hd: number, wd: number, top: number, left: number, sh: number, sw: number): void;
  rotate_filter(src: number, kh: number, kw: number, cin: number, cout: number, dst: number): void;
  conv_forward(...args: number[]): void;
  conv_filter_gradient(...args: number[]): void;
  conv_filter_gradient_rows(...args: number[]): void;
  max_pool_forward(x: number, y: number, at: number, ...pool: number[]): void;
  max_pool_gradient_at(at: number, dy: number, dx: number, inputs: number, outputs: number): void;
}

/** The kernels with their memory. */
export interface DenseStepKernels {
  readonly exports: DenseStepExports;
  /** The compiled module (the shared-memory build when the memory is shared), for helper threads. */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** The whole memory as floats: element `i` is at byte `4 i`. */
  readonly heap: Float32Array;
  /** Whether the matrix products use fused multiply-adds (see {@link relaxedSimdAvailable}). */
  readonly fusedMultiplyAdd: boolean;
}

/**
 * Bytes below this address belong to the compiled C code (its stack and constants); the planner
 * places tensors above it.
 */
export const RESERVED_BYTES = 1 << 17;

/**
 * Instantiates the kernels on a fresh memory of at least `bytes` bytes (beyond the reserved
 * ones); a shared memory when helper threads will work on it too. `useRelaxed` picks the build:
 * the relaxed-SIMD one where the engine has it, unless a caller (a test) asks for the plain one.
 */
export function createDenseStepKernels(bytes: number, shared = false, useRelaxed = relaxedSimdAvailable()): DenseStepKernels {
  const pages = Math.ceil((RESERVED_BYTES + bytes) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  const base64 = useRelaxed ? (shared ? RELAXED_SHARED_MODULE_BASE64 : RELAXED_MODULE_BASE64) : shared ? SHARED_MODULE_BASE64 : MODULE_BASE64;
  const module = compiledModule(base64);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as DenseStepExports;
  return { exports, module, memory, heap: new Float32Array(memory.buffer), fusedMultiplyAdd: maddFuses(exports) };
}

/** Whether this engine can run WebAssembly SIMD (the kernels need it). */
export function denseStepSupported(): boolean {
  try {
    compiledModule(MODULE_BASE64);
    return true;
  } catch {
    return false;
  }
}
