import * as tf from '@tensorflow/tfjs';

/**
 * Runs `body` with every kernel input as a `tf.Tensor` and returns its result as the kernel output.
 *
 * Kernels receive `TensorInfo`s: from ops they are real tensors, but other kernels may call ours
 * with bare `{dataId, shape, dtype}` records. Those are wrapped in a temporary tensor that holds
 * its own reference to the same data (the engine's wrapper does not count one, so without the
 * explicit `incRef` disposing it would free the caller's data) and released afterwards, so the
 * caller's data survives and the live tensor count does not change. Intermediates die in the `tidy`; the returned tensor is
 * handed to the engine as-is (it accepts a `Tensor` as a kernel output without re-wrapping it).
 */
export function runComposite(inputs: readonly tf.TensorInfo[], body: (tensors: tf.Tensor[]) => tf.Tensor): tf.Tensor {
  const engine = tf.engine();
  const temporary: tf.Tensor[] = [];
  const tensors = inputs.map((info) => {
    if (info instanceof tf.Tensor) return info;
    const wrapped = engine.makeTensorFromTensorInfo(info);
    engine.backend.incRef(info.dataId);
    temporary.push(wrapped);
    return wrapped;
  });
  try {
    return tf.tidy(() => body(tensors));
  } finally {
    for (const t of temporary) t.dispose();
  }
}

/** Normalises a TF.js `number | [number, number]` attribute to a pair. */
export function pair(value: number | readonly number[] | null | undefined, fallback: number): [number, number] {
  // TF.js passes `null` for attributes an op left unset.
  if (value == null) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? fallback, value[1] ?? value[0] ?? fallback];
}

type AttrMap = Parameters<ReturnType<typeof tf.engine>['runKernel']>[2];

/** Runs one registered kernel on the current backend (recorded on the tape like any op). */
export function runKernel(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object): tf.Tensor {
  return tf.engine().runKernel(kernelName, inputs, attrs as AttrMap) as tf.Tensor;
}

/**
 * The parts of TF.js's wasm backend that kernels working on its memory use (the package does not
 * export the class's type from its main entry).
 */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** Drops one reference to `dataId`'s data, freeing it at the last. */
  disposeData(dataId: tf.DataId): boolean;
  /** A Float32Array view of a tensor's data in the wasm memory (detached when the memory grows). */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  wasm: { asm?: { memory?: WebAssembly.Memory } };
}

/**
 * Byte address of a tensor's data in the wasm memory, as the C kernels take their pointers. Take
 * it after a kernel's last allocation: addresses stay put when the memory grows, views do not.
 */
export function heapAddress(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset;
}

/**
 * A kernel config that takes the place of `replaced` with `kernelFunc`, keeping its setup and
 * dispose hooks: the backend runs them at initialisation to bind the package's C++ function, which
 * the replacement falls back to, so the swap works before or after the backend starts.
 */
export function replacementKernel(replaced: tf.KernelConfig, kernelFunc: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName: replaced.kernelName,
    backendName: replaced.backendName,
    ...(replaced.setupFunc ? { setupFunc: replaced.setupFunc } : {}),
    ...(replaced.disposeFunc ? { disposeFunc: replaced.disposeFunc } : {}),
    kernelFunc,
  };
}
