/**
 * Splits CSV text into records and cells, remembering where each cell starts so that errors can
 * name line and column. RFC 4180 quoting (`"a,b"`, `""` for a quote) is understood; a quoted
 * cell may span lines. Browser-safe.
 */

/** One cell and where it is. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface CsvCell {
  /** The cell's value: unquoted, `""` unescaped, surrounding spaces of unquoted cells trimmed. */
  text: string;
  offset: number;
  line: number;
  column: number;
  /** Length of the cell in the source (quotes included). */
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

/**
 * Tokenizes CSV text. Blank lines are skipped (a trailing newline is normal); a leading UTF-8
 * byte-order mark is ignored (positions still count it as offset 0 so columns stay as editors show).
 */
export function tokenizeCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  const length = text.length;

  while (index < length) {
    const recordLine = line;
    const cells: CsvCell[] = [];
    let endOffset = index;
    let endLine = line;
    let endColumn = index - lineStart + 1;
    // Read cells until the end of the line (or text).
    for (;;) {
      const cellOffset = index;
      const cellLine = line;
      const cellColumn = index - lineStart + 1;
      let value = '';
      let unterminated = false;
      if (text.charCodeAt(index) === 34 /* " */) {
        index++;
        for (;;) {
          if (index >= length) {
            unterminated = true; // the cell runs to the end of the text
            break;
          }
          const char = text.charCodeAt(index);
          if (char === 34) {
            if (text.charCodeAt(index + 1) === 34) {
              value += '"';
              index += 2;
              continue;
            }
            index++;
            break;
          }
          if (char === 10 || (char === 13 && text.charCodeAt(index + 1) !== 10)) {
            line++;
            lineStart = index + 1;
          }
          value += text[index];
          index++;
        }
        // Anything between the closing quote and the next comma is kept, as spreadsheets do.
        const restStart = index;
        while (index < length && !isBreakOrComma(text.charCodeAt(index))) index++;
        value += text.slice(restStart, index).trim();
      } else {
        const start = index;
        while (index < length && !isBreakOrComma(text.charCodeAt(index))) index++;
        value = text.slice(start, index).trim();
      }
      const cell: CsvCell = { text: value, offset: cellOffset, line: cellLine, column: cellColumn, length: index - cellOffset };
      if (unterminated) cell.unterminated = true;
      cells.push(cell);
      endOffset = index;
      endLine = line;
      endColumn = index - lineStart + 1;
      if (index < length && text.charCodeAt(index) === 44 /* , */) {
        index++;
        continue;
      }
      break;
    }
    // Consume the line break (\n, \r\n or \r).
    if (index < length) {
      if (text.charCodeAt(index) === 13 && text.charCodeAt(index + 1) === 10) index += 2;
      else index += 1;
      line++;
      lineStart = index;
    }
    // A line of nothing but spaces counts as blank too; a quoted empty cell ("") does not.
    const blank = cells.length === 1 && cells[0].text === '' && text.charCodeAt(cells[0].offset) !== 34;
    if (!blank) records.push({ cells, line: recordLine, endOffset, endLine, endColumn });
  }
  return records;
}

function isBreakOrComma(char: number): boolean {
  return char === 44 || char === 10 || char === 13;
}
