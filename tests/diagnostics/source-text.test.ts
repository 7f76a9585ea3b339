import { describe, expect, it } from 'vitest';
import { SourceText } from '../../src/diagnostics/source-text.js';

describe('SourceText', () => {
  it('maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r line breaks', () => {
    const text = new SourceText('ab\ncd\r\nef\rgh');
    expect(text.lineCount).toBe(4);
    expect(text.positionAt(0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(text.positionAt(3)).toEqual({ offset: 3, line: 2, column: 1 });
    expect(text.positionAt(7)).toEqual({ offset: 7, line: 3, column: 1 });
    expect(text.positionAt(10)).toEqual({ offset: 10, line: 4, column: 1 });
    expect(text.lineText(2)).toBe('cd');
    expect(text.lineText(3)).toBe('ef');
    expect(text.lineText(4)).toBe('gh');
  });

  it('clamps offsets outside the document and round-trips line/column to offsets', () => {
    const text = new SourceText('model m {\n  dense(3)\n}');
    expect(text.positionAt(-5)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(text.positionAt(1000)).toEqual({ offset: 22, line: 3, column: 2 });
    for (let offset = 0; offset <= text.text.length; offset++) {
      const { line, column } = text.positionAt(offset);
      expect(text.offsetAt(line, column)).toBe(offset);
    }
  });

  it('treats an empty document as one empty line', () => {
    const text = new SourceText('');
    expect(text.lineCount).toBe(1);
    expect(text.lineText(1)).toBe('');
    expect(text.rangeOf(0, 0)).toEqual({ start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });
  });
});
