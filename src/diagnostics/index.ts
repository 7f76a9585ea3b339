export type { Diagnostic, Fix, Label, Position, Range, Severity, StageResult, TextEdit } from './diagnostic.js';
export { hasErrors, sortDiagnostics } from './diagnostic.js';
export { SourceText } from './source-text.js';
export { renderDiagnostic, renderDiagnostics, tallyDiagnostics } from './render-terminal.js';
export type { TerminalRenderOptions } from './render-terminal.js';
export { toJsonDiagnostics } from './render-json.js';
export type { JsonFileDiagnostics } from './render-json.js';
export { DIAGNOSTIC_CODES, describeCode } from './codes/index.js';
export type { DiagnosticCodeInfo } from './codes/index.js';
