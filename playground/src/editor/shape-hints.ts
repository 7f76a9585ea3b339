/**
 * Each layer's output shape, and each model's parameter count, shown dimmed at the end of its
 * line: the language server's inlay hints (`inlayHints`), placed as widgets.
 */
import { Decoration, WidgetType, type DecorationSet, type EditorView } from '@codemirror/view';
import type { Extension, Text } from '@codemirror/state';
import type { DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import { inlayHints } from '../../../src/lsp/analysis/inlay-hints.js';
import { analysisField } from './analysis-state.js';
import { viewportDecorations } from './view-decorations.js';

/** One line's hint: the offset of the line's end and the text shown there. */
export interface ShapeHint {
  at: number;
  text: string;
}

/**
 * The hints of a document, one per line, at the end of the line: `-> [64]` after a layer,
 * `8,771 params` after a model's header. Several hints on one line are joined with commas.
 */
export function shapeHints(analysis: DocumentAnalysis, doc: Text, from = 0, to = doc.length): ShapeHint[] {
  const byLine = new Map<number, string[]>();
  for (const hint of inlayHints(analysis, from, to)) {
    if (hint.position.offset > doc.length) continue;
    const line = doc.lineAt(hint.position.offset);
    const text = hint.label.replace(/^\s*:\s*/, '').trim();
    byLine.set(line.to, [...(byLine.get(line.to) ?? []), text]);
  }
  return [...byLine].map(([at, texts]) => ({ at, text: texts.join(', ') }));
}

class HintWidget extends WidgetType {
  constructor(readonly text: string) {
    super();
  }
  override eq(other: HintWidget): boolean {
    return other.text === this.text;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'nn-shape-hint';
    span.textContent = this.text;
    return span;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

function decorations(view: EditorView): DecorationSet {
  const { from, to } = view.viewport;
  return Decoration.set(
    shapeHints(view.state.field(analysisField), view.state.doc, from, to).map((hint) =>
      Decoration.widget({ widget: new HintWidget(hint.text), side: 1 }).range(hint.at),
    ),
  );
}

/** The shape hints of the lines in view as widget decorations, again after every edit and scroll. */
export function shapeHintWidgets(): Extension {
  return viewportDecorations(decorations);
}
