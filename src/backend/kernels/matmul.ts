/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend, in WebAssembly SIMD (wasm/layer-kernels.c),
 * computing the package's results to the bit.
 *
 * The package sends a product without transposes of one matrix to XNNPACK, and every other
 * (a transposed operand, a batch) to a scalar C++ loop. A dense layer's two gradients are both of
 * the second kind: for the benchmark conv net's dense(10) on 3872 features they took 0.84 ms of
 * an 11 ms step, and the forward product, whose 10 outputs fit XNNPACK's blocks badly, another
 * 0.43 ms. These kernels read either operand transposed in place and sum in the order each path
 * of the package sums (see `matmul` in the C source), so a model learns exactly what it learned on
 * the package's kernels. What they do not cover goes to the package: other dtypes, broadcast
 * batches, and fused products with transposes, batches or an activation other than relu.
 */
import * as tf from '@tensorflow/tfjs';
import { layerKernelsOf, type LayerKernels } from './layer-kernels.js';
import { heapAddress, replacementKernel, type WasmBackendLike } from './tensor-info.js';

/** The scalar loop's run of the shared dimension: each run's sum is added to the output in turn. */
const PACKAGE_BLOCK = 48;

/** How one product walks its operands, per matrix of the batch. */
interface Product {
  batch: number;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  outShape: number[];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, index) => size === b[index]);
}

/** The product's walk, or undefined when the kernel leaves it to the package. */
function productOf(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
  const outer = a.shape.slice(0, -2);
  if (k !== kb || !sameShape(outer, b.shape.slice(0, -2)) || m === 0 || k === 0 || n === 0) return undefined;
  const batch = outer.reduce((product, size) => product * size, 1);
  return { batch, m, k, n, transposeA, transposeB, outShape: [...outer, m, n] };
}

/**
 * Runs `product` into a new output; `bias` and `relu` only on the XNNPACK order, which a product
 * of one matrix without transposes takes, or any product when `xnnpackOrder` is forced.
 */
function run(
  backend: WasmBackendLike,
  kernels: LayerKernels,
  product: Product,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
  xnnpackOrder = product.batch === 1 && !product.transposeA && !product.transposeB,
): tf.TensorInfo {
  const { batch, m, k, n, transposeA, transposeB } = product;
  const block = xnnpackOrder ? k : PACKAGE_BLOCK;
  const out = backend.makeOutput(product.outShape, 'float32');
  const panel = backend.makeOutput([8 * Math.min(k, block)], 'float32');
  try {
    const [aAt, bAt, outAt, panelAt] = [a, b, out, panel].map((info) => heapAddress(backend, info)) as [number, number, number, number];
    const biasAt = bias === null ? 0 : heapAddress(backend, bias);
    const [ars, aps] = transposeA ? [1, m] : [k, 1];
    const [brs, bps] = transposeB ? [1, k] : [n, 1];
    for (let t = 0; t < batch; t++) {
      kernels.matmul(aAt + t * m * k * 4, ars, aps, bAt + t * k * n * 4, brs, bps, biasAt, relu ? 1 : 0, block, outAt + t * m * n * 4, m, k, n, panelAt);
    }
  } finally {
    backend.disposeData(panel.dataId);
  }
  return out;
}

/** Kernel config replacing wasm's `BatchMatMul` (the package's stays the fallback). */
export function batchMatMulConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const product = productOf(a, b, transposeA, transposeB);
    const kernels = layerKernelsOf(args.backend);
    if (product === undefined || kernels === undefined) return replaced.kernelFunc(args);
    return run(args.backend as unknown as WasmBackendLike, kernels, product, a, b, null, false);
  });
}

/** Kernel config replacing wasm's `_FusedMatMul` where the package takes XNNPACK's path with a bias and a linear or relu activation. */
export function fusedMatMulConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { transposeA, transposeB, activation } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation: string };
    const product = a && b ? productOf(a, b, transposeA, transposeB) : undefined;
    const kernels = layerKernelsOf(args.backend);
    const plain =
      product !== undefined &&
      product.batch === 1 &&
      !transposeA &&
      !transposeB &&
      preluActivationWeights == null &&
      (activation === 'linear' || activation === 'relu') &&
      (bias == null || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === product.n));
    if (!plain || kernels === undefined) return replaced.kernelFunc(args);
    return run(args.backend as unknown as WasmBackendLike, kernels, product, a!, b!, bias ?? null, activation === 'relu');
  });
}

/** The kernel behind {@link matMulOfTransposed} (wasm only). */
export const MATMUL_OF_TRANSPOSED_KERNEL = 'NnspecMatMulOfTransposed';

/** The kernel, registered with nnspec's other wasm kernels (./index.ts). */
export const matMulOfTransposedConfig: tf.KernelConfig = {
  kernelName: MATMUL_OF_TRANSPOSED_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const product = productOf(a, b, transposeA, transposeB)!;
    return run(backend as unknown as WasmBackendLike, layerKernelsOf(backend)!, product, a, b, null, false, true);
  },
};

/**
 * The bits of `tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b)`
 * for 2-D float32 `a` and `b`, without the transposes on wasm: the operands are read transposed
 * in place and summed in the order of the untransposed product (XNNPACK's), which is not the order
 * `tf.matMul(a, b, transposeA, transposeB)` sums in. The trainer's dense gradients use it: the
 * same numbers as before, without two passes over the layer's input and weights per step.
 * Elsewhere (other backends, no wasm SIMD) it transposes, as before.
 */
export function matMulOfTransposed(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  const fast =
    tf.getBackend() === 'wasm' &&
    tf.getKernel(MATMUL_OF_TRANSPOSED_KERNEL, 'wasm') != null &&
    layerKernelsOf(tf.backend()) !== undefined &&
    productOf(a, b, transposeA, transposeB) !== undefined;
  if (!fast) return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
  return tf.engine().runKernel(MATMUL_OF_TRANSPOSED_KERNEL, { a, b }, { transposeA, transposeB }) as tf.Tensor2D;
}
