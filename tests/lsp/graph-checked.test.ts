// Issue 12 (editor) against the real checker: hover shapes of output names, block uses and
// merges from the graph the checker builds, and merge completion from the catalogue's merges.
import { describe, expect, it } from 'vitest';
import { completeAt, wordOffset } from './graph-helpers.js';
import { analyzeDocument } from '../../src/lsp/analysis/document.js';
import { hoverAt } from '../../src/lsp/analysis/hover.js';

const SPEC = `block conv_block(filters, rate = 0.1) {
  c = conv2d(filters, 3, padding: same)
  spatial_dropout2d(rate)
}

model m {
  input(shape: [8, 8, 1])
  a = conv_block(16)
  conv_block(8, rate: 0.2)
  flatten()
  h = dense(128)
  dense(128)
  add(h)
  dense(10, activation: softmax)
}
`;

const analysis = analyzeDocument(SPEC);

const offsetOf = (word: string, nth = 0, text = SPEC): number => wordOffset(text, word, nth);

describe('hover from the checked graph', () => {
  it('checks without errors', () => {
    expect(analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('an output name: its shape at the binding and at the merge that reads it', () => {
    expect(hoverAt(analysis, offsetOf('h', 0))?.markdown).toBe('`h`: [128], output of `dense`');
    expect(hoverAt(analysis, offsetOf('h', 1))?.markdown).toBe('`h`: [128], output of `dense`');
  });

  it('a name in a block body: one shape per use', () => {
    expect(hoverAt(analysis, offsetOf('c'))?.markdown).toBe('`c`: output of `conv2d`\n- [8, 8, 16] in the use at line 8\n- [8, 8, 8] in the use at line 9');
  });

  it("a block use's name and callee: the use's output shape", () => {
    expect(hoverAt(analysis, offsetOf('a'))?.markdown).toBe('`a`: [8, 8, 16], output of block `conv_block`');
    expect(hoverAt(analysis, offsetOf('conv_block', 2))?.markdown).toBe('```\nblock conv_block(filters, rate = 0.1)\n```\n\noutput [8, 8, 8]');
  });

  it("a merge: each input's shape", () => {
    expect(hoverAt(analysis, offsetOf('add') + 1)?.markdown).toContain('input (None, 128) -> output (None, 128)\ninputs:\n- `dense_1`: [128]\n- `h`: [128]');
  });
});

describe('completion with the catalogue merges', () => {
  it('`add(|)` and `concatenate(h, |)` offer the names defined before the cursor', () => {
    const complete = (marked: string): string[] => completeAt(marked);
    expect(complete(SPEC.replace('add(h)', 'add(|)'))).toEqual(['a', 'h']);
    const concatenate = complete(SPEC.replace('add(h)', 'concatenate(h, |)'));
    expect(concatenate.slice(0, 2)).toEqual(['a', 'h']);
    expect(concatenate).toContain('axis');
  });
});
