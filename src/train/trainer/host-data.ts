/**
 * Training data kept on the host, batches built by copying rows into a fresh tensor.
 * Why: on the WASM backend `tf.slice` (and `tf.gather`) first reads the WHOLE source tensor
 * out of the heap (`backend.readSync`), so slicing a batch out of a 10,000 x 784 tensor costs
 * ~27 ms, more than the whole training step. Copying 64 rows on the host costs microseconds.
 */
import * as tf from '@tensorflow/tfjs';

export type HostArray = Float32Array | Int32Array;

export interface HostTensor {
  values: HostArray;
  /** Full shape, batch axis first. */
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Elements per row (product of the non-batch dims). */
  rowSize: number;
}

const cache = new WeakMap<tf.Tensor, HostTensor>();

/** The host copy of a tensor's data, read once (one `dataSync`) and cached while the tensor lives. */
export function hostTensor(t: tf.Tensor): HostTensor {
  const hit = cache.get(t);
  if (hit) return hit;
  if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new Error(`trainer data must be float32 or int32, got ${t.dtype}`);
  const values = t.dataSync() as HostArray;
  const host = fromArray(values, t.shape, t.dtype);
  cache.set(t, host);
  return host;
}

/**
 * Records `values` as the host copy of `t`, which was just made from them (`tf.tensor(values)`),
 * so that {@link hostTensor} does not read the tensor back: on the WASM backend that read copies
 * the whole split out of the heap (150 MB for 48,000 MNIST images). The caller must not change
 * `values` afterwards, as the tensor's own data it stands for never changes.
 */
export function adoptHostData(t: tf.Tensor, values: HostArray): void {
  if (values.length !== t.size || (t.dtype === 'float32') !== values instanceof Float32Array) {
    throw new Error(`nnspec: host data of ${values.length} values does not match a ${t.dtype} tensor of ${t.size}`);
  }
  cache.set(t, fromArray(values, t.shape, t.dtype as 'float32' | 'int32'));
}

export function fromArray(values: HostArray, shape: number[], dtype?: 'float32' | 'int32'): HostTensor {
  const rowSize = shape.slice(1).reduce((a, d) => a * d, 1);
  return { values, shape, dtype: dtype ?? (values instanceof Int32Array ? 'int32' : 'float32'), rowSize };
}

/** Rows `order[start .. start+size)` (or `start .. start+size` without an order) as a new tensor. */
export function batchTensor(host: HostTensor, start: number, size: number, order: Int32Array | null): tf.Tensor {
  const shape = [size, ...host.shape.slice(1)];
  const r = host.rowSize;
  if (order === null) {
    // A fresh copy, so that backends which keep a reference to the array (cpu) never alias the source.
    return tf.tensor(host.values.slice(start * r, (start + size) * r), shape, host.dtype);
  }
  const out = host.values instanceof Int32Array ? new Int32Array(size * r) : new Float32Array(size * r);
  const src = host.values;
  for (let i = 0; i < size; i++) {
    const row = order[start + i];
    out.set(src.subarray(row * r, row * r + r), i * r);
  }
  return tf.tensor(out, shape, host.dtype);
}
