/**
 * What the input parsers of `predict` and `evaluate` make: the model's features, encoded and
 * normalised exactly as training did (from the bundle's preprocessing record), and the true
 * labels when the input has them. Also the small helpers they share. Browser-safe.
 */
import type { Diagnostic, Range, Severity } from '../diagnostics/diagnostic.js';
import type { PredictCode } from '../diagnostics/codes/predict-codes.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { parseDecimal } from '../train/data/class-labels.js';
import { normalizationFromRecord } from '../train/data/preprocessing.js';
import { applyNormalization } from '../train/data/normalize.js';
import { featureSize } from '../train/data/dataset.js';

/** Model-ready examples. */
export interface ModelInput {
  /** `count * product(shape)` values, row-major, encoded and normalised as in training. */
  features: Float32Array;
  count: number;
  /** One example's shape, as the model takes it (the bundle's `input.shape`). */
  shape: number[];
  /** One true label an example (class index, or the regression target), or null when the input has none. */
  labels: Float32Array | null;
}

/** Options every input parser takes. */
export interface InputOptions {
  /** The input's name in messages and `Diagnostic.file` (a path; `<stdin>` for standard input). */
  file?: string;
  /**
   * `require`: read the true labels (for `evaluate`; missing ones are NN5109); `ignore` (the
   * default, for `predict`): a label column is ignored with a note.
   */
  labels?: 'require' | 'ignore';
  /** Stop after this many errors (default 20). */
  maxErrors?: number;
}

/** The default name of an input in messages. */
export const DEFAULT_INPUT_NAME = 'input';

/** A diagnostic about a place in the input file. */
export function inputDiagnostic(
  code: PredictCode,
  file: string,
  range: Range,
  message: string,
  extras: { severity?: Severity; label?: string; help?: string } = {},
): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: extras.severity ?? 'error', message, range, file };
  if (extras.label !== undefined) diagnostic.label = extras.label;
  if (extras.help !== undefined) diagnostic.help = extras.help;
  return diagnostic;
}

/** Applies the bundle's fitted normalisation to positional features (`count` examples of `shape`). */
export function normalizePositional(json: BundleJson, values: Float32Array, count: number): Float32Array {
  const shape = json.input.shape;
  return applyNormalization(normalizationFromRecord(json.preprocessing.normalization), {
    features: values,
    featureShape: [featureSize(shape)],
    labels: new Float32Array(count),
    task: 'regression',
    classNames: null,
    count,
  }).features;
}

/**
 * A label as the model's class index: the class name itself, or a number written another way
 * (`1.0` for the class `1` of numeric labels); `undefined` when it is no class of the model.
 */
export function classIndexOf(classNames: readonly string[], text: string): number | undefined {
  const exact = classNames.indexOf(text);
  if (exact >= 0) return exact;
  const value = parseDecimal(text);
  if (value === undefined) return undefined;
  const numeric = classNames.indexOf(String(value));
  return numeric >= 0 ? numeric : undefined;
}

/** `the classes are a, b, c` for a help line (at most 10 named). */
export function classesHelp(classNames: readonly string[]): string {
  const shown = classNames.slice(0, 10).map((name) => `\`${name}\``);
  return `the model's classes are ${shown.join(', ')}${classNames.length > 10 ? ` and ${classNames.length - 10} more` : ''}`;
}

/** The name of the label column for messages. */
export function labelName(json: BundleJson): string {
  return json.input.label ?? 'label';
}
