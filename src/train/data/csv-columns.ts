/**
 * The feature columns of a CSV file: which ones the spec keeps (`features`, `drop`), and what
 * each holds (numbers, or text to one-hot encode). Browser-safe.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { suggest } from '../../catalogue/catalogue.js';
import type { IrDataOptionSpans } from '../../ir/schema.js';
import type { CsvScanner } from './csv-tokenize.js';
import { FILE_START, cellRange, fileDiagnostic, listSome, specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import type { CellPosition, TableColumn } from './dataset.js';

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
export function selectColumns(
  names: readonly string[],
  label: string,
  file: string,
  options: ColumnOptions | undefined,
  diagnostics: Diagnostic[],
): number[] | undefined {
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
      diagnostics.push(
        where !== undefined
          ? specDiagnostic(DATA_CODE.unknownColumn, where, message, extras, span)
          : fileDiagnostic(DATA_CODE.unknownColumn, file, FILE_START, message, extras),
      );
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
 * One feature column's values, collected as the rows are read: numbers into a typed array, text
 * (interned: a category is one string however many rows hold it) only once the column has any.
 * {@link finish} then tells what the column holds: every present value a number (numeric), or
 * none (text, one-hot encoded). A column mixing both is NN4605 at the first cell of the rarer
 * kind (a stray `n/a` in a numeric column, a lone number among categories).
 */
export class ColumnCollector {
  private readonly numbers: Float64Array;
  /** One entry a row (`null`: missing or a number), from the first text cell on; `null` before any. */
  private texts: (string | null)[] | null = null;
  private readonly interned = new Map<string, string>();
  private rows = 0;
  private numberCount = 0;
  private textCount = 0;
  private missing = 0;
  private firstNumber: CellPosition | undefined;
  private firstText: CellPosition | undefined;

  /** `capacity`: at least the number of rows to come. */
  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.numbers = new Float64Array(capacity);
  }

  /** An empty cell, allowed as a missing value. */
  addMissing(): void {
    this.numbers[this.rows++] = NaN;
    this.texts?.push(null);
    this.missing++;
  }

  /** The scanner's current cell. */
  add(scanner: CsvScanner): void {
    const value = scanner.number();
    if (value !== undefined) {
      this.numbers[this.rows++] = value;
      this.texts?.push(null);
      this.numberCount++;
      this.firstNumber ??= scanner.cell();
      return;
    }
    this.numbers[this.rows++] = NaN;
    this.textCount++;
    this.firstText ??= scanner.cell();
    const text = scanner.value();
    let kept = this.interned.get(text);
    if (kept === undefined) this.interned.set(text, (kept = text));
    (this.texts ??= new Array<string | null>(this.rows - 1).fill(null)).push(kept);
  }

  /** The column, or `undefined` after reporting NN4605 to `diagnostics`. */
  finish(file: string, diagnostics: Diagnostic[]): TableColumn | undefined {
    const { name, numberCount, textCount, missing } = this;
    if (textCount === 0)
      return { name, kind: 'numeric', values: this.numbers.length === this.rows ? this.numbers : this.numbers.subarray(0, this.rows), missing };
    const firstText = this.firstText!;
    if (numberCount === 0) return { name, kind: 'text', values: this.texts!, missing, firstCell: firstText };
    const firstNumber = this.firstNumber!;
    const mostlyNumbers = numberCount >= textCount;
    const odd = mostlyNumbers ? firstText : firstNumber;
    const other = mostlyNumbers ? firstNumber : firstText;
    diagnostics.push(
      fileDiagnostic(
        DATA_CODE.notANumber,
        file,
        cellRange(odd),
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
}
