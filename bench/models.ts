/**
 * The benchmark models, written as nnspec specs and compiled through the real pipeline
 * (parse, check, lower, buildModel), with seeded random data of the right shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSource, lower, type IrDocument } from '../dist/index.js';

const MLP = `data d { source: csv("unused.csv", label: "y"), split: { train: 0.9, validation: 0.1 } }
model mlp {
  input(shape: [784])
  dense(256, activation: relu)
  dropout(0.5)
  dense(128, activation: relu)
  dropout(0.5)
  dense(10, activation: softmax)
}
train mlp on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 1e-3), epochs: 1, batch_size: 64, seed: 1 }
`;

const SMALL = `data d { source: synthetic.spirals(samples: 1500, classes: 3), split: { train: 0.9, validation: 0.1 } }
model small {
  input(shape: [2])
  dense(64, activation: relu)
  dense(64, activation: relu)
  dense(3, activation: softmax)
}
train small on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 1e-3), epochs: 1, batch_size: 32, seed: 1 }
`;

const CONV = `data d { source: csv("unused.csv", label: "y"), split: { train: 0.9, validation: 0.1 } }
model conv {
  input(shape: [28, 28, 1])
  conv2d(16, 3, activation: relu)
  max_pool2d(2)
  conv2d(32, 3, activation: relu)
  flatten()
  dense(10, activation: softmax)
}
train conv on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 1e-3), epochs: 1, batch_size: 64, seed: 1 }
`;

/** A benchmark case: its IR and its data shapes. */
export interface BenchCase {
  name: 'mlp' | 'small' | 'conv';
  title: string;
  document: IrDocument;
  batchSize: number;
  features: number[];
  classes: number;
}

function compile(text: string): IrDocument {
  const checked = checkSource(text);
  const errors = checked.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) throw new Error(`benchmark spec: ${errors[0]!.message}`);
  return lower(checked.value).value[0]!;
}

/** The three cases of the issues: the 784-256-128-10 MLP, the 2-64-64-3 MLP, the small conv net. */
export function benchCases(): Record<BenchCase['name'], BenchCase> {
  return {
    mlp: { name: 'mlp', title: 'MLP 784-256-128-10, dropout 0.5, Adam, batch 64', document: compile(MLP), batchSize: 64, features: [784], classes: 10 },
    small: { name: 'small', title: 'MLP 2-64-64-3, Adam, batch 32', document: compile(SMALL), batchSize: 32, features: [2], classes: 3 },
    conv: {
      name: 'conv',
      title: 'conv 3x3x16 -> max_pool -> conv 3x3x32 -> dense 10 on 28x28x1, batch 64',
      document: compile(CONV),
      batchSize: 64,
      features: [28, 28, 1],
      classes: 10,
    },
  };
}

/** Seeded random inputs and one-hot labels for `count` samples of a case. */
export function benchData(benchCase: BenchCase, count: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomUniform([count, ...benchCase.features], 0, 1, 'float32', 7);
    const labels = tf.randomUniform([count], 0, benchCase.classes, 'float32', 8).floor().toInt();
    return { x, y: tf.oneHot(labels, benchCase.classes).toFloat() };
  });
}

export { median, table } from './stats.js';
