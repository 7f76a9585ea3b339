import * as tf from '@tensorflow/tfjs';
import { checkSource, lower } from '/work/main/src/index.ts';
import { buildModel, createLoss, createMetrics, createOptimizer, initBackend } from '/work/main/src/train-entry.ts';
import { createTrainingLoop } from '/work/main/src/train/trainer/parallel.ts';
import { trainingPartsSpec } from '/work/main/src/train/trainer/parts-spec-node.ts';
await initBackend('wasm');
const which = process.argv[2] ?? 'mlp';
const specs: Record<string,string> = {
mlp: `data d { source: csv("u.csv", label: "y"), split: { train: 0.9, validation: 0.1 } }
model m { input(shape: [784])  dense(256, activation: relu)  dropout(0.5)  dense(128, activation: relu)  dropout(0.5)  dense(10, activation: softmax) }
train m on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 1e-3), epochs: 1, batch_size: 64, seed: 1 }`,
small: `data d { source: csv("u.csv", label: "y"), split: { train: 0.9, validation: 0.1 } }
model m { input(shape: [2]) dense(64, activation: relu) dense(64, activation: relu) dense(3, activation: softmax) }
train m on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 1e-3), epochs: 1, batch_size: 32, seed: 1 }`,
};
const [feat, classes, n, batch] = which === 'mlp' ? [784, 10, 10000, 64] : [2, 3, 1500, 32];
const doc = lower(checkSource(specs[which]).value).value[0]!;
const tr = doc.training!;
const x = tf.randomUniform([n, feat], 0, 1, 'float32', 7);
const y = tf.oneHot(tf.randomUniform([n], 0, classes, 'float32', 8).floor().toInt(), classes).toFloat();
for (const threads of (process.argv[3] ?? '1,2').split(',').map(Number)) {
  const model = buildModel(doc.model, { seed: tr.seed });
  const t = await createTrainingLoop({ model, optimizer: createOptimizer(tr.optimizer), loss: createLoss(tr.loss), metrics: createMetrics(tr.metrics, tr.loss), batchSize: batch, seed: tr.seed, threads, parts: trainingPartsSpec(doc), replicaModel: { model: doc.model }, backend: 'wasm' });
  const out = [];
  for (let e = 0; e < 4; e++) { const r = await t.trainEpoch(x, y); out.push(`${(n / r.seconds).toFixed(0)}/s`); }
  console.log('threads', threads, t.forwardMode, t.threads, out.join(' | '));
  t.dispose(); model.dispose();
}
