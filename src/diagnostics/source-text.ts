import type { Position, Range } from './diagnostic.js';

/**
 * Maps offsets of one document to line/column positions and back. Line starts are found in one
 * pass, on the first lookup (an editor makes one per keystroke, and most keystrokes never ask for
 * a position); lookups are binary searches.
 */
export class SourceText {
  readonly text: string;
  private starts: number[] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 10 /* \n */) starts.push(index + 1);
      else if (char === 13 /* \r */ && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** Number of lines (a document with no newline has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset, clamped into the document. Lines and columns start at 1. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return { offset: clamped, line: low + 1, column: clamped - this.lineStarts[low] + 1 };
  }

  /** The offset of a 1-based line and column, clamped into the document. */
  offsetAt(line: number, column: number): number {
    const lineIndex = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    const lineStart = this.lineStarts[lineIndex];
    const lineEnd = this.lineEndOffset(lineIndex + 1);
    return Math.max(lineStart, Math.min(lineStart + column - 1, lineEnd));
  }

  /** The range covering `[start, end)`. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const lineIndex = line - 1;
    if (lineIndex < 0 || lineIndex >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[lineIndex], this.lineEndOffset(line));
  }

  /** The offset just before the line break of a 1-based line. */
  lineEndOffset(line: number): number {
    const lineIndex = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    if (lineIndex === this.lineStarts.length - 1) return this.text.length;
    let end = this.lineStarts[lineIndex + 1] - 1;
    if (this.text.charCodeAt(end) === 10 && end > this.lineStarts[lineIndex] && this.text.charCodeAt(end - 1) === 13) end -= 1;
    return end;
  }
}
