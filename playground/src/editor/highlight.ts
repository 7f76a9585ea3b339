/**
 * Highlighting from nnspec's own lexer and semantic tokens (the classes the language server
 * sends), so the page colours exactly what the language means: a param as a variable, a layer as
 * a function, an option key as a property.
 */
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import type { DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import { classifyTokens, graphNameTypes, paramOffsets, type SemanticTokenType } from '../../../src/lsp/analysis/semantic-tokens.js';
import { analysisField } from './analysis-state.js';

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

/** The document's highlighted spans, in order, as offsets (a block comment gives one span per line). */
export function highlightRanges(analysis: DocumentAnalysis): HighlightRange[] {
  const starts = lineStarts(analysis.text);
  return classifyTokens(analysis.tokens(), analysis.text, paramOffsets(analysis.symbols), graphNameTypes(analysis.symbols)).map((token) => {
    const from = starts[token.line]! + token.character;
    return { from, to: from + token.length, type: token.type };
  });
}

const marks = new Map<SemanticTokenType, Decoration>();
function mark(type: SemanticTokenType): Decoration {
  let found = marks.get(type);
  if (!found) marks.set(type, (found = Decoration.mark({ class: `nn-${type}` })));
  return found;
}

function decorations(analysis: DocumentAnalysis): DecorationSet {
  return Decoration.set(
    highlightRanges(analysis).map((range) => mark(range.type).range(range.from, range.to)),
    true,
  );
}

/** Colours the text from its analysis (classes `nn-keyword`, `nn-function`, ... in styles/editor.css). */
export function semanticHighlighting(): Extension {
  return EditorView.decorations.compute([analysisField], (state) => decorations(state.field(analysisField)));
}
