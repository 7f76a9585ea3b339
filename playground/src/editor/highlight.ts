/**
 * Highlighting from nnspec's own lexer and semantic tokens (the classes the language server
 * sends), so the page colours exactly what the language means: a param as a variable, a layer as
 * a function, an option key as a property. Only the lines in view are lexed and classified, after
 * every edit and scroll: lexing a whole 10,000-line spec costs tens of milliseconds, the view's
 * lines well under one.
 */
import { Decoration, type DecorationSet, type EditorView } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import type { DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import { classifyTokens, graphNameTypes, paramOffsets, type SemanticTokenType } from '../../../src/lsp/analysis/semantic-tokens.js';
import { tokenize } from '../../../src/syntax/index.js';
import { analysisField } from './analysis-state.js';
import { viewportDecorations } from './view-decorations.js';

/** One highlighted span: `[from, to)` and its semantic token type. */
export interface HighlightRange {
  from: number;
  to: number;
  type: SemanticTokenType;
}

/** The offset of each line's first character. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The start of the line holding `offset`. */
function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Where lexing may start so that `from` is lexed as in the whole text: a line start (strings and
 * line comments never cross lines), one line early so that a name's previous token (`model`)
 * is seen, or the line of an unclosed `/*` before it (block comments do cross lines; a `/*` that
 * is really inside a string or line comment only makes the slice a little longer).
 */
export function safeLexStart(text: string, from: number): number {
  let start = lineStartOf(text, lineStartOf(text, from) - 1);
  const opened = text.lastIndexOf('/*', start);
  if (opened !== -1 && text.lastIndexOf('*/', start) < opened) start = lineStartOf(text, opened);
  return start;
}

/**
 * The highlighted spans of the lines that `[from, to)` touches (the whole document by default), in
 * order, as offsets (a block comment gives one span per line).
 */
export function highlightRanges(analysis: DocumentAnalysis, from = 0, to = analysis.text.length): HighlightRange[] {
  const text = analysis.text;
  const start = safeLexStart(text, Math.min(from, text.length));
  const lineEnd = text.indexOf('\n', Math.min(to, text.length));
  const end = lineEnd === -1 ? text.length : lineEnd;
  const slice = text.slice(start, end);
  const variables = new Set([...paramOffsets(analysis.symbols)].filter((offset) => offset >= start && offset < end).map((offset) => offset - start));
  const graphNames = new Map(
    [...graphNameTypes(analysis.symbols)].filter(([offset]) => offset >= start && offset < end).map(([offset, type]) => [offset - start, type]),
  );
  const starts = lineStarts(slice);
  const ranges: HighlightRange[] = [];
  for (const token of classifyTokens(tokenize(slice), slice, variables, graphNames)) {
    const at = start + starts[token.line]! + token.character;
    if (at + token.length < from || at > to) continue;
    ranges.push({ from: at, to: at + token.length, type: token.type });
  }
  return ranges;
}

/** One mark decoration per token type (`nn-keyword`, `nn-function`, ...), shared by every span. */
const marks = new Map<SemanticTokenType, Decoration>();
function mark(type: SemanticTokenType): Decoration {
  let found = marks.get(type);
  if (!found) marks.set(type, (found = Decoration.mark({ class: `nn-${type}` })));
  return found;
}

function decorations(view: EditorView): DecorationSet {
  const analysis = view.state.field(analysisField);
  const { from, to } = view.viewport;
  return Decoration.set(
    highlightRanges(analysis, from, to).map((range) => mark(range.type).range(range.from, range.to)),
    true,
  );
}

/** The extension: the lines in view coloured from the editor's current analysis, again after every edit and scroll. */
export function semanticHighlighting(): Extension {
  return viewportDecorations(decorations);
}
