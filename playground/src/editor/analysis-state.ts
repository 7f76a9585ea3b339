/**
 * The editor's analysis of its own text, kept in the editor state: every change is analysed in
 * the same transaction (`analyzeDocument`, given the previous analysis so it can reuse what the
 * edit left alone), and the lint diagnostics ride along in that transaction, so no view ever
 * shows a text with the diagnostics of another.
 */
import { EditorState, StateEffect, StateField, type Extension, type Transaction } from '@codemirror/state';
import { setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { analyzeDocument, type DocumentAnalysis } from '../../../src/lsp/analysis/document.js';
import { toLintDiagnostics } from './lint-adapter.js';

const analysed = StateEffect.define<DocumentAnalysis>();

/** The analysis of the editor's current text. */
export const analysisField = StateField.define<DocumentAnalysis>({
  create: (state) => analyzeDocument(state.doc.toString()),
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(analysed)) return effect.value;
    // The extender below analyses every document change: this is only reached without it.
    return transaction.docChanged ? analyzeDocument(transaction.newDoc.toString(), value) : value;
  },
});

/** How diagnostics become lint diagnostics (the page passes one that renders them as DOM). */
export type LintConverter = (analysis: DocumentAnalysis) => LintDiagnostic[];

/** The default conversion: text messages, fixes as actions. */
export const plainLint: LintConverter = (analysis) => toLintDiagnostics(analysis.diagnostics, analysis.text.length);

/**
 * The analysis field, and the transaction extender that analyses each changed document and sets
 * its lint diagnostics in the same transaction.
 */
export function analysisExtension(convert: LintConverter = plainLint): Extension {
  return [
    analysisField,
    EditorState.transactionExtender.of((transaction: Transaction) => {
      if (!transaction.docChanged) return null;
      const analysis = analyzeDocument(transaction.newDoc.toString(), transaction.startState.field(analysisField, false));
      const lint = setDiagnostics(transaction.startState, convert(analysis));
      const lintEffects = lint.effects === undefined ? [] : Array.isArray(lint.effects) ? lint.effects : [lint.effects];
      return { effects: [analysed.of(analysis), ...(lintEffects as StateEffect<unknown>[])] };
    }),
  ];
}

/** The transaction spec that shows the first analysis's diagnostics (the extender only sees changes). */
export function initialLint(state: EditorState, convert: LintConverter = plainLint): ReturnType<typeof setDiagnostics> {
  return setDiagnostics(state, convert(state.field(analysisField)));
}
