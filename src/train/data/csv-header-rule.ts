/**
 * Whether a file read as CSV looks like one, decided from its header row alone, before any
 * diagnostic quotes the file. A data path may name any file (`/etc/passwd`,
 * `/proc/self/environ`); messages, help lines and code frames show a file's lines, cells and
 * column names only once the file passes this rule, so a file that is not a CSV is never echoed
 * back. The rule (docs/data.md, "What messages quote"):
 *
 * - the header row splits into at least 2 cells at `,` (outside quotes), or its one cell is the
 *   label column the spec names;
 * - no header cell holds a control character (U+0000 to U+001F but tab, and U+007F): text files
 *   of names have none, binary and NUL-separated files (`environ`) do;
 * - no header cell is longer than {@link MAX_COLUMN_NAME} characters.
 *
 * Browser-safe.
 */

/** The longest header cell a file may have and still be taken for a CSV file's column name. */
export const MAX_COLUMN_NAME = 256;

/**
 * What keeps `cells` (the header row's) from being a CSV header, as a phrase that quotes
 * nothing of the file ("its first line has no `,`"); `undefined` when it looks like one.
 */
export function headerProblem(cells: readonly { text: string; unterminated?: true }[], label: string): string | undefined {
  // A header cell that opens a quote and never closes it swallowed the whole file.
  if (cells.some((cell) => cell.unterminated)) return 'its first line opens a quote that is never closed';
  for (const { text: name } of cells) {
    for (let index = 0; index < name.length; index++) {
      const code = name.charCodeAt(index);
      if ((code < 0x20 && code !== 0x09) || code === 0x7f)
        return `its first line holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    }
    if (name.length > MAX_COLUMN_NAME) return `its first line has a field of ${name.length} characters, longer than a column name (at most ${MAX_COLUMN_NAME})`;
  }
  if (cells.length < 2 && cells[0]?.text !== label) return 'its first line has no `,`';
  return undefined;
}
