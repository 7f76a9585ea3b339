/**
 * Splits CSV text into records and cells, remembering where each cell starts so that errors can
 * name line and column. RFC 4180 quoting (`"a,b"`, `""` for a quote) is understood; a quoted
 * cell may span lines. Browser-safe.
 *
 * {@link CsvScanner} walks the text one cell at a time without making a string or an object per
 * cell: a loader reads numbers straight from the text ({@link CsvScanner.number}) and takes a
 * cell's string only when it needs it. A 200 MB file has tens of millions of cells; one object
 * each took 18 times the file's size in memory (docs/performance.md, "CSV memory").
 * {@link tokenizeCsv} gives the same cells as objects, for small texts and tests.
 */
import { parseDecimal, parseDecimalIn } from './class-labels.js';

/** One cell and where it is. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface CsvCell {
  /** The cell's value: unquoted, `""` unescaped, surrounding spaces of unquoted cells trimmed. */
  text: string;
  offset: number;
  line: number;
  column: number;
  /** Length of the cell in the source (quotes included), up to its first line break: ranges stay on one line. */
  length: number;
  /** Set when the cell opens a quote that the text never closes (it then runs to the end). */
  unterminated?: true;
}

/** One record (row): its cells and where it ends (for "too few cells" errors). */
export interface CsvRecord {
  cells: CsvCell[];
  line: number;
  /** Offset, line and column just after the last cell (before the line break). */
  endOffset: number;
  endLine: number;
  endColumn: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

function isBreakOrComma(char: number): boolean {
  return char === COMMA || char === LF || char === CR;
}

/** The characters `String.prototype.trim` removes (line breaks never occur in an unquoted cell). */
function isTrimmed(char: number): boolean {
  return (
    char === 32 ||
    (char >= 9 && char <= 13) ||
    char === 0xa0 ||
    char === 0x1680 ||
    (char >= 0x2000 && char <= 0x200a) ||
    char === 0x2028 ||
    char === 0x2029 ||
    char === 0x202f ||
    char === 0x205f ||
    char === 0x3000 ||
    char === 0xfeff
  );
}

/**
 * A cursor over CSV text: {@link nextRecord} moves to the next non-blank record, then
 * {@link nextCell} reads its cells one by one; the current cell's place and value are read from
 * the scanner. Blank lines are skipped (a trailing newline is normal); a leading UTF-8
 * byte-order mark is ignored (positions still count it as offset 0 so columns stay as editors
 * show).
 */
export class CsvScanner {
  readonly text: string;
  private index: number;
  private line = 1;
  private lineStart = 0;
  private inRecord = false;
  /** Whether the last cell read ended at a comma (another cell follows in the record). */
  private atComma = false;
  private firstCell = true;

  /** The current record's first line. */
  recordLine = 1;
  /** Offset, line and column just after the current record's last cell read (before the line break). */
  endOffset = 0;
  endLine = 1;
  endColumn = 1;

  /** The current cell: where it starts, its length in the source (quotes included) up to its first line break. */
  offset = 0;
  cellLine = 1;
  column = 1;
  length = 0;
  /** Where a quoted cell's first line ends (its first line break), or -1. */
  private firstLineEnd = -1;
  /** Whether the current cell opens a quote the text never closes (it then runs to the end). */
  unterminated = false;
  /** A quoted cell's value (unescaped), `null` for an unquoted cell, read in place. */
  private quoted: string | null = null;
  /** An unquoted cell's value: `text` from `valueStart` to `valueEnd`, trimmed. */
  private valueStart = 0;
  private valueEnd = 0;
  /** The cell that opened a quote and never closed it: necessarily the text's last. */
  private open: CsvCell | undefined;

  constructor(text: string) {
    this.text = text;
    this.index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Moves to the next non-blank record (the rest of the current one is skipped); false at the end of the text. */
  nextRecord(): boolean {
    while (this.inRecord) this.nextCell();
    const { text } = this;
    for (;;) {
      if (this.index >= text.length) return false;
      // A line of nothing but spaces counts as blank too; a quoted empty cell ("") does not.
      if (text.charCodeAt(this.index) === QUOTE) break;
      let end = this.index;
      while (end < text.length && !isBreakOrComma(text.charCodeAt(end))) end++;
      if (end < text.length && text.charCodeAt(end) === COMMA) break;
      let blank = true;
      for (let at = this.index; at < end && blank; at++) blank = isTrimmed(text.charCodeAt(at));
      if (!blank) break;
      this.index = end;
      this.consumeBreak();
    }
    this.inRecord = true;
    this.firstCell = true;
    this.recordLine = this.line;
    this.endOffset = this.index;
    this.endLine = this.line;
    this.endColumn = this.index - this.lineStart + 1;
    return true;
  }

  /** Reads the current record's next cell; false when the record has no more (its line break is then consumed). */
  nextCell(): boolean {
    if (!this.inRecord) return false;
    if (!this.firstCell) {
      if (!this.atComma) {
        this.consumeBreak();
        this.inRecord = false;
        return false;
      }
      this.index++; // the comma
    }
    this.firstCell = false;
    this.readCell();
    return true;
  }

  private consumeBreak(): void {
    const { text } = this;
    if (this.index >= text.length) return;
    if (text.charCodeAt(this.index) === CR && text.charCodeAt(this.index + 1) === LF) this.index += 2;
    else this.index += 1;
    this.line++;
    this.lineStart = this.index;
  }

  private readCell(): void {
    const { text } = this;
    const length = text.length;
    this.offset = this.index;
    this.cellLine = this.line;
    this.column = this.index - this.lineStart + 1;
    this.unterminated = false;
    if (text.charCodeAt(this.index) === QUOTE) {
      let index = this.index + 1;
      let value = '';
      let pieceStart = index;
      // Where the cell's first line ends, for a quoted cell holding a line break: its range stays on that line.
      let firstLineEnd = -1;
      for (;;) {
        if (index >= length) {
          this.unterminated = true; // the cell runs to the end of the text
          value += text.slice(pieceStart, index);
          break;
        }
        const char = text.charCodeAt(index);
        if (char === QUOTE) {
          value += text.slice(pieceStart, index);
          if (text.charCodeAt(index + 1) === QUOTE) {
            value += '"';
            index += 2;
            pieceStart = index;
            continue;
          }
          index++;
          break;
        }
        if (firstLineEnd < 0 && (char === LF || char === CR)) firstLineEnd = index;
        if (char === LF || (char === CR && text.charCodeAt(index + 1) !== LF)) {
          this.line++;
          this.lineStart = index + 1;
        }
        index++;
      }
      // Anything between the closing quote and the next comma is kept, as spreadsheets do.
      const restStart = index;
      while (index < length && !isBreakOrComma(text.charCodeAt(index))) index++;
      if (index > restStart) value += text.slice(restStart, index).trim();
      this.quoted = value;
      this.index = index;
      this.firstLineEnd = firstLineEnd;
    } else {
      let index = this.index;
      while (index < length && !isBreakOrComma(text.charCodeAt(index))) index++;
      let start = this.index;
      let end = index;
      while (start < end && isTrimmed(text.charCodeAt(start))) start++;
      while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
      this.quoted = null;
      this.firstLineEnd = -1;
      this.valueStart = start;
      this.valueEnd = end;
      this.index = index;
    }
    // A range has one line and column pair per end, so a cell spanning lines is shown on its first.
    this.length = (this.firstLineEnd >= 0 ? this.firstLineEnd : this.index) - this.offset;
    if (this.unterminated) this.open = this.cell();
    this.atComma = this.index < length && text.charCodeAt(this.index) === COMMA;
    this.endOffset = this.index;
    this.endLine = this.line;
    this.endColumn = this.index - this.lineStart + 1;
  }

  /** Reads the rest of the text and returns the cell that opens a quote never closed (the last one), if any. */
  openQuote(): CsvCell | undefined {
    while (this.nextRecord());
    return this.open;
  }

  /** The current cell's value (a new string; see {@link number} and {@link isEmpty} for reading without one). */
  value(): string {
    return this.quoted ?? this.text.slice(this.valueStart, this.valueEnd);
  }

  /** Whether the current cell's value is empty (`""` quoted included). */
  isEmpty(): boolean {
    return this.quoted !== null ? this.quoted === '' : this.valueStart === this.valueEnd;
  }

  /** The current cell's value as a decimal number, by the rule of `parseDecimal`, read in place. */
  number(): number | undefined {
    return this.quoted !== null ? parseDecimal(this.quoted) : parseDecimalIn(this.text, this.valueStart, this.valueEnd);
  }

  /**
   * The value of the cell that starts at `offset`, for values kept as positions and wanted as
   * text only later (a label column that turns out to hold class names). Only the value is
   * meant to be read after it: the scanner's lines and records are left behind.
   */
  valueAt(offset: number): string {
    this.index = offset;
    this.inRecord = false;
    this.readCell();
    return this.value();
  }

  /** The current cell as an object. */
  cell(): CsvCell {
    const cell: CsvCell = { text: this.value(), offset: this.offset, line: this.cellLine, column: this.column, length: this.length };
    if (this.unterminated) cell.unterminated = true;
    return cell;
  }
}

/**
 * Tokenizes CSV text into records of cell objects. Blank lines are skipped (a trailing newline is
 * normal); a leading UTF-8 byte-order mark is ignored (positions still count it as offset 0 so
 * columns stay as editors show).
 */
export function tokenizeCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const scanner = new CsvScanner(text);
  while (scanner.nextRecord()) {
    const cells: CsvCell[] = [];
    while (scanner.nextCell()) cells.push(scanner.cell());
    records.push({ cells, line: scanner.recordLine, endOffset: scanner.endOffset, endLine: scanner.endLine, endColumn: scanner.endColumn });
  }
  return records;
}
