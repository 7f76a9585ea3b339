/**
 * The tabular step of {@link prepareData}: fit the column encodings on the training rows, encode
 * the whole data set and a separate test set with them, and count (and warn about) validation
 * and test rows whose category the training split never had. Browser-safe.
 */
import type { IrImpute } from '../../ir/schema.js';
import { DATA_CODE, type DataCode } from '../../diagnostics/codes/data-codes.js';
import { featureSize, type Dataset } from './dataset.js';
import type { ColumnEncoding, UnseenCategories } from './preprocessing.js';
import { encodeTable, fitColumns, mismatchedColumn } from './tabular.js';
import { listSome, type DiagnosticExtras } from './data-diagnostic.js';

/** Reports a diagnostic about the data block (see `prepareData`), at `at` in the spec when given. */
export type PrepareReport = (code: DataCode, message: string, extras?: DiagnosticExtras, at?: { start: number; end: number }) => void;

/** The encoded data sets and what was fitted and counted. */
export interface EncodedSources {
  dataset: Dataset;
  testSet: Dataset | undefined;
  columns: ColumnEncoding[];
  unseen: UnseenCategories[];
}

/** At most this many unseen categories are listed in a warning and in the record. */
const LISTED = 20;

/**
 * Encodes `dataset` (which has a table) and `testSet` with encodings fitted on `trainRows`.
 * `validationRows` and `testRows` say which rows of `dataset` the held-out splits are, for
 * counting unseen categories. `undefined` after reporting why encoding is impossible.
 */
export function encodeSources(
  dataset: Dataset,
  testSet: Dataset | undefined,
  rows: { train: ArrayLike<number>; validation: ArrayLike<number>; test: ArrayLike<number> },
  impute: IrImpute | null,
  report: PrepareReport,
): EncodedSources | undefined {
  const table = dataset.table!;
  const fitted = fitColumns(table, rows.train, impute);
  if ('empty' in fitted) {
    for (const { column } of fitted.empty) {
      report(DATA_CODE.nothingToImpute, `column \`${column}\` of \`${table.file}\` has no value in the training split, so nothing can be fitted for it`, {
        help:
          impute?.strategy === 'constant'
            ? `drop the column: \`drop: ["${column}"]\``
            : `drop the column (\`drop: ["${column}"]\`), or fill it with \`impute: constant(0)\``,
      });
    }
    return undefined;
  }
  const { columns } = fitted;
  // A table of numbers without missing values was loaded as its features already: encoding
  // would copy them unchanged (the same float32 of each value, in the same order).
  const loaded = !table.needsEncoding && dataset.features.length === dataset.count * columns.length;
  const encoded = loaded
    ? { features: dataset.features, width: columns.length, unseen: new Map<string, Map<number, string>>() }
    : encodeTable(table, columns, dataset.count);
  const unseen: UnseenCategories[] = [];
  const count = (split: 'validation' | 'test', byColumn: Map<string, Map<number, string>>, splitRows: ArrayLike<number> | null) => {
    for (const [column, unseenRows] of byColumn) {
      const categories = new Set<string>();
      let hits = 0;
      if (splitRows === null) {
        for (const category of unseenRows.values()) categories.add(category);
        hits = unseenRows.size;
      } else {
        for (let i = 0; i < splitRows.length; i++) {
          const category = unseenRows.get(splitRows[i]);
          if (category === undefined) continue;
          hits++;
          categories.add(category);
        }
      }
      if (hits === 0) continue;
      const sorted = [...categories].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      unseen.push({ column, split, rows: hits, categories: sorted.slice(0, LISTED) });
      report(
        DATA_CODE.unseenCategory,
        `${hits} ${split} row${hits === 1 ? '' : 's'} of column \`${column}\` hold${hits === 1 ? 's' : ''} ${sorted.length === 1 ? 'a category' : `${sorted.length} categories`} the training split never had (${listSome(sorted, 8)}); encoded as all zeros`,
        { severity: 'warning', help: 'a larger training split (or `stratify`) sees more categories; rare categories can be merged in the file' },
      );
    }
  };
  count('validation', encoded.unseen, rows.validation);
  count('test', encoded.unseen, rows.test);
  // A table of plain numbers keeps the shape it was loaded with (a declared reshape, say).
  const shapeOf = (set: Dataset, width: number) => (featureSize(set.featureShape) === width && !set.table?.needsEncoding ? [...set.featureShape] : [width]);
  // The raw columns are not needed once encoded: the splits do not keep them alive through training.
  const { table: _raw, ...unencoded } = dataset;
  const encodedDataset: Dataset = { ...unencoded, features: encoded.features, featureShape: shapeOf(dataset, encoded.width) };

  let encodedTest: Dataset | undefined;
  // A test set without named columns (another kind of source) is left as it is: the shape check
  // of prepareData then compares it with the encoded training data.
  const testTable = testSet?.table;
  if (testSet !== undefined && testTable !== undefined) {
    const mismatch = mismatchedColumn(testTable, columns);
    if (mismatch?.problem === 'absent') {
      report(DATA_CODE.unknownColumn, `column \`${mismatch.column}\` of the training data is not in the header of the test file \`${testTable.file}\``, {
        help: 'the test file needs every feature column of the training data',
      });
      return undefined;
    }
    if (mismatch?.problem === 'text') {
      const { cell } = mismatch;
      report(
        DATA_CODE.testColumnKind,
        `column \`${mismatch.column}\` holds numbers in the training data, but text in the test file \`${testTable.file}\` (\`${cell.text}\`, line ${cell.line}, column ${cell.column})`,
        { help: "make the test file's values numbers too, or leave a missing value empty (with `impute`)" },
      );
      return undefined;
    }
    const test = encodeTable(testTable, columns, testSet.count);
    count('test', test.unseen, null);
    const { table: _encoded, ...rest } = testSet;
    encodedTest = { ...rest, features: test.features, featureShape: shapeOf(testSet, test.width) };
  }
  return { dataset: encodedDataset, testSet: encodedTest, columns, unseen };
}
