import { closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import type { SpecHost } from '../host.js';
import { wireSharing } from '../share/share-button.js';
import { analysisExtension, analysisField, initialLint } from './analysis-state.js';
import { specCompletion } from './completion.js';
import { EXAMPLES, exampleById } from './examples.js';
import { formatSpec } from './format-command.js';
import { semanticHighlighting } from './highlight.js';
import { specHover } from './hover.js';
import { fixChanges } from './lint-adapter.js';
import { createProblemsPanel, renderProblems } from './problems-panel.js';
import { shapeHintWidgets } from './shape-hints.js';
import { createSliders } from './sliders.js';
import type { SpecEdit } from './spec-edits.js';
import { buildToolbar } from './toolbar.js';

/** The page's console and test handle (docs/playground.md). */
export interface PlaygroundHandle {
  text(): string;
  setText(text: string): void;
  /** Applies one edit and resolves with the milliseconds until its diagnostics were computed and shown. */
  measureEdit(from: number, to: number, insert: string): Promise<number>;
}

declare global {
  interface Window {
    playground?: PlaygroundHandle;
  }
}

/** The seed field's value: a whole number, or undefined when empty (the spec's seed applies). */
function seedOf(input: HTMLInputElement): number | undefined {
  const value = input.value.trim();
  return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
}

/**
 * Builds the toolbar (examples, seed, share, format, docs) and the editor area (CodeMirror,
 * sliders, problems panel) into the page, restores the spec and seed from the URL fragment, and
 * returns the host the training area reads.
 */
export function mountEditorArea(toolbar: HTMLElement, area: HTMLElement): SpecHost {
  const controls = buildToolbar(toolbar);
  const listeners = new Set<(text: string) => void>();
  const problems = createProblemsPanel();
  const editorHost = document.createElement('div');
  editorHost.className = 'nn-editor';
  let view: EditorView;

  const applyEdits = (edits: SpecEdit[]): void => {
    if (edits.length > 0) view.dispatch({ changes: edits, userEvent: 'input.slider' });
  };
  const sliders = createSliders(applyEdits, () => view.state.doc.toString());
  const problemActions = {
    applyFix: (fix: NonNullable<Diagnostic['fixes']>[number]) => {
      view.dispatch({ changes: fixChanges(fix), userEvent: 'input.quickfix' });
      view.focus();
    },
    reveal: (diagnostic: Diagnostic) => {
      const at = Math.min(diagnostic.range.start.offset, view.state.doc.length);
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
  };
  const show = (analysis: DocumentAnalysis): void => {
    renderProblems(problems, analysis.diagnostics, problemActions);
    sliders.update(analysis);
  };

  view = new EditorView({
    parent: editorHost,
    state: EditorState.create({
      doc: EXAMPLES[0]!.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        EditorView.lineWrapping,
        history(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightSelectionMatches(),
        EditorState.tabSize.of(2),
        analysisExtension(),
        lintGutter(),
        semanticHighlighting(),
        shapeHintWidgets(),
        specHover(),
        specCompletion(),
        keymap.of([
          { key: 'Shift-Alt-f', run: formatSpec, preventDefault: true },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          show(update.state.field(analysisField));
          const text = update.state.doc.toString();
          for (const listener of listeners) listener(text);
        }),
      ],
    }),
  });

  const setText = (text: string): void => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.replace' });
  };
  const selectExampleOf = (text: string): void => {
    const index = EXAMPLES.findIndex((example) => example.text === text);
    controls.examples.selectedIndex = index;
  };

  controls.examples.addEventListener('change', () => {
    const example = exampleById(controls.examples.value);
    // Replaces whatever is there as one edit: Ctrl-Z brings the edited text back.
    if (example) setText(example.text);
  });
  controls.format.addEventListener('click', () => {
    formatSpec(view);
    view.focus();
  });
  let statusTimer: ReturnType<typeof setTimeout> | undefined;
  const restored = wireSharing(controls.share, {
    current: () => ({ text: view.state.doc.toString(), seed: seedOf(controls.seed) }),
    restore: (run) => {
      if (run.text !== view.state.doc.toString()) setText(run.text);
      controls.seed.value = run.seed === undefined ? '' : String(run.seed);
      selectExampleOf(run.text);
    },
    tell: (message) => {
      controls.status.textContent = message;
      clearTimeout(statusTimer);
      statusTimer = setTimeout(() => (controls.status.textContent = ''), 2500);
    },
  });
  if (!restored) selectExampleOf(view.state.doc.toString());

  const controlsRow = document.createElement('div');
  controlsRow.className = 'nn-editor-controls';
  controlsRow.append(sliders.element);
  area.replaceChildren(editorHost, controlsRow, problems);
  view.dispatch(initialLint(view.state));
  show(view.state.field(analysisField));

  window.playground = {
    text: () => view.state.doc.toString(),
    setText,
    measureEdit(from, to, insert) {
      const started = performance.now();
      // Synchronous: the transaction analyses the new text and carries its lint diagnostics, and
      // the update listener redraws the problems panel, before dispatch returns.
      view.dispatch({ changes: { from, to, insert }, userEvent: 'input.type' });
      return Promise.resolve(performance.now() - started);
    },
  };
  document.body.dataset.editorReady = 'true';

  return {
    getText: () => view.state.doc.toString(),
    replace: (from, to, insert) => view.dispatch({ changes: { from, to, insert }, userEvent: 'input.host' }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSeed: () => seedOf(controls.seed),
  };
}
