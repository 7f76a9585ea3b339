/**
 * The preprocessing record: everything fitted on the training split, as plain JSON data, so a
 * later run (`nnspec predict`) can turn raw rows into the model's inputs exactly as training did,
 * and read the model's outputs back as class names or target values. It is written into the
 * JSON report (`data.preprocessing`) and returned in `PreparedData.preprocessing`.
 * Fields are described in docs/data.md ("The preprocessing record"). Browser-safe.
 */
import { z } from 'zod';
import { irImputeSchema } from '../../ir/schema.js';
import type { Dataset, Normalization } from './dataset.js';
import { applyNormalization } from './normalize.js';
import { parseDecimal } from './class-labels.js';

/** How one source column becomes model features. */
export const columnEncodingSchema = z.discriminatedUnion('kind', [
  /** One feature: the value; `fill` replaces a missing value (`null`: missing is an error). */
  z.object({ name: z.string(), kind: z.literal('numeric'), fill: z.number().nullable() }),
  /**
   * One feature per category, in `categories` order (sorted by code unit): 1 for the row's
   * category, 0 elsewhere; a category not in the list is all zeros. `fill` replaces a missing value.
   */
  z.object({ name: z.string(), kind: z.literal('one-hot'), categories: z.array(z.string()), fill: z.string().nullable() }),
]);

/** Feature normalisation as fitted (per feature, after one-hot encoding). */
export const normalizationRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** `x' = (x - min) / (max - min)`; 0 where `max = min`. */
  z.object({ kind: z.literal('minmax'), min: z.array(z.number()), max: z.array(z.number()) }),
  /** `x' = (x - mean) / std` (population std); 0 where `std = 0`. */
  z.object({ kind: z.literal('standard'), mean: z.array(z.number()), std: z.array(z.number()) }),
]);

/** How the regression target was scaled for training; the model's outputs are in original units either way. */
export const targetScalingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** Training saw `(y - mean) / std`; `std` is 1 when the training targets are constant. */
  z.object({ kind: z.literal('standard'), mean: z.number(), std: z.number().positive() }),
]);

/** Rows of a validation or test split whose category in `column` the training split never had. */
export const unseenCategoriesSchema = z.object({
  column: z.string(),
  split: z.enum(['validation', 'test']),
  /** Rows encoded as all zeros in this column's features. */
  rows: z.number().int().positive(),
  /** The unseen categories, sorted (at most 20 listed). */
  categories: z.array(z.string()),
});

/** The preprocessing record (see the module's comment and docs/data.md). */
export const preprocessingSchema = z.object({
  /** The label column (sources with named columns), else `null`. */
  label: z.string().nullable(),
  /** The source's feature columns in model order, with their encoding; `null` for positional features (pixels, generated points). */
  columns: z.array(columnEncodingSchema).nullable(),
  /** The model's input features by name (`rooms`, `color=red`), or `null` for positional features. */
  featureNames: z.array(z.string()).nullable(),
  normalization: normalizationRecordSchema,
  target: targetScalingSchema,
  /** Class names in class-index order (the model's output units), or `null` for a regression. */
  classNames: z.array(z.string()).nullable(),
  unseenCategories: z.array(unseenCategoriesSchema),
  /** The `impute` option as written, or `null`. */
  impute: irImputeSchema.nullable(),
});

/** The key of the record in a saved model's `userDefinedMetadata` (`model.json`). */
export const PREPROCESSING_METADATA_KEY = 'nnspecPreprocessing';

/** How one source column becomes model features ({@link columnEncodingSchema}). */
export type ColumnEncoding = z.infer<typeof columnEncodingSchema>;
/** The regression target's scaling ({@link targetScalingSchema}). */
export type TargetScaling = z.infer<typeof targetScalingSchema>;
/** Unseen categories of one column in one split ({@link unseenCategoriesSchema}). */
export type UnseenCategories = z.infer<typeof unseenCategoriesSchema>;
/** The preprocessing record ({@link preprocessingSchema}). */
export type Preprocessing = z.infer<typeof preprocessingSchema>;

/** The fitted normalisation as JSON data. */
export function normalizationRecord(normalization: Normalization): Preprocessing['normalization'] {
  if (normalization.kind === 'none') return { kind: 'none' };
  if (normalization.kind === 'minmax') return { kind: 'minmax', min: Array.from(normalization.min), max: Array.from(normalization.max) };
  return { kind: 'standard', mean: Array.from(normalization.mean), std: Array.from(normalization.std) };
}

/** The model's feature names for encoded columns: a numeric column is its name, a one-hot column `name=category` per category. */
export function featureNamesOf(columns: readonly ColumnEncoding[]): string[] {
  return columns.flatMap((column) => (column.kind === 'numeric' ? [column.name] : column.categories.map((category) => `${column.name}=${category}`)));
}

/**
 * Replays a record's column encoding and normalisation on raw rows (cells as text by column
 * name), giving the model's inputs row after row. A missing or empty cell takes the column's
 * `fill`; an unseen category is all zeros, as in training.
 *
 * @throws Error when the record has positional features, or a cell cannot be encoded (a missing
 *   value without `fill`, text in a numeric column): the caller validates rows first.
 */
export function encodeRows(record: Preprocessing, rows: readonly Readonly<Record<string, string | undefined>>[]): Float32Array {
  const columns = record.columns;
  if (columns === null) throw new Error('nnspec: this preprocessing record has positional features, not named columns');
  const width = featureNamesOf(columns).length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    let at = r * width;
    for (const column of columns) {
      const cell = row[column.name];
      const present = cell !== undefined && cell !== '';
      if (column.kind === 'numeric') {
        // The same number syntax as the CSV loader: `0x10` or ` ` is not a number here either.
        const value = present ? (parseDecimal(cell) ?? NaN) : column.fill;
        if (value === null || !Number.isFinite(value)) throw new Error(`nnspec: column '${column.name}' of row ${r + 1} is not a number: '${cell ?? ''}'`);
        out[at++] = value;
        continue;
      }
      const category = present ? cell : column.fill;
      if (category === null) throw new Error(`nnspec: column '${column.name}' of row ${r + 1} is missing`);
      const index = column.categories.indexOf(category);
      if (index >= 0) out[at + index] = 1;
      at += column.categories.length;
    }
  });
  const encoded: Dataset = {
    features: out,
    featureShape: [width],
    labels: new Float32Array(rows.length),
    task: 'regression',
    classNames: null,
    count: rows.length,
  };
  return applyNormalization(normalizationFromRecord(record.normalization), encoded).features;
}

/** The record's normalisation back as fitted statistics (its numbers came from float32 values, so this is exact). */
export function normalizationFromRecord(record: Preprocessing['normalization']): Normalization {
  if (record.kind === 'none') return { kind: 'none' };
  if (record.kind === 'minmax') return { kind: 'minmax', min: Float32Array.from(record.min), max: Float32Array.from(record.max) };
  return { kind: 'standard', mean: Float32Array.from(record.mean), std: Float32Array.from(record.std) };
}
