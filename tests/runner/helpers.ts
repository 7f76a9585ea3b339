import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument } from '../../src/ir/schema.js';

/** The one IR document of a spec text (fails the test on errors). */
export function documentOf(text: string): IrDocument {
  const checked = checkSource(text);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`spec has errors: ${errors.map((d) => d.message).join('; ')}`);
  return lower(checked.value).value.find((document) => document.training !== null)!;
}

/** A small blobs classification spec; `train` is spliced into the train block. */
export function blobsSpec(train: string, model = 'dense(16, activation: relu)\n  dropout(0.2)'): string {
  return `data blobs {
  source: synthetic.blobs(samples: 240, classes: 3, features: 4, noise: 2, seed: 3)
  normalize: standard
  split: { train: 0.5, validation: 0.25, test: 0.25, stratify: true }
}
model net {
  input(shape: [4])
  ${model}
  dense(3, activation: softmax)
}
train net on blobs {
  loss: categorical_crossentropy
  metrics: [accuracy]
  batch_size: 16
  seed: 11
  ${train}
}
`;
}
