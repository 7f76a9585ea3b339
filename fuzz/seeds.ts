/**
 * The corpus the grammar-aware mutations start from: every spec of specs/ plus a few written
 * here to reach what those do not (repeat, CSV and IDX sources, a separate test set, comments,
 * strings with escapes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXTRA_SEEDS: readonly string[] = [
  `model deep {\n  input(shape: [16])\n  repeat 3 {\n    dense(32, activation: relu)\n    repeat 2 { dropout(0.1) }\n  }\n  dense(1)\n}\n`,
  `/* block */ data table {\n  source: csv(path: "points.csv", label: "species")\n  features: ["a", "b"]\n  drop: ["id"]\n  split: { train: 0.8, validation: 0.2 }\n}\n// line\nmodel m { input(shape: [2]) dense(3, activation: softmax) }\ntrain m on table { loss: categorical_crossentropy, optimizer: adam(learning_rate: 1e-3), epochs: 3 }\n`,
  `data mnist {\n  source: idx(images: "train-images.gz", labels: "train-labels.gz")\n  split: { train: 0.9, validation: 0.1, test: held }\n}\ndata held { source: idx(images: "t10k-images", labels: "t10k-labels") }\nmodel cnn {\n  input(shape: [28, 28, 1])\n  conv2d(8, 3, padding: same, activation: relu)\n  max_pool2d(2)\n  flatten()\n  dense(10, activation: softmax)\n}\ntrain cnn on mnist { loss: categorical_crossentropy, metrics: [accuracy], epochs: 1 }\n`,
  `data s { source: sine(n: 200, noise: 0.1, seed: 3) }\nmodel r { input(shape: [1]) repeat 2 { dense(16, activation: tanh) } dense(1) }\ntrain r on s { loss: mse, optimizer: sgd(learning_rate: 0.01, momentum: 0.9), epochs: 5, batch_size: 8, seed: 1, early_stopping: { monitor: val_loss, patience: 2 } }\n`,
  `model e {\n  input(shape: [10])\n  embedding(100, 8)\n  lstm(16, return_sequences: false)\n  dense(2, activation: "softmax")\n}\n`,
  `data s { source: moons(n: 64, noise: 0.2) normalize: standard }\nmodel m { input(shape: [2]) dense(4, activation: relu, use_bias: true) dense(2, activation: softmax) }\ntrain m on s { loss: categorical_crossentropy, optimizer: adam(learning_rate: 0.01, beta_1: 0.9), epochs: 2, schedule: { kind: step, every: 10, factor: 0.5 } }\n`,
];

/** The seed specs: specs/*.nn (sorted by name, for determinism) and the extra ones above. */
export function loadSeeds(): string[] {
  const folder = fileURLToPath(new URL('../specs/', import.meta.url));
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.nn'))
    .sort();
  return [...files.map((file) => readFileSync(folder + file, 'utf8')), ...EXTRA_SEEDS];
}
