import { describe, expect, it } from 'vitest';
import { analysisField } from '../../playground/src/editor/analysis-state.js';
import { completionsAt, toCodeMirrorSnippet, toCompletion } from '../../playground/src/editor/completion.js';
import { EXAMPLES } from '../../playground/src/editor/examples.js';
import { highlightRanges } from '../../playground/src/editor/highlight.js';
import { hoverInfo } from '../../playground/src/editor/hover.js';
import { parseMarkdown } from '../../playground/src/editor/markdown.js';
import { shapeHints } from '../../playground/src/editor/shape-hints.js';
import { stateOf } from './support.js';

const SPIRALS = EXAMPLES.find((example) => example.id === 'spirals')!.text;

/** The text without its `<|>` marker, and the marker's offset. */
function marked(text: string): { text: string; offset: number } {
  return { text: text.replace('<|>', ''), offset: text.indexOf('<|>') };
}

describe('completion', () => {
  it('offers layers in a model body, replacing the word typed, with a CodeMirror snippet and the catalogue doc', () => {
    const { text, offset } = marked(SPIRALS.replace('  dense(3, activation: softmax)', '  de<|>'));
    const { from, entries } = completionsAt(stateOf(text), offset);
    expect(from).toBe(offset - 2);
    const dense = entries.find((entry) => entry.label === 'dense')!;
    expect(dense).toMatchObject({ kind: 'layer', documentation: 'fully connected layer', insertText: 'dense(${1:units})$0' });
    const completion = toCompletion(dense);
    expect(completion).toMatchObject({ label: 'dense', type: 'function' });
    expect(completion.detail).toMatch(/^dense\(units, activation: linear/);
    expect(typeof completion.apply).toBe('function');
  });

  it('offers activations after `activation:`, from the start of the value', () => {
    const { text, offset } = marked(SPIRALS.replace('dense(3, activation: softmax)', 'dense(3, activation: so<|>)'));
    const { from, entries } = completionsAt(stateOf(text), offset);
    expect(from).toBe(offset - 2);
    expect(entries.map((entry) => entry.label)).toContain('softmax');
    expect(entries.every((entry) => entry.kind === 'value' || entry.kind === 'reference')).toBe(true);
  });

  it('offers the declared params as values', () => {
    const { text, offset } = marked(
      `param rate = 0.5\n${SPIRALS.replace('  dense(3, activation: softmax)', '  dropout(<|>)\n  dense(3, activation: softmax)')}`,
    );
    const rate = completionsAt(stateOf(text), offset).entries.find((entry) => entry.label === 'rate' && entry.kind === 'reference');
    expect(rate?.detail).toBe('param rate = 0.5');
  });

  it('turns LSP tab stops into CodeMirror fields', () => {
    expect(toCodeMirrorSnippet('dense(${1:units})$0')).toBe('dense(${1:units})${0}');
    expect(toCodeMirrorSnippet('repeat ${1:2} {\n  $0\n}')).toBe('repeat ${1:2} {\n  ${0}\n}');
  });
});

describe('hover', () => {
  it('describes the layer under the cursor with its shapes and parameter count, spanning the layer', () => {
    const offset = SPIRALS.indexOf('dense(64') + 2;
    const info = hoverInfo(stateOf(SPIRALS), offset)!;
    expect(SPIRALS.slice(info.from, info.to)).toBe('dense(64, activation: relu)');
    expect(info.markdown).toContain('input (None, 2) -> output (None, 64)');
    expect(info.markdown).toContain('192 parameters');
  });

  it('shows a model’s summary on its name, and nothing on blank space', () => {
    const state = stateOf(SPIRALS);
    const name = SPIRALS.indexOf('spiral_net');
    const info = hoverInfo(state, name + 1)!;
    expect({ from: info.from, to: info.to }).toEqual({ from: name, to: name + 'spiral_net'.length });
    expect(info.markdown).toMatch(/^\*\*model spiral_net\*\*/);
    expect(info.markdown).toContain('4,547');
    expect(hoverInfo(state, SPIRALS.indexOf('\n\nmodel') + 1)).toBeUndefined();
  });

  it('is rendered from markdown blocks that keep every line, code spans and code blocks as text', () => {
    expect(parseMarkdown('**dense** `dense_1`\nfully connected <b>x</b>\n\n```\nModel: "m"\n```\n- a\n- `b`')).toEqual([
      {
        kind: 'paragraph',
        inlines: [
          { kind: 'strong', text: 'dense' },
          { kind: 'text', text: ' ' },
          { kind: 'code', text: 'dense_1' },
          { kind: 'break', text: '' },
          { kind: 'text', text: 'fully connected <b>x</b>' },
        ],
      },
      { kind: 'code', text: 'Model: "m"' },
      { kind: 'list', items: [[{ kind: 'text', text: 'a' }], [{ kind: 'code', text: 'b' }]] },
    ]);
  });
});

describe('shape hints', () => {
  it('puts each layer’s output shape and the model’s parameter count at the end of its line', () => {
    const state = stateOf(SPIRALS);
    const hints = shapeHints(state.field(analysisField), state.doc);
    const lineOf = (at: number) => state.doc.lineAt(at);
    expect(hints.map((hint) => ({ line: lineOf(hint.at).text.trim(), atEnd: hint.at === lineOf(hint.at).to, text: hint.text }))).toEqual([
      { line: 'model spiral_net {', atEnd: true, text: '4,547 params' },
      { line: 'dense(64, activation: relu)', atEnd: true, text: '-> [64]' },
      { line: 'dense(3, activation: softmax)', atEnd: true, text: '-> [3]' },
    ]);
  });

  it('follows an edit: a changed unit count changes the hint', () => {
    const state = stateOf(SPIRALS);
    const at = SPIRALS.indexOf('dense(3,') + 6;
    const edited = state.update({ changes: { from: at, to: at + 1, insert: '5' } }).state;
    expect(shapeHints(edited.field(analysisField), edited.doc).map((hint) => hint.text)).toEqual(['4,677 params', '-> [64]', '-> [5]']);
    // The view's lines only: the output layer's line alone has one hint.
    const line = edited.doc.lineAt(at);
    expect(shapeHints(edited.field(analysisField), edited.doc, line.from, line.to).map((hint) => hint.text)).toEqual(['-> [5]']);
  });
});

describe('highlighting', () => {
  it('classifies tokens as the language server does, as offsets', () => {
    const ranges = highlightRanges(stateOf(SPIRALS).field(analysisField));
    const shown = ranges.map((range) => [SPIRALS.slice(range.from, range.to), range.type]);
    expect(shown.slice(2, 9)).toEqual([
      ['data', 'keyword'],
      ['spirals', 'class'],
      ['source', 'property'],
      ['synthetic', 'function'],
      ['spirals', 'function'],
      ['samples', 'property'],
      ['1500', 'number'],
    ]);
    expect(shown).toContainEqual(['relu', 'enumMember']);
    expect(shown).toContainEqual(['repeat', 'keyword']);
  });

  it('colours a window of lines (the view) exactly as the whole document colours them, even inside a block comment', () => {
    const text = `param rate = 0.5\n/* a note\n   over three lines,\n   "with a quote */\n${SPIRALS.replace('dense(3,', 'dropout(rate)\n  dense(3,')}`;
    const analysis = stateOf(text).field(analysisField);
    const whole = highlightRanges(analysis);
    const lines = text.split('\n');
    for (let first = 0; first < lines.length; first += 3) {
      for (const count of [1, 4, 12]) {
        const from = lines.slice(0, first).join('\n').length + (first > 0 ? 1 : 0);
        const to = Math.min(text.length, from + lines.slice(first, first + count).join('\n').length);
        const inWindow = whole.filter((range) => range.to >= from && range.from <= to);
        expect(highlightRanges(analysis, from, to), `lines ${first + 1}..${first + count}`).toEqual(inWindow);
      }
    }
    const comment = whole.filter((range) => range.type === 'comment').map((range) => text.slice(range.from, range.to));
    expect(comment.slice(0, 3)).toEqual(['/* a note', '   over three lines,', '   "with a quote */']);
    expect(whole.filter((range) => text.slice(range.from, range.to) === 'rate').map((range) => range.type)).toEqual(['variable', 'variable']);
  });
});
