/**
 * The feature columns of a CSV file: which ones the spec keeps (`features`, `drop`), and what
 * each holds (numbers, or text to one-hot encode). Browser-safe.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { suggest } from '../../catalogue/catalogue.js';
import type { IrDataOptionSpans } from '../../ir/schema.js';
import { parseDecimal } from './class-labels.js';
import type { CsvCell } from './csv-tokenize.js';
import { FILE_START, fileDiagnostic, listSome, specDiagnostic, spanAt, type SpecLocation } from './data-diagnostic.js';
import type { TableColumn } from './dataset.js';

/** The column options of a data block, as the loader needs them. */
export interface ColumnOptions {
  /** Keep only these columns, in this order; `null` keeps all but the label and `drop`. */
  features: string[] | null;
  drop: string[];
  /** Whether an empty feature cell is a missing value (with `impute`) rather than an error. */
  allowMissing: boolean;
  /** The block the options were written in, so unknown names point at them in the spec. */
  where?: SpecLocation;
  spans?: IrDataOptionSpans;
}

/**
 * The indices of the kept feature columns, in model order, or `undefined` after reporting a name
 * that is not in the header (NN4630, at the name in the spec, with the closest column).
 */
export function selectColumns(names: readonly string[], label: string, file: string, options: ColumnOptions | undefined, diagnostics: Diagnostic[]): number[] | undefined {
  const byName = new Map(names.map((name, index) => [name, index]));
  const unknown = (option: 'features' | 'drop', list: readonly string[]) => {
    list.forEach((name, index) => {
      if (byName.has(name)) return;
      const candidates = names.filter((column) => column !== label);
      const close = suggest(name, candidates);
      const span = options?.spans?.[option]?.[index];
      const where = options?.where;
      const message = `column \`${name}\` in \`${option}\` is not in the header of \`${file}\``;
      const extras = {
        label: close !== undefined ? `did you mean \`${close}\`?` : 'not a column of the file',
        help: `the feature columns are ${listSome(candidates, 8)}`,
      };
      diagnostics.push(where !== undefined ? specDiagnostic(DATA_CODE.unknownColumn, where, message, extras, span) : fileDiagnostic(DATA_CODE.unknownColumn, file, FILE_START, message, extras));
    });
  };
  if (options?.features) unknown('features', options.features);
  if (options?.drop) unknown('drop', options.drop);
  if (diagnostics.length > 0) return undefined;
  if (options?.features) return options.features.map((name) => byName.get(name) as number);
  const dropped = new Set(options?.drop ?? []);
  return names.flatMap((name, index) => (name === label || dropped.has(name) ? [] : [index]));
}

/**
 * What one column holds: every present value a number (numeric), or none (text, one-hot
 * encoded). A column mixing both is NN4605 at the first cell of the rarer kind (a stray `n/a`
 * in a numeric column, a lone number among categories). `cells` has `null` for missing values.
 */
export function classifyColumn(name: string, file: string, cells: readonly (CsvCell | null)[], diagnostics: Diagnostic[]): TableColumn | undefined {
  const numbers = new Float64Array(cells.length);
  let firstNumber: CsvCell | undefined;
  let firstText: CsvCell | undefined;
  let numberCount = 0;
  let textCount = 0;
  let missing = 0;
  cells.forEach((cell, row) => {
    if (cell === null) {
      numbers[row] = NaN;
      missing++;
      return;
    }
    const value = parseDecimal(cell.text);
    if (value === undefined) {
      textCount++;
      firstText ??= cell;
      numbers[row] = NaN;
    } else {
      numberCount++;
      firstNumber ??= cell;
      numbers[row] = value;
    }
  });
  if (textCount === 0) return { name, kind: 'numeric', values: numbers, missing };
  if (numberCount === 0) {
    const first = firstText!;
    return {
      name,
      kind: 'text',
      values: cells.map((cell) => (cell === null ? null : cell.text)),
      missing,
      firstCell: { text: first.text, offset: first.offset, line: first.line, column: first.column, length: first.length },
    };
  }
  const mostlyNumbers = numberCount >= textCount;
  const odd = mostlyNumbers ? cells.find((cell) => cell !== null && parseDecimal(cell.text) === undefined)! : cells.find((cell) => cell !== null && parseDecimal(cell.text) !== undefined)!;
  const other = mostlyNumbers ? firstNumber! : firstText!;
  diagnostics.push(
    fileDiagnostic(
      DATA_CODE.notANumber,
      file,
      spanAt(odd.offset, odd.line, odd.column, odd.length),
      mostlyNumbers
        ? `\`${odd.text}\` in column \`${name}\` of \`${file}\` is not a number (line ${odd.line}, column ${odd.column})`
        : `\`${odd.text}\` in column \`${name}\` of \`${file}\` is a number, but the column holds text (line ${odd.line}, column ${odd.column})`,
      {
        label: mostlyNumbers ? 'not a number' : 'a number among text',
        help: mostlyNumbers
          ? `column \`${name}\` holds numbers elsewhere (\`${other.text}\` at line ${other.line}): fix the value, or leave a missing value empty and add \`impute\` to the data block`
          : `column \`${name}\` holds categories elsewhere (\`${other.text}\` at line ${other.line}); a categorical column has no numbers: write this category as text, or drop the column`,
      },
    ),
  );
  return undefined;
}
