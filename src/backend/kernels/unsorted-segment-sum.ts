import * as tf from '@tensorflow/tfjs';
import { runComposite } from './tensor-info.js';

/**
 * Sums the slices of `x` that share a segment id: `out[s] = Σ x[i] over i with ids[i] = s`,
 * shape `[numSegments, ...x.shape.slice(ids.rank)]`. Ids outside `[0, numSegments)` contribute
 * nothing, as in TensorFlow.
 *
 * The embedding gradient (the gradient of `gather`) is this op. It is built on `scatterND`,
 * which adds the updates of repeated indices, so memory stays proportional to `x` rather than
 * to `x` times the vocabulary (a one-hot matmul would be).
 */
export function unsortedSegmentSum(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  return tf.tidy(() => {
    const idRank = segmentIds.rank;
    const rows = segmentIds.size;
    const inner = x.shape.slice(idRank);
    const ids = tf.reshape(tf.cast(segmentIds, 'int32'), [rows]);
    const inRange = tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, numSegments));
    // Out-of-range ids would make scatterND read or write out of bounds: send them to
    // segment 0 with zeroed updates instead.
    const safeIds = tf.where(inRange, ids, tf.zerosLike(ids));
    const flat = tf.reshape(x, [rows, ...inner]);
    const mask = tf.reshape(tf.cast(inRange, flat.dtype), [rows, ...inner.map(() => 1)]);
    const updates = tf.mul(flat, mask);
    return tf.scatterND(tf.reshape(safeIds, [rows, 1]), updates, [numSegments, ...inner]);
  });
}

/** Kernel config registering {@link unsortedSegmentSum} as `UnsortedSegmentSum` on wasm. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as { numSegments: number };
    return runComposite([x, segmentIds], ([xt, ids]) => unsortedSegmentSum(xt!, ids!, numSegments));
  },
};
