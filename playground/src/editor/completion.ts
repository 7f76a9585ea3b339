/**
 * Completion from the language server's rules (`contextAt` + `completionsFor`): layers, options,
 * values and declared names, each with its one-line doc from the catalogue.
 */
import { autocompletion, snippet, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { EditorState, Extension } from '@codemirror/state';
import { defaultCatalogueView } from '../../../src/catalogue/catalogue.js';
import { completionsFor, type CompletionEntry } from '../../../src/lsp/analysis/completion.js';
import { contextAt } from '../../../src/lsp/analysis/context.js';
import { analysisField } from './analysis-state.js';
import { renderMarkdown } from './markdown.js';

/** CodeMirror's icon type for each kind of entry. */
const TYPE_OF: Record<CompletionEntry['kind'], string> = {
  keyword: 'keyword',
  layer: 'function',
  parameter: 'property',
  value: 'enum',
  reference: 'variable',
  function: 'function',
};

/**
 * An LSP snippet (`dense(${1:units})$0`) in CodeMirror's snippet syntax, which has no bare `$N`
 * tab stops: `$0` becomes `${0}` (CodeMirror, like LSP, puts field 0 last).
 */
export function toCodeMirrorSnippet(lspSnippet: string): string {
  return lspSnippet.replace(/\$(\d+)/g, '${$1}');
}

/** The completions at `offset` of the editor's text, and where the word being typed starts. */
export function completionsAt(state: EditorState, offset: number): { from: number; entries: CompletionEntry[] } {
  const analysis = state.field(analysisField);
  const text = state.doc.sliceString(Math.max(0, offset - 200), offset);
  const word = /[A-Za-z_][\w.]*$/.exec(text)?.[0] ?? '';
  const context = contextAt(analysis.tokens(), offset);
  const metrics = [...new Set(analysis.program.trains.flatMap((train) => train.metrics))];
  const trained = analysis.spec.declarations.flatMap((declaration) => (declaration.kind === 'train' && declaration.model ? [declaration.model.name] : []));
  const entries = completionsFor(context, analysis.symbols, metrics, defaultCatalogueView(), trained, { graph: analysis.graph, offset });
  return { from: offset - word.length, entries };
}

/** One entry as a CodeMirror completion: its label, icon, detail, doc and what it inserts. */
export function toCompletion(entry: CompletionEntry): Completion {
  const completion: Completion = { label: entry.label, type: TYPE_OF[entry.kind] };
  if (entry.detail) completion.detail = entry.detail;
  const documentation = entry.documentation;
  if (documentation) completion.info = () => renderMarkdown(documentation, 'nn-completion-info');
  if (entry.insertText) completion.apply = entry.snippet ? snippet(toCodeMirrorSnippet(entry.insertText)) : entry.insertText;
  return completion;
}

function source(context: CompletionContext): CompletionResult | null {
  const { from, entries } = completionsAt(context.state, context.pos);
  // Nothing typed yet: only when asked (Ctrl-Space) or right after a `(`, `:` or `,`.
  const trigger = context.state.doc.sliceString(Math.max(0, context.pos - 1), context.pos);
  if (from === context.pos && !context.explicit && !/[(:,]/.test(trigger)) return null;
  if (entries.length === 0) return null;
  return { from, options: entries.map(toCompletion), validFor: /^[\w.]*$/ };
}

/** The completion extension. */
export function specCompletion(): Extension {
  return autocompletion({ override: [source], icons: true });
}
