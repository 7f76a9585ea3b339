/**
 * The in-memory data model shared by loaders, preparation and the trainer. Plain typed arrays,
 * no TF.js: the runner turns them into tensors.
 */
import type { DataFileFact } from '../../report/report-schema.js';

import type { Range } from '../../diagnostics/diagnostic.js';
import type { Preprocessing } from './preprocessing.js';

/** Whether labels are class indices or real values. */
export type DataTask = 'classification' | 'regression';

/** A set of examples. */
export interface Dataset {
  /** `count * product(featureShape)` values, row-major, example after example. */
  features: Float32Array;
  /** One example's shape, without the batch axis (`[64]`, `[28, 28, 1]`). */
  featureShape: number[];
  /** One value per example: the class index (0-based, into `classNames`) or the regression target. */
  labels: Float32Array;
  task: DataTask;
  /** Class names, index = label; `null` for regression. */
  classNames: string[] | null;
  /** Number of examples. */
  count: number;
  /** Where the examples came from, for diagnostics that name a file, a column and a line; absent for generated data. */
  origin?: DataOrigin;
  /**
   * The index of each example in its source (`origin`), kept through splitting and limiting;
   * absent means example `i` is the source's example `i`.
   */
  sourceRows?: Int32Array;
  /**
   * The raw feature columns of a source with named columns (CSV), one entry per example each.
   * When a column is text or has missing values, `features` is empty until {@link prepareData}
   * encodes the table with statistics fitted on the training split; otherwise `features` already
   * holds the columns' values and the table only names them.
   */
  table?: FeatureTable;
}

/** What a loader knows about where a data set's examples are in its source. */
export interface DataOrigin {
  /** The file, as named in diagnostics (`Diagnostic.file`). */
  file: string;
  /** One name per feature value of an example (a CSV's feature columns, in order); absent for images. */
  featureNames?: readonly string[];
  /**
   * Where each example's record is in the file (a CSV row), packed as {@link ROW_SPAN_FIELDS}
   * numbers a row (see {@link rowRangeOf}): one `Range` object per row of a million-row file
   * took more memory than its values. Absent for binary files.
   */
  rowSpans?: Uint32Array;
}

/** Numbers a row takes in `DataOrigin.rowSpans`: start offset, line and column, then end offset, line and column. */
export const ROW_SPAN_FIELDS = 6;

/** Where example `row` of a source is in its file, when the loader kept it. */
export function rowRangeOf(origin: DataOrigin | undefined, row: number): Range | undefined {
  const spans = origin?.rowSpans;
  const at = row * ROW_SPAN_FIELDS;
  if (spans === undefined || row < 0 || at + ROW_SPAN_FIELDS > spans.length) return undefined;
  return {
    start: { offset: spans[at], line: spans[at + 1], column: spans[at + 2] },
    end: { offset: spans[at + 3], line: spans[at + 4], column: spans[at + 5] },
  };
}

/** Where a cell is in its file (for diagnostics about a value found later, at encoding time). */
export interface CellPosition {
  text: string;
  offset: number;
  line: number;
  column: number;
  length: number;
}

/** One raw feature column. Missing values (empty cells, allowed with `impute`) are `NaN` or `null`. */
export type TableColumn =
  | { name: string; kind: 'numeric'; values: Float64Array; missing: number }
  /** A categorical column: no value is a number. `firstCell` is its first value, for messages. */
  | { name: string; kind: 'text'; values: (string | null)[]; missing: number; firstCell: CellPosition };

/** A source's feature columns by name, in model order, as read from `file`. */
export interface FeatureTable {
  file: string;
  /** The label column's name. */
  label: string;
  columns: TableColumn[];
  /** True when `features` could not be filled at load time: a text column or a missing value. */
  needsEncoding: boolean;
}

/** Normalisation statistics, fitted on the training split only and applied to every split. */
export type Normalization =
  | { kind: 'none' }
  /** `x' = (x - min) / (max - min)` per feature; a constant feature (max = min) maps to 0. */
  | { kind: 'minmax'; min: Float32Array; max: Float32Array }
  /** `x' = (x - mean) / std` per feature (population std); a constant feature (std = 0) maps to 0. */
  | { kind: 'standard'; mean: Float32Array; std: Float32Array };

/** The kind of normalisation a spec asks for. */
export type NormalizationKind = Normalization['kind'];

/** Data ready for training: split, limited, normalised. */
export interface PreparedData {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
  classNames: string[] | null;
  /**
   * The names the data itself gave the classes (its sorted label values), before `class_names`
   * renamed them: what a raw label is matched by (the PyTorch export's `data.py`). Set by
   * `prepareData`; equal to `classNames` when nothing was renamed.
   */
  dataClassNames?: string[] | null;
  featureShape: number[];
  task: DataTask;
  /** The statistics fitted on `train` as returned (after `limit`), never on validation or test. */
  normalization: Normalization;
  /** The files read, with size and SHA-256 (Node's loader sets it; synthetic and host-supplied data leave it out). */
  files?: DataFileFact[];
  /**
   * Everything fitted on the training split, as plain data a later run can replay on raw rows:
   * columns, one-hot vocabularies, imputation values, normalisation, target scaling, class names.
   */
  preprocessing: Preprocessing;
}

/** Number of values in one example. */
export function featureSize(featureShape: readonly number[]): number {
  return featureShape.reduce((product, dim) => product * dim, 1);
}
