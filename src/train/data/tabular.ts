/**
 * Encoding a feature table (CSV columns) into model features with statistics fitted on the
 * training split only: imputation values (mean, median, a constant, or the most frequent
 * category) and one-hot vocabularies (sorted by code unit). A category the training split never
 * had is encoded as all zeros and counted. Browser-safe.
 */
import type { IrImpute } from '../../ir/schema.js';
import type { FeatureTable, TableColumn } from './dataset.js';
import { featureNamesOf, type ColumnEncoding } from './preprocessing.js';

/** A column the training split has no value of, so `mean`/`median`/the most frequent category cannot be fitted. */
export interface EmptyTrainingColumn {
  column: string;
}

/**
 * Fits each column's encoding on the rows `trainRows`. Numeric columns get their `fill` from
 * `impute` (mean or median of the present training values, or the constant); text columns get
 * their sorted categories and, with any `impute`, the most frequent training category as `fill`
 * (ties go to the first in sorted order). Returns the columns that cannot be fitted instead.
 */
export function fitColumns(
  table: FeatureTable,
  trainRows: ArrayLike<number>,
  impute: IrImpute | null,
): { columns: ColumnEncoding[] } | { empty: EmptyTrainingColumn[] } {
  const columns: ColumnEncoding[] = [];
  const empty: EmptyTrainingColumn[] = [];
  for (const column of table.columns) {
    if (column.kind === 'numeric') {
      // Only a mean or a median needs the values (a million rows make a large copy).
      const present = impute === null || impute.strategy === 'constant' ? null : presentValues(column.values, trainRows);
      if (present?.length === 0) empty.push({ column: column.name });
      columns.push({ name: column.name, kind: 'numeric', fill: impute === null ? null : numericFill(impute, present ?? new Float64Array(0)) });
      continue;
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < trainRows.length; i++) {
      const value = column.values[trainRows[i]];
      if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const categories = [...counts.keys()].sort(byCodeUnit);
    if (categories.length === 0) {
      empty.push({ column: column.name });
      continue;
    }
    let fill: string | null = null;
    if (impute !== null) {
      for (const category of categories) if (fill === null || (counts.get(category) as number) > (counts.get(fill) as number)) fill = category;
    }
    columns.push({ name: column.name, kind: 'one-hot', categories, fill });
  }
  return empty.length > 0 ? { empty } : { columns };
}

/** The values of `rows` that are present (not NaN), in row order. */
function presentValues(values: Float64Array, rows: ArrayLike<number>): Float64Array {
  const present = new Float64Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const value = values[rows[i]];
    if (!Number.isNaN(value)) present[count++] = value;
  }
  return present.subarray(0, count);
}

function numericFill(impute: IrImpute, present: Float64Array): number {
  if (impute.strategy === 'constant') return impute.value;
  if (present.length === 0) return 0;
  if (impute.strategy === 'mean') return present.reduce((sum, value) => sum + value, 0) / present.length;
  const sorted = present.sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An encoded table: row-major features, and for each one-hot column the rows whose category was unseen. */
export interface EncodedTable {
  features: Float32Array;
  width: number;
  /** Column name to (row index to the unseen category). */
  unseen: Map<string, Map<number, string>>;
}

/**
 * Encodes every row of `table` with fitted `encodings`, matching columns by name (a separate
 * test set's table may order or kind them differently). The caller has checked with
 * {@link mismatchedColumn} that every encoded column is present and of a usable kind.
 */
export function encodeTable(table: FeatureTable, encodings: readonly ColumnEncoding[], count: number): EncodedTable {
  const width = featureNamesOf(encodings).length;
  const features = new Float32Array(count * width);
  const unseen = new Map<string, Map<number, string>>();
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  let offset = 0;
  for (const encoding of encodings) {
    const column = byName.get(encoding.name) as TableColumn;
    if (encoding.kind === 'numeric') {
      const values = column.values as Float64Array;
      for (let row = 0; row < count; row++) {
        const value = values[row];
        features[row * width + offset] = Number.isNaN(value) ? (encoding.fill as number) : value;
      }
      offset += 1;
      continue;
    }
    const index = new Map(encoding.categories.map((category, k) => [category, k]));
    const rows = new Map<number, string>();
    for (let row = 0; row < count; row++) {
      const category = textAt(column, row) ?? encoding.fill;
      if (category === null) continue;
      const k = index.get(category);
      if (k === undefined) rows.set(row, category);
      else features[row * width + offset + k] = 1;
    }
    if (rows.size > 0) unseen.set(encoding.name, rows);
    offset += encoding.categories.length;
  }
  return { features, width, unseen };
}

/** A text column's value, or a numeric column's value as text (a test file whose categories all look like numbers). */
function textAt(column: TableColumn, row: number): string | null {
  if (column.kind === 'text') return column.values[row];
  const value = column.values[row];
  return Number.isNaN(value) ? null : String(value);
}

/**
 * The first encoded column a table cannot be encoded with: absent from it, or text where the
 * encoding is numeric. `undefined` when every column fits.
 */
export function mismatchedColumn(
  table: FeatureTable,
  encodings: readonly ColumnEncoding[],
): { column: string; problem: 'absent' } | { column: string; problem: 'text'; cell: Extract<TableColumn, { kind: 'text' }>['firstCell'] } | undefined {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  for (const encoding of encodings) {
    const column = byName.get(encoding.name);
    if (column === undefined) return { column: encoding.name, problem: 'absent' };
    if (encoding.kind === 'numeric' && column.kind === 'text') return { column: encoding.name, problem: 'text', cell: column.firstCell };
  }
  return undefined;
}
