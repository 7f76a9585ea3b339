/**
 * Decorations of the lines in view only, rebuilt after every edit, scroll and analysis: what the
 * colours and the shape hints share, so that a 10,000-line spec costs per keystroke what its
 * visible lines cost.
 */
import { ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import { analysisField } from './analysis-state.js';

/** The extension that keeps `build(view)`'s decorations (made for `view.viewport`) up to date. */
export function viewportDecorations(build: (view: EditorView) => DecorationSet): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = build(view);
      }
      update(update: ViewUpdate): void {
        if (update.docChanged || update.viewportChanged || update.startState.field(analysisField) !== update.state.field(analysisField))
          this.decorations = build(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
