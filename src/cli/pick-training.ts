import { CliUsageError } from './io.js';
import type { IrDocument } from '../ir/schema.js';

/** An IR document that says how to train its model. */
export type TrainableDocument = IrDocument & { training: NonNullable<IrDocument['training']> };

/**
 * The document `nnspec train` runs: the one whose model `--model` names, or the first with a
 * `train` declaration.
 *
 * @throws CliUsageError when there is no such model or it has no `train` declaration.
 */
export function pickTrainingDocument(documents: readonly IrDocument[], modelName: string | undefined): TrainableDocument {
  const trainable = documents.filter((document): document is TrainableDocument => document.training !== null);
  if (modelName === undefined) {
    const first = trainable[0];
    if (!first) throw new CliUsageError('the spec has no `train` declaration: add `train MODEL on DATA { ... }` to say how to train');
    return first;
  }
  const named = documents.find((document) => document.model.name === modelName);
  if (!named) {
    const names = documents.map((document) => `\`${document.model.name}\``).join(', ');
    throw new CliUsageError(`--model: no model \`${modelName}\` in the spec (models: ${names || 'none'})`);
  }
  if (named.training === null) throw new CliUsageError(`--model: model \`${modelName}\` has no \`train\` declaration`);
  return named as TrainableDocument;
}
