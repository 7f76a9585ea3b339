/**
 * nnspec diagnostics as CodeMirror lint diagnostics: the same codes, messages, labels and quick
 * fixes as `nnspec check`. Pure conversion (no DOM): the page renders the result.
 */
import type { Action, Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import type { Diagnostic, Fix } from '../../../src/diagnostics/diagnostic.js';
import type { SpecEdit } from './spec-edits.js';

/** The changes a quick fix makes, as CodeMirror changes (offsets in the text the diagnostic was computed on). */
export function fixChanges(fix: Fix): SpecEdit[] {
  return fix.edits.map((edit) => ({ from: edit.range.start.offset, to: edit.range.end.offset, insert: edit.newText }));
}

/** The one-line text of a diagnostic, as the problems panel and the tooltip show it: `NN2001 3:5 message`. */
export function problemLine(diagnostic: Diagnostic): string {
  return `${diagnostic.code} ${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.message}`;
}

/**
 * The tooltip text of a diagnostic: its message, the label under the primary span, each secondary
 * label with its line, and the help line, one per line (shown with `white-space: pre-wrap`). The
 * code is the lint diagnostic's `source`, which CodeMirror prints under it.
 */
export function tooltipText(diagnostic: Diagnostic): string {
  return [
    diagnostic.message,
    ...(diagnostic.label ? [`  ${diagnostic.label}`] : []),
    ...(diagnostic.labels ?? []).map((label) => `  line ${label.range.start.line}: ${label.message}`),
    ...(diagnostic.help ? [`help: ${diagnostic.help}`] : []),
  ].join('\n');
}

/** A quick fix as a lint action: applying it dispatches the fix's edits, mapped to where they are now. */
export function fixAction(fix: Fix): Action {
  return {
    name: fix.title,
    apply(view: EditorView) {
      view.dispatch({ changes: fixChanges(fix), userEvent: 'input.quickfix' });
    },
  };
}

/**
 * Converts diagnostics of a text of `length` characters: offsets clamped into the text (a
 * diagnostic at the end of the document points past its last character), severities mapped
 * (`info` stays `info`), each fix an action, and the message carrying labels and help ({@link tooltipText}).
 */
export function toLintDiagnostics(diagnostics: readonly Diagnostic[], length: number): LintDiagnostic[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.file === undefined)
    .map((diagnostic) => {
      const from = Math.min(Math.max(0, diagnostic.range.start.offset), length);
      const to = Math.min(Math.max(from, diagnostic.range.end.offset), length);
      return {
        from,
        to,
        severity: diagnostic.severity,
        source: diagnostic.code,
        message: tooltipText(diagnostic),
        actions: (diagnostic.fixes ?? []).map(fixAction),
      };
    });
}
