/** Ranges and diagnostics between nnspec's form (1-based line/column) and LSP's (0-based). */
import type { Diagnostic as LspDiagnostic, Position as LspPosition, Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Diagnostic, Fix, Position, Range } from '../diagnostics/diagnostic.js';
import { diagnosticDataSchema } from './protocol/params.js';

/** An nnspec position as an LSP position. */
export function toLspPosition(position: Position): LspPosition {
  return { line: position.line - 1, character: position.column - 1 };
}

/** An nnspec range as an LSP range. */
export function toLspRange(range: Range): LspRange {
  return { start: toLspPosition(range.start), end: toLspPosition(range.end) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** A fix as it travels in an LSP diagnostic: its edits in LSP's 0-based positions. */
export interface LspFix {
  title: string;
  edits: LspTextEdit[];
}

/**
 * What nnspec keeps in an LSP diagnostic's `data`: its fixes, for code actions. Their ranges are
 * LSP ranges, like every other range the client sees: a client may apply them as they are.
 */
export interface DiagnosticData {
  fixes: LspFix[];
}

/**
 * The fixes in a diagnostic's `data` as a client sends it back in `textDocument/codeAction`: none
 * when the data is not nnspec's (another tool's diagnostic, or a client that mangled it).
 */
export function fixesIn(data: unknown): LspFix[] {
  const parsed = diagnosticDataSchema.safeParse(data);
  return parsed.success ? (parsed.data.fixes as LspFix[]) : [];
}

/** An nnspec fix with its edits' ranges converted to LSP's. */
export function toLspFix(fix: Fix): LspFix {
  return { title: fix.title, edits: fix.edits.map((edit) => ({ range: toLspRange(edit.range), newText: edit.newText })) };
}

/** An nnspec diagnostic as an LSP diagnostic: code, related locations from labels, help in the message. */
export function toLspDiagnostic(diagnostic: Diagnostic, uri: string): LspDiagnostic {
  const message = diagnostic.help ? `${diagnostic.message}\nhelp: ${diagnostic.help}` : diagnostic.message;
  const data: DiagnosticData = { fixes: (diagnostic.fixes ?? []).map(toLspFix) };
  return {
    range: toLspRange(diagnostic.range),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: `https://github.com/nnspec/nnspec/blob/main/docs/errors/${diagnostic.code}.md` },
    source: 'nnspec',
    message,
    relatedInformation: (diagnostic.labels ?? []).map((label) => DiagnosticRelatedInformation.create({ uri, range: toLspRange(label.range) }, label.message)),
    data,
  };
}
