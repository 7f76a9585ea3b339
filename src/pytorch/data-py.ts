/**
 * `data.py`: the exported project's data loading (docs/export.md, "data.py"). The text only
 * names the sources and the facts train.py reads; the replay of nnspec's rows and statistics is
 * `nnspec_torch/data_io.py`. Browser-safe.
 */
import { parseDecimal } from '../train/data/class-labels.js';
import { pythonLiteral } from './python-text.js';

/** Where the project keeps what nnspec wrote about the data (relative to the project folder). */
export const PYTORCH_DATA_DIR = 'data';

/** The split files of {@link PYTORCH_DATA_DIR}: int64 row indices into the split's source, in nnspec's order. */
export const PYTORCH_ROWS_FILES = {
  train: `${PYTORCH_DATA_DIR}/rows-train.npy`,
  validation: `${PYTORCH_DATA_DIR}/rows-validation.npy`,
  test: `${PYTORCH_DATA_DIR}/rows-test.npy`,
} as const;

/** The preprocessing record (`Preprocessing`, docs/data.md) as nnspec fitted it. */
export const PYTORCH_PREPROCESSING_FILE = `${PYTORCH_DATA_DIR}/preprocessing.json`;

/** The label value of each class index ({@link ClassLabels}), `null` for a regression. */
export const PYTORCH_CLASSES_FILE = `${PYTORCH_DATA_DIR}/classes.json`;

/**
 * How data.py maps a source's raw labels to class indices without re-deriving nnspec's rule:
 * `values[k]` is the label of class `k` (numbers are matched by value, text by text), `names[k]`
 * the name nnspec gave it before any `class_names` renaming (a separate test set matches by it).
 */
export interface ClassLabels {
  kind: 'number' | 'text';
  values: (number | string)[];
  names: string[];
}

/**
 * The label of each class, from the names the data gave the classes: nnspec names numeric labels
 * by their value (`"0"`, `"2.5"`), so names that are all numbers mean numeric labels (a text label
 * column has at least one label that is not a number, and that label is a class name).
 */
export function classLabels(names: readonly string[]): ClassLabels {
  const numbers = names.map(parseDecimal);
  if (numbers.every((value) => value !== undefined)) return { kind: 'number', values: numbers as number[], names: [...names] };
  return { kind: 'text', values: [...names], names: [...names] };
}

/**
 * A source as data.py reads it. Paths are absolute, or relative to the project folder when
 * `inProject`. The SHA-256 of each file as nnspec read it (when known) lets data.py warn when it
 * reads another file, whose rows the recorded split indices do not describe.
 */
export type PySource =
  | { kind: 'csv'; path: string; inProject: boolean; label: string; features: string[] | null; drop: string[]; sha256?: string }
  | { kind: 'idx'; images: string; labels: string; sha256?: { images: string; labels: string } }
  /** Generated examples nnspec wrote into the project: raw features and labels (`.npy`, project-relative). */
  | { kind: 'arrays'; features: string; labels: string };

/** One data block's source for data.py: what the spec wrote (`builtin.digits`, `csv`), and how to read it. */
export interface PyBlock {
  /** The data block's name in the spec. */
  name: string;
  /** The spec's source type (`csv`, `idx`, `builtin.iris`, `synthetic.spirals`). */
  type: string;
  source: PySource;
}

/** What {@link generateDataPy} writes down. */
export interface DataPyFacts {
  /** The spec's path as the user gave it, for the docstring. */
  specPath: string;
  task: 'classification' | 'regression';
  /** Class names in class-index order (after `class_names`), or `null`. */
  classNames: string[] | null;
  featureShape: number[];
  /** The standardised regression target's statistics; `null` when the target is not scaled. */
  targetScaling: { mean: number; std: number } | null;
  sizes: { train: number; validation: number; test: number };
  main: PyBlock;
  /** A separate test block (`split: { test: other_block }`), or `null`. */
  test: PyBlock | null;
}

/** The environment variables that point data.py at other files, by source parameter. */
function environmentName(role: 'main' | 'test', param: string): string {
  return `NNSPEC_${role === 'main' ? 'DATA' : 'TEST'}_${param.toUpperCase()}`;
}

/** A path expression: a project file under `HERE`, or the absolute path as resolved at export. */
function pathExpression(path: string, inProject: boolean): string {
  return inProject ? `str(HERE / ${JSON.stringify(path)})` : JSON.stringify(path);
}

/** `os.environ.get(NAME, default)`: the override of one path. */
function overridable(role: 'main' | 'test', param: string, path: string, inProject: boolean): string {
  return `os.environ.get(${JSON.stringify(environmentName(role, param))}, ${pathExpression(path, inProject)})`;
}

function sourceLines(block: PyBlock, role: 'main' | 'test'): string[] {
  const variable = role === 'main' ? 'SOURCE' : 'TEST_SOURCE';
  const { source } = block;
  const what = role === 'main' ? `data block \`${block.name}\`` : `test block \`${block.name}\``;
  if (source.kind === 'csv') {
    const origin = source.inProject
      ? `${block.type}, the copy nnspec made in ${source.path.split('/').slice(0, -1).join('/')}/ (credit: data/CREDITS.md)`
      : 'the file as resolved at export';
    return [
      `# The ${what}: ${origin}.`,
      `# Set ${environmentName(role, 'path')} to read another copy of it (on a cluster, say): the split rows`,
      '# and statistics in data/ are those of this file (a file of other contents is warned about).',
      `${variable} = data_io.CsvSource(`,
      `    path=${overridable(role, 'path', source.path, source.inProject)},`,
      `    label=${pythonLiteral(source.label)},`,
      ...(source.features !== null ? [`    features=${pythonLiteral(source.features)},`] : []),
      ...(source.drop.length > 0 ? [`    drop=${pythonLiteral(source.drop)},`] : []),
      ...(source.sha256 !== undefined ? [`    sha256=${pythonLiteral(source.sha256)},`] : []),
      ')',
    ];
  }
  if (source.kind === 'idx') {
    return [
      `# The ${what}: IDX files (plain or gzip) as resolved at export.`,
      `# Set ${environmentName(role, 'images')} and ${environmentName(role, 'labels')} to read other copies of them: the split`,
      '# rows and statistics in data/ are those of these files (files of other contents are warned about).',
      `${variable} = data_io.IdxSource(`,
      `    images=${overridable(role, 'images', source.images, false)},`,
      `    labels=${overridable(role, 'labels', source.labels, false)},`,
      ...(source.sha256 !== undefined ? [`    sha256=${pythonLiteral(source.sha256)},`] : []),
      ')',
    ];
  }
  return [
    `# The ${what}: \`${block.type}\`, generated by nnspec and written as raw arrays (before normalisation).`,
    `${variable} = data_io.ArraySource(`,
    `    features=${pathExpression(source.features, true)},`,
    `    labels=${pathExpression(source.labels, true)},`,
    ')',
  ];
}

/** The text of `data.py`. */
export function generateDataPy(facts: DataPyFacts): string {
  const scaling =
    facts.targetScaling === null ? 'None' : `{'mean': ${pythonLiteral(facts.targetScaling.mean)}, 'std': ${pythonLiteral(facts.targetScaling.std)}}`;
  const lines = [
    `"""The data of ${facts.specPath}, as \`nnspec train\` splits and normalises it.`,
    '',
    'Generated by `nnspec export --to pytorch`. nnspec loaded the data exactly as `nnspec train` does',
    'and wrote what this file needs to give the very same splits, so nothing random or fitted is redone here:',
    '',
    '- data/rows-train.npy, data/rows-validation.npy, data/rows-test.npy: the rows of each split, in',
    "  nnspec's order (its seeded split, stratified or not, and `limit`), as indices into the split's source;",
    '- data/preprocessing.json: what nnspec fitted on the training split (column encodings, imputation',
    '  values, normalisation statistics, target scaling, class names);',
    '- data/classes.json: the label value of each class index.',
    '',
    "load_splits() reads the sources below, encodes their rows, takes each split's rows and normalises",
    'them with the recorded statistics (see nnspec_torch/data_io.py).',
    '"""',
    'from __future__ import annotations',
    '',
    'import os',
    'from pathlib import Path',
    'from typing import Optional',
    '',
    'import numpy as np',
    '',
    'from nnspec_torch import data_io',
    '',
    '# The project folder: files nnspec wrote (and copied) are found relative to it.',
    'HERE = Path(__file__).resolve().parent',
    `DATA_DIR = HERE / ${JSON.stringify(PYTORCH_DATA_DIR)}`,
    '',
    "# 'classification' (labels are int64 class indices) or 'regression' (float32 targets).",
    `TASK = ${pythonLiteral(facts.task)}`,
    "# The name of each class index (the model's output units), or None for a regression.",
    `CLASS_NAMES = ${pythonLiteral(facts.classNames)}`,
    "# One example's shape, without the batch axis.",
    `FEATURE_SHAPE = ${pythonLiteral(facts.featureShape)}`,
    '# normalize_target: standard: the model is trained on (y - mean) / std and ends in y * std + mean,',
    "# so targets, predictions, losses and metrics stay in the data's own units. None: not scaled.",
    `TARGET_SCALING = ${scaling}`,
    '# The examples in each split at export.',
    `SIZES = ${pythonLiteral(facts.sizes)}`,
    '',
    ...sourceLines(facts.main, 'main'),
    '',
    ...(facts.test !== null ? sourceLines(facts.test, 'test') : ['# No separate test block: the test rows are rows of SOURCE.', 'TEST_SOURCE = None']),
    '',
    '',
    'def load_splits() -> dict[str, Optional[tuple[np.ndarray, np.ndarray]]]:',
    '    """The train, validation and test splits: each (features, labels), or None when the split is empty.',
    '',
    '    features: float32, shape [n, *FEATURE_SHAPE], normalised as nnspec normalised them;',
    "    labels: int64 class indices (TASK 'classification') or float32 targets in original units.",
    '    """',
    '    return data_io.load_splits(SOURCE, TEST_SOURCE, DATA_DIR, task=TASK, feature_shape=FEATURE_SHAPE)',
    '',
    '',
    "if __name__ == '__main__':",
    '    # `python3 data.py`: load the splits and say what they hold.',
    '    for name, split in load_splits().items():',
    "        print(name, 'empty' if split is None else f'{split[0].shape} features, {split[1].shape} labels')",
    '',
  ];
  return lines.join('\n');
}
