/**
 * Data splits as tensors shaped for the model: features reshaped to the model's input shape,
 * targets encoded for the loss (one-hot for categorical and multi-unit binary losses, a column
 * for single-unit binary and regression, class indices for sparse categorical).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset.js';
import type { IrDocument } from '../../ir/schema.js';
import { adoptHostData } from '../trainer/host-data.js';

/** One split on the device. */
export interface SplitTensors {
  x: tf.Tensor;
  y: tf.Tensor;
  count: number;
}

/** How targets are encoded for a model and loss. */
export interface TargetEncoding {
  kind: 'one-hot' | 'column' | 'index';
  units: number;
}

/** The target encoding the document's loss and output layer need. */
export function targetEncoding(document: IrDocument): TargetEncoding {
  const output = document.model.outputShape;
  const units = (output[output.length - 1] as number | null) ?? 1;
  const loss = document.training?.loss.type ?? '';
  if (loss === 'sparse_categorical_crossentropy') return { kind: 'index', units };
  if (loss === 'categorical_crossentropy' || (loss === 'binary_crossentropy' && units > 1)) return { kind: 'one-hot', units };
  return { kind: 'column', units };
}

/** Uploads one split; the caller disposes the tensors. */
export function splitTensors(dataset: Dataset, document: IrDocument, encoding: TargetEncoding): SplitTensors {
  const inputShape = document.model.inputShape.map((axis, index) => axis ?? dataset.featureShape[index] ?? 1);
  const x = tf.tensor(dataset.features, [dataset.count, ...inputShape], 'float32');
  // The trainers read batches from the host copy: it is this very array, so it need not be read back.
  adoptHostData(x, dataset.features);
  let y: tf.Tensor;
  if (encoding.kind === 'one-hot') {
    y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(dataset.labels, Math.round), 'int32'), encoding.units).toFloat());
  } else if (encoding.kind === 'index') {
    y = tf.tensor1d(dataset.labels, 'float32');
  } else {
    y = tf.tensor2d(dataset.labels, [dataset.count, 1], 'float32');
  }
  return { x, y, count: dataset.count };
}

/** Frees a split's tensors. */
export function disposeSplit(split: SplitTensors | undefined): void {
  split?.x.dispose();
  split?.y.dispose();
}
