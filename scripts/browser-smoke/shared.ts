/** What the browser page and the Node comparison run share: the spec and a data loader without files. */
import type { IrDocument } from '../../src/index.js';
import type { generateSynthetic, isSyntheticSource, prepareData } from '../../src/train-entry.js';

/** The data functions a loader needs, from whichever build of `nnspec/train` the caller uses. */
export interface DataApi {
  generateSynthetic: typeof generateSynthetic;
  isSyntheticSource: typeof isSyntheticSource;
  prepareData: typeof prepareData;
}

export const SMOKE_SPEC = `data d {
  source: synthetic.spirals(samples: 900, classes: 3, noise: 0.03, seed: 1)
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model m {
  input(shape: [2])
  dense(64, activation: relu)
  dropout(0.1)
  dense(64, activation: relu)
  dense(3, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.01)
  epochs: 150
  batch_size: 32
  early_stopping: { monitor: val_loss, patience: 20, restore_best_weights: true }
  seed: 3
}
`;

/** A browser's data loader: synthetic sources only (reading files is Node's job). */
export function syntheticLoader({ generateSynthetic, isSyntheticSource, prepareData }: DataApi) {
  return async (data: NonNullable<IrDocument['training']>['data'], options: { seed: number }) => {
    const type = data.source.type;
    if (!isSyntheticSource(type)) throw new Error(`only synthetic data here, not ${type}`);
    const generated = generateSynthetic(type, data.source.params, options.seed, { data });
    if (!generated.value) return { value: undefined, diagnostics: generated.diagnostics };
    const split = data.split;
    return prepareData(generated.value, {
      split: { train: split.train, validation: split.validation, test: typeof split.test === 'number' ? split.test : 0 },
      stratify: split.stratify,
      normalize: data.normalize,
      limit: data.limit,
      seed: options.seed,
    });
  };
}
