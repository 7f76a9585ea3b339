/**
 * The data against the model's first layer: an `embedding` looks each input value up as a row of
 * its table, so every feature value must be a whole number in [0, input_dim). Checked on the
 * prepared splits before training, so a bad value is a diagnostic saying where it is instead of a
 * TF.js gather error in the middle of an epoch. Browser-safe.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import type { IrNode, IrModel } from '../../ir/schema.js';
import { fileDiagnostic, spanDiagnostic } from './data-diagnostic.js';
import { featureSize, rowRangeOf, type Dataset, type PreparedData } from './dataset.js';

/** How many offending values get a diagnostic of their own; the help counts the rest. */
const MAX_REPORTED = 3;

/** One value that is not a token index, and where it is. */
interface BadValue {
  dataset: Dataset;
  /** Which source it came from: 0 for the main data set, 1 for a separate test set. */
  source: number;
  /** The example's index in its source. */
  sourceRow: number;
  feature: number;
  value: number;
}

/** The model's first layer after `input` and the bound of its indices, when it takes indices (the catalogue's `indexBound`). */
function leadingIndexLayer(model: IrModel): { layer: IrNode; bound: string; size: number } | undefined {
  const input = model.nodes[0]?.name;
  const layer = model.nodes.find((node) => input !== undefined && node.inputs.includes(input));
  const bound = layer === undefined ? undefined : defaultCatalogueView().layer(layer.type)?.indexBound;
  const size = bound === undefined ? undefined : layer?.params[bound];
  return layer !== undefined && bound !== undefined && typeof size === 'number' ? { layer, bound, size } : undefined;
}

/**
 * When the model starts with a layer that takes indices (an `embedding`), checks that every feature value of every split is a
 * token index, and reports the first offending values (NN4810) in source order: a CSV value at
 * its row (file, line, column name), any other at the embedding layer in the spec (example index).
 * Returns no diagnostics for any other model.
 */
export function checkEmbeddingInputs(data: PreparedData, model: IrModel, specText?: string): Diagnostic[] {
  const indexLayer = leadingIndexLayer(model);
  if (indexLayer === undefined) return [];
  const inputDim = indexLayer.size;
  const mainOrigin = data.train.origin;
  const splits = [data.train, data.validation, data.test];
  const first: BadValue[] = [];
  let badCount = 0;
  let largest = -Infinity;
  let allWholeAndNonNegative = true;
  for (const dataset of splits) {
    const width = featureSize(dataset.featureShape);
    const source = dataset === data.test && dataset.origin !== mainOrigin ? 1 : 0;
    for (let row = 0; row < dataset.count; row++) {
      for (let feature = 0; feature < width; feature++) {
        const value = dataset.features[row * width + feature];
        if (value > largest) largest = value;
        if (Number.isInteger(value) && value >= 0 && value < inputDim) continue;
        badCount++;
        if (!Number.isInteger(value) || value < 0) allWholeAndNonNegative = false;
        keepFirst(first, { dataset, source, sourceRow: dataset.sourceRows?.[row] ?? row, feature, value });
      }
    }
  }
  if (badCount === 0) return [];
  const help = helpFor(data, { badCount, largest, allWholeAndNonNegative, inputDim, bound: indexLayer.bound });
  return first.map((bad) => diagnosticFor(bad, indexLayer, help, specText));
}

/** Keeps the {@link MAX_REPORTED} earliest values in source order (the splits are shuffled). */
function keepFirst(first: BadValue[], bad: BadValue): void {
  const before = (a: BadValue, b: BadValue): boolean => (a.source - b.source || a.sourceRow - b.sourceRow || a.feature - b.feature) < 0;
  if (first.length === MAX_REPORTED && !before(bad, first[first.length - 1])) return;
  let at = first.length;
  while (at > 0 && before(bad, first[at - 1])) at--;
  first.splice(at, 0, bad);
  if (first.length > MAX_REPORTED) first.pop();
}

function helpFor(data: PreparedData, facts: { badCount: number; largest: number; allWholeAndNonNegative: boolean; inputDim: number; bound: string }): string {
  const tally = `${facts.badCount} value${facts.badCount === 1 ? ' is' : 's are'} not an index`;
  if (data.normalization.kind !== 'none') {
    return `\`normalize: ${data.normalization.kind}\` rescales the features, so they stop being token indices: use \`normalize: none\` (${tally})`;
  }
  if (facts.allWholeAndNonNegative) {
    return `the largest index in the data is ${facts.largest}: raise \`${facts.bound}\` to ${facts.largest + 1}, or fix the data (${tally})`;
  }
  return `embedding inputs are token indices, whole numbers from 0 to ${facts.inputDim - 1}: fix the data, or feed numeric features to \`dense\` instead (${tally})`;
}

function diagnosticFor(bad: BadValue, indexLayer: { layer: IrNode; bound: string; size: number }, help: string, specText: string | undefined): Diagnostic {
  const { layer, bound, size } = indexLayer;
  const expected = `\`${layer.name}\` takes token indices 0 to ${size - 1} (\`${bound}\` ${size})`;
  // Six significant digits: a normalised value's float32 noise says nothing.
  const value = String(Number(bad.value.toPrecision(6)));
  const origin = bad.dataset.origin;
  const column = origin?.featureNames?.[bad.feature];
  const rowRange = rowRangeOf(origin, bad.sourceRow);
  if (origin !== undefined && column !== undefined && rowRange !== undefined) {
    return fileDiagnostic(
      DATA_CODE.invalidEmbeddingIndex,
      origin.file,
      rowRange,
      `\`${column}\` is ${value} at line ${rowRange.start.line} of \`${origin.file}\`, but ${expected}`,
      {
        label: `\`${column}\` is ${value}`,
        help,
      },
    );
  }
  const where = `feature ${bad.feature} of example ${bad.sourceRow}${origin !== undefined ? ` of \`${origin.file}\`` : ''} (counting from 0)`;
  const atLayer = layer.source !== undefined && specText !== undefined;
  return spanDiagnostic(DATA_CODE.invalidEmbeddingIndex, layer.source, specText, `${where} is ${value}, but ${expected}`, {
    ...(atLayer ? { label: `indices 0 to ${size - 1}` } : {}),
    help,
  });
}
