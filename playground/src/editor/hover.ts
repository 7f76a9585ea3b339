/**
 * Hover: the language server's hover text (`hoverAt`: a layer's doc, input and output shapes and
 * parameter count; a model's summary; a param's uses), rendered as DOM built from text.
 */
import { hoverTooltip, type Tooltip } from '@codemirror/view';
import type { EditorState, Extension } from '@codemirror/state';
import { hoverAt } from '../../../src/lsp/analysis/hover.js';
import { analysisField } from './analysis-state.js';
import { renderMarkdown } from './markdown.js';

/** The hover at `offset` of the editor's text: its span and markdown, or undefined. */
export function hoverInfo(state: EditorState, offset: number): { from: number; to: number; markdown: string } | undefined {
  const hover = hoverAt(state.field(analysisField), offset);
  if (!hover) return undefined;
  return { from: hover.range.start.offset, to: hover.range.end.offset, markdown: hover.markdown };
}

/** The hover tooltip extension. */
export function specHover(): Extension {
  return hoverTooltip((view, offset): Tooltip | null => {
    const info = hoverInfo(view.state, offset);
    if (!info) return null;
    return { pos: info.from, end: info.to, above: true, create: () => ({ dom: renderMarkdown(info.markdown, 'nn-hover') }) };
  });
}
