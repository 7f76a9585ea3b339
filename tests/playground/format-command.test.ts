import { describe, expect, it } from 'vitest';
import { formatWithCursor, mapCursor, minimalEdit } from '../../playground/src/editor/format-command.js';
import { applyEdits } from '../../playground/src/editor/spec-edits.js';

const MESSY = 'model m {\ninput(shape:[2])\n    dense( 3,activation:softmax )\n}\n';

describe('formatting in the editor', () => {
  it('formats as `nnspec fmt` does and keeps the cursor after the same character', () => {
    const cursor = MESSY.indexOf('softmax') + 4;
    const result = formatWithCursor(MESSY, cursor);
    expect(result).toEqual({
      text: 'model m {\n  input(shape: [2])\n  dense(3, activation: softmax)\n}\n',
      cursor: 'model m {\n  input(shape: [2])\n  dense(3, activation: soft'.length,
    });
  });

  it('leaves a text with syntax errors alone, and says when nothing changes', () => {
    expect(formatWithCursor('model m {\n  dense(\n', 3)).toBe('syntax');
    expect(formatWithCursor('model m {\n  input(shape: [2])\n}\n', 3)).toBe('unchanged');
  });

  it('maps a cursor at the start and at the end', () => {
    expect(mapCursor('  a b', 'a b', 0)).toBe(0);
    expect(mapCursor('a  b  ', 'a b\n', 6)).toBe(3);
  });

  it('edits only the span that differs', () => {
    const before = 'model m {\ninput(shape:[2])\n}\n';
    const after = 'model m {\n  input(shape: [2])\n}\n';
    const edit = minimalEdit(before, after)!;
    expect(edit).toEqual({ from: 10, to: 22, insert: '  input(shape: ' });
    expect(applyEdits(before, [edit])).toBe(after);
    expect(minimalEdit(after, after)).toBeUndefined();
  });
});
