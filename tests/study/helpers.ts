import type { IrDocument, IrValue } from '../../src/ir/schema.js';
import { STUDY_PLAN_VERSION, type IrPrune, type StudyPlan } from '../../src/ir/study-plan.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

/** The runner tests' blobs spec (a hidden layer with dropout), Adam at 0.01, `epochs` epochs. */
export function studySpec(options: { epochs?: number } = {}): string {
  return blobsSpec(`optimizer: adam(learning_rate: 0.01)\n  epochs: ${options.epochs ?? 2}`);
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
      model: {
        ...document.model,
        nodes: document.model.nodes.map((layer) => (layer.type === 'dropout' ? { ...layer, params: { ...layer.params, rate } } : layer)),
      },
    }),
  };
}

/** Sets the optimizer's learning rate. */
export function withLearningRate(lr: number): SettingChange {
  return {
    values: { lr },
    change: (document) => ({
      ...document,
      training: {
        ...document.training!,
        optimizer: { ...document.training!.optimizer, params: { ...document.training!.optimizer.params, learning_rate: lr } },
      },
    }),
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
        label: Object.entries(change.values)
          .map(([key, value]) => `${key} = ${String(value)}`)
          .join(', '),
        document: { ...document, training: { ...document.training!, splitSeed: document.training!.seed } },
      };
    }),
    seeds,
    prune,
  };
}
