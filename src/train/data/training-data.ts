/**
 * The data of a training document, loaded as `nnspec train` loads it: with the split seed, the
 * model's `input` layer as the place shape mismatches point at, and the embedding inputs checked
 * before any tensor exists. The runner and the PyTorch export share it, so an exported project
 * trains on exactly the run's data and refuses what the run refuses. Browser-safe: the loader is given.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { IrDocument, IrTraining } from '../../ir/schema.js';
import type { PreparedData } from './dataset.js';
import { checkEmbeddingInputs } from './embedding-inputs.js';
import type { LoadDataOptions } from './load-data.js';

/** A data loader (`loadData` in Node; tests and browsers give their own). */
export type DataLoader = (data: IrTraining['data'], options: LoadDataOptions) => Promise<StageResult<PreparedData | undefined>>;

/** Where the files are and how much may be read; the seed and the input span come from the document. */
export type TrainingDataOptions = Pick<LoadDataOptions, 'baseDir' | 'specText' | 'dataRoot' | 'readLimits'>;

/** Loads the document's data with `load`; on an error the value is `undefined` and the diagnostics say why. */
export async function loadTrainingData(
  document: IrDocument & { training: IrTraining },
  load: DataLoader,
  options: TrainingDataOptions,
): Promise<StageResult<PreparedData | undefined>> {
  const { training } = document;
  // An `input` layer of known shape is what lowering declares as the data's shape: mismatches point at it.
  // (An input node without a source was made by lowering from the data's own shape.)
  const inputKnown = document.model.nodes[0]?.source !== undefined && document.model.inputShape.every((axis) => axis !== null);
  const loaded = await load(training.data, {
    baseDir: options.baseDir,
    seed: training.splitSeed ?? training.seed,
    specText: options.specText,
    inputSpan: inputKnown ? document.model.nodes[0]!.source : undefined,
    ...(options.dataRoot !== undefined ? { dataRoot: options.dataRoot } : {}),
    ...(options.readLimits !== undefined ? { readLimits: options.readLimits } : {}),
  });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const data = loaded.value;
  if (!data || hasErrors(diagnostics)) return { value: undefined, diagnostics };
  // Whatever loaded the data, values the model cannot take are reported before any tensor exists.
  const unfit = checkEmbeddingInputs(data, document.model, options.specText);
  diagnostics.push(...unfit);
  return hasErrors(unfit) ? { value: undefined, diagnostics } : { value: data, diagnostics };
}
