/**
 * Reading a CSV file's data rows, after its header: each kept cell straight into its column's
 * typed array, each label as a number or a position, each row's place in the file packed into
 * one typed array. No row, cell or string is kept per cell, so a numeric file of n bytes takes a
 * few times n in memory, not 18 (docs/performance.md, "CSV memory"). Browser-safe.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { ColumnCollector } from './csv-columns.js';
import type { CsvScanner } from './csv-tokenize.js';
import { cellRange, fileDiagnostic, spanAt } from './data-diagnostic.js';
import { ROW_SPAN_FIELDS, type CellPosition } from './dataset.js';

/** The label column as read: numbers where the cells are numbers, and where each cell starts (to read text labels later). */
export interface LabelCells {
  /** One number a row, NaN for a text label. */
  numbers: Float64Array;
  /** One offset a row: where the label cell starts in the text. */
  offsets: Uint32Array;
  /** The first label that is not a number (for NN4808), if any. */
  firstText: CellPosition | undefined;
}

/** The rows of a CSV file as read by {@link readRows}. */
export interface CsvRows {
  count: number;
  /** One collector a kept column, in model order. */
  columns: ColumnCollector[];
  labels: LabelCells;
  /** `DataOrigin.rowSpans`: where each row is in the file. */
  rowSpans: Uint32Array;
}

/** The header as {@link readRows} needs it. */
export interface CsvLayout {
  names: readonly string[];
  labelIndex: number;
  /** The kept feature columns' indices, in model order. */
  selected: readonly number[];
  /** Whether an empty feature cell is a missing value rather than an error. */
  allowMissing: boolean;
}

/** What a cell's index in a row is to the reader. */
const IGNORED = -1;
const LABEL = -2;

/**
 * Reads the data rows from the scanner's current record (the first after the header) to the
 * end, or until `diagnostics` holds `maxErrors`: ragged rows (NN4603) and empty cells (NN4604)
 * are reported there, the rows are counted. A row's cells are reported in the order the old
 * reader used: the label, then the kept columns in model order; a ragged row only as ragged.
 */
export function readRows(scanner: CsvScanner, layout: CsvLayout, file: string, maxErrors: number, diagnostics: Diagnostic[]): CsvRows {
  const { names, labelIndex, selected, allowMissing } = layout;
  const width = names.length;
  const capacity = recordsAtMost(scanner.text);
  const columns = selected.map((index) => new ColumnCollector(names[index], capacity));
  const roles = new Int32Array(width).fill(IGNORED);
  selected.forEach((index, k) => (roles[index] = k));
  roles[labelIndex] = LABEL;
  const labels: LabelCells = { numbers: new Float64Array(capacity), offsets: new Uint32Array(capacity), firstText: undefined };
  const rowSpans = new Uint32Array(capacity * ROW_SPAN_FIELDS);
  // Empty cells of the current row, reported once the row is known not to be ragged; `order` is
  // -1 for the label, else the column's place in model order.
  const empties: { order: number; cell: CellPosition; column: number }[] = [];
  const full = () => diagnostics.length >= maxErrors;

  let count = 0;
  do {
    const recordLine = scanner.recordLine;
    let cells = 0;
    let extra: CellPosition | undefined;
    let start = 0;
    let startColumn = 1;
    empties.length = 0;
    while (scanner.nextCell()) {
      const index = cells++;
      if (index === 0) {
        start = scanner.offset;
        startColumn = scanner.column;
      }
      if (index >= width) {
        extra ??= scanner.cell();
        continue;
      }
      const role = roles[index];
      if (role === IGNORED) continue;
      const empty = scanner.isEmpty();
      if (role === LABEL) {
        if (empty) empties.push({ order: -1, cell: scanner.cell(), column: index });
        else {
          const value = scanner.number();
          labels.numbers[count] = value ?? NaN;
          labels.offsets[count] = scanner.offset;
          if (value === undefined) labels.firstText ??= scanner.cell();
        }
      } else if (!empty) columns[role].add(scanner);
      else if (allowMissing) columns[role].addMissing();
      else empties.push({ order: role, cell: scanner.cell(), column: index });
    }
    const at = count * ROW_SPAN_FIELDS;
    rowSpans[at] = start;
    rowSpans[at + 1] = recordLine;
    rowSpans[at + 2] = startColumn;
    rowSpans[at + 3] = scanner.endOffset;
    rowSpans[at + 4] = scanner.endLine;
    rowSpans[at + 5] = scanner.endColumn;
    count++;
    if (cells !== width) {
      diagnostics.push(raggedRow(file, recordLine, cells, width, extra, scanner));
      continue;
    }
    empties.sort((a, b) => a.order - b.order);
    for (const { cell, column } of empties) {
      if (full()) break;
      diagnostics.push(emptyCell(file, cell, names[column], column === labelIndex));
    }
  } while (!full() && scanner.nextRecord());
  return { count, columns, labels, rowSpans: rowSpans.subarray(0, count * ROW_SPAN_FIELDS) };
}

/** How many records `text` can hold at most: one a line (a quoted cell spanning lines, a blank line, make fewer). */
function recordsAtMost(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  for (let at = text.indexOf('\r'); at >= 0; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) lines++;
  return lines;
}

/** NN4603: at the first extra cell, or where a short row ends. */
function raggedRow(file: string, line: number, cells: number, width: number, extra: CellPosition | undefined, end: CsvScanner): Diagnostic {
  const range = extra !== undefined ? cellRange(extra) : spanAt(end.endOffset, end.endLine, end.endColumn, 0);
  const at = extra ?? { line: end.endLine, column: end.endColumn };
  return fileDiagnostic(
    DATA_CODE.raggedRow,
    file,
    range,
    `row at line ${line} of \`${file}\` has ${cells} cell${cells === 1 ? '' : 's'} but the header has ${width} columns (line ${at.line}, column ${at.column})`,
    {
      label: extra !== undefined ? 'first extra cell' : 'row ends here',
      help: extra !== undefined ? 'remove the extra cells, or quote a value that contains a comma' : 'add the missing cells',
    },
  );
}

/** NN4604: an empty label, or an empty feature cell without `impute`. */
function emptyCell(file: string, cell: CellPosition, name: string, isLabel: boolean): Diagnostic {
  return fileDiagnostic(
    DATA_CODE.emptyCell,
    file,
    cellRange(cell),
    `empty cell in column \`${name}\` of \`${file}\` (line ${cell.line}, column ${cell.column})`,
    {
      label: 'empty',
      help: isLabel
        ? 'every example needs a label; a missing label is never imputed: remove the row'
        : 'fill in the value, or add `impute: mean` (or `median`, `constant(x)`) to the data block to fill missing feature values',
    },
  );
}
