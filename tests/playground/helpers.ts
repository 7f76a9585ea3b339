import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FromWorker } from '../../playground/src/training/protocol.js';
import { playgroundDataLoader } from '../../playground/src/training/browser-data.js';
import { RunControl } from '../../playground/src/training/run-control.js';
import type { WorkerHost } from '../../playground/src/training/train-core.js';
import { repoRoot } from '../support/repo-root.js';

/** The page's loader, reading `data/...` from the repository's data folder (what the build copies next to the page). */
export const repoDataLoader = playgroundDataLoader((file) => readFile(path.join(repoRoot, file), 'utf8'));

/** A worker host that records every message posted. */
export function recordingHost(control = new RunControl()): WorkerHost & { messages: FromWorker[] } {
  const messages: FromWorker[] = [];
  return { loadData: repoDataLoader, control, messages, post: (message) => messages.push(message) };
}

/** A small moons classification (2-D synthetic: it has a decision boundary), `train` spliced into its train block. */
export function moonsSpec(train = 'epochs: 4', model = 'dense(16, activation: relu)\n  dropout(0.2)'): string {
  return `data moons {
  source: synthetic.moons(samples: 200, noise: 0.2, seed: 4)
  normalize: standard
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model net {
  input(shape: [2])
  ${model}
  dense(2, activation: softmax)
}
train net on moons {
  loss: sparse_categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.02)
  batch_size: 16
  seed: 5
  ${train}
}
`;
}
