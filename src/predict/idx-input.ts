/**
 * IDX images (MNIST's format) as the input of `predict` and `evaluate`, with an IDX labels file
 * for `evaluate`. Each image must hold the model's input shape (`[n, rows, cols]` is read as
 * `[rows, cols, 1]`, and as in training any shape of as many values is read row-major); the
 * bundle's normalisation is applied. Works on decompressed bytes. Browser-safe.
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { parseIdx } from '../train/data/idx-parse.js';
import { spanAt } from '../train/data/data-diagnostic.js';
import { featureSize } from '../train/data/dataset.js';
import { countNoun } from '../util/count-noun.js';
import { DEFAULT_INPUT_NAME, classIndexOf, classesHelp, inputDiagnostic, normalizePositional, type ModelInput } from './model-input.js';

/** Options of {@link parseIdxInput}. */
export interface IdxInputOptions {
  /** The images file's name in messages (default `input`). */
  file?: string;
  /** The labels file's bytes and name, for `evaluate`. */
  labels?: { bytes: Uint8Array; file: string };
}

/** Parses IDX image bytes (and labels) into model-ready examples, or reports why they do not fit. */
export function parseIdxInput(bytes: Uint8Array, json: BundleJson, options: IdxInputOptions = {}): StageResult<ModelInput | undefined> {
  const file = options.file ?? DEFAULT_INPUT_NAME;
  const images = parseIdx(bytes, file);
  if (images.value === undefined) return { value: undefined, diagnostics: images.diagnostics };
  const diagnostics: Diagnostic[] = [...images.diagnostics];
  const { dims, values } = images.value;
  if (json.preprocessing.columns !== null) {
    diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.wrongInputKind,
        file,
        spanAt(0, 1, 1, 0),
        `\`${file}\` holds IDX images, but the model reads named columns (${json.preprocessing.columns.map((c) => c.name).join(', ')})`,
        {
          help: 'give a CSV file with those columns, or JSON lines',
        },
      ),
    );
    return { value: undefined, diagnostics };
  }
  const count = dims[0]!;
  const example = dims.length === 3 ? [dims[1]!, dims[2]!, 1] : dims.slice(1);
  const size = featureSize(json.input.shape);
  if (dims.length < 2 || featureSize(example) !== size) {
    diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.wrongFeatureCount,
        file,
        spanAt(4, 1, 5, 4 * (dims.length - 1)),
        `the images of \`${file}\` have shape [${example.join(', ')}] (${countNoun(featureSize(example), 'value')}), but the model takes [${json.input.shape.join(', ')}] (${countNoun(size, 'value')})`,
        { label: 'image dimensions', help: 'give images of the size the model was trained on' },
      ),
    );
    return { value: undefined, diagnostics };
  }
  if (count === 0) {
    diagnostics.push(inputDiagnostic(PREDICT_CODE.emptyInput, file, spanAt(4, 1, 5, 4), `\`${file}\` holds 0 images`, { help: 'give at least one image' }));
    return { value: undefined, diagnostics };
  }
  let labels: Float32Array | null = null;
  if (options.labels !== undefined) {
    const read = readLabels(options.labels, json, count, file);
    diagnostics.push(...read.diagnostics);
    if (read.value === undefined) return { value: undefined, diagnostics };
    labels = read.value;
  }
  return { value: { features: normalizePositional(json, values, count), count, shape: [...json.input.shape], labels }, diagnostics };
}

/** The labels file: one label an image, each a class of the model (or a regression value). */
function readLabels(source: { bytes: Uint8Array; file: string }, json: BundleJson, count: number, imagesFile: string): StageResult<Float32Array | undefined> {
  const { file } = source;
  const parsed = parseIdx(source.bytes, file);
  if (parsed.value === undefined) return { value: undefined, diagnostics: parsed.diagnostics };
  const { dims, values } = parsed.value;
  if (dims.length !== 1 || dims[0] !== count) {
    return {
      value: undefined,
      diagnostics: [
        inputDiagnostic(
          PREDICT_CODE.missingLabels,
          file,
          spanAt(3, 1, 4, 1 + 4 * dims.length),
          `labels file \`${file}\` has dimensions [${dims.join(', ')}], but \`${imagesFile}\` has ${countNoun(count, 'image')}`,
          {
            help: `give one label an image: dimensions [${count}]`,
          },
        ),
      ],
    };
  }
  if (json.classNames === null) return { value: Float32Array.from(values), diagnostics: [] };
  const labels = new Float32Array(count);
  const headerSize = 8;
  const bytesPerLabel = (source.bytes.length - headerSize) / Math.max(count, 1);
  for (let index = 0; index < count; index++) {
    const classIndex = classIndexOf(json.classNames, String(values[index]));
    if (classIndex === undefined) {
      const offset = headerSize + index * bytesPerLabel;
      return {
        value: undefined,
        diagnostics: [
          inputDiagnostic(
            PREDICT_CODE.unknownClass,
            file,
            spanAt(offset, 1, offset + 1, bytesPerLabel),
            `label ${values[index]} of image ${index + 1} in \`${file}\` is not a class of the model (byte ${offset})`,
            {
              help: classesHelp(json.classNames),
            },
          ),
        ],
      };
    }
    labels[index] = classIndex;
  }
  return { value: labels, diagnostics: [] };
}
