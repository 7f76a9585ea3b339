import type { IrDocument, IrValue } from '../../src/ir/schema.js';
import { STUDY_PLAN_VERSION, type IrPrune, type StudyPlan } from '../../src/ir/study-plan.js';
import { documentOf } from '../runner/helpers.js';

/** A small spec: blobs, one hidden layer with dropout, `epochs` epochs; `train` lines are spliced into the train block. */
export function studySpec(options: { epochs?: number; train?: string; data?: string; optimizer?: string } = {}): string {
  return `data blobs {
  source: ${options.data ?? 'synthetic.blobs(samples: 160, classes: 3, features: 4, noise: 2, seed: 3)'}
  normalize: standard
  split: { train: 0.5, validation: 0.25, test: 0.25, stratify: true }
}
model net {
  input(shape: [4])
  dense(8, activation: relu)
  dropout(0.2)
  dense(3, activation: softmax)
}
train net on blobs {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: ${options.optimizer ?? 'adam(learning_rate: 0.01)'}
  batch_size: 16
  seed: 11
  epochs: ${options.epochs ?? 2}
  ${options.train ?? ''}
}
`;
}

/** One setting of a hand-made plan: its values and how it changes the spec's document. */
export interface SettingChange {
  values: Record<string, IrValue>;
  change: (document: IrDocument) => IrDocument;
}

/** Sets the dropout layer's rate. */
export function withDropout(rate: number): SettingChange {
  return {
    values: { rate },
    change: (document) => ({
      ...document,
      model: { ...document.model, layers: document.model.layers.map((layer) => (layer.type === 'dropout' ? { ...layer, params: { ...layer.params, rate } } : layer)) },
    }),
  };
}

/** Sets the optimizer's learning rate. */
export function withLearningRate(lr: number): SettingChange {
  return {
    values: { lr },
    change: (document) => ({ ...document, training: { ...document.training!, optimizer: { ...document.training!.optimizer, params: { ...document.training!.optimizer.params, learning_rate: lr } } } }),
  };
}

/** A study plan over `text`'s document, as lowering a `study` block gives it (settings' split seed = the train block's seed). */
export function planOf(text: string, changes: SettingChange[], seeds: number[], prune: IrPrune | null = null): StudyPlan {
  const base = documentOf(text);
  return {
    format: 'nnspec-study-plan',
    version: STUDY_PLAN_VERSION,
    name: 'test',
    model: base.model.name,
    kind: 'grid',
    params: Object.keys(changes[0]!.values),
    settings: changes.map((change, index) => {
      const document = change.change(base);
      return {
        index,
        values: change.values,
        label: Object.entries(change.values).map(([key, value]) => `${key} = ${String(value)}`).join(', '),
        document: { ...document, training: { ...document.training!, splitSeed: document.training!.seed } },
      };
    }),
    seeds,
    prune,
  };
}
