import type { CliIo } from './io.js';
import type { SourceFile } from './read-source.js';
import { checkSource } from '../check/index.js';
import { lower } from '../ir/lower.js';
import type { IrDocument } from '../ir/schema.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { escapeControlChars } from '../util/terminal-text.js';

/**
 * Checks and lowers a spec for `compile` and `train`, printing its diagnostics (warnings too)
 * on stderr. Returns the IR documents, or undefined when the spec has errors: those stop the
 * command with exit code 1 before anything is written or trained.
 */
export function compileSourceForCli(source: SourceFile, io: CliIo, color: boolean): IrDocument[] | undefined {
  const checked = checkSource(source.text);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  let documents: IrDocument[] | undefined;
  if (!hasErrors(checked.diagnostics)) {
    const lowered = lower(checked.value);
    diagnostics.push(...lowered.diagnostics);
    if (!hasErrors(lowered.diagnostics)) documents = lowered.value;
  }
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color }));
  if (documents === undefined) {
    const count = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    io.stderr(`${escapeControlChars(source.displayName)}: ${count} error${count === 1 ? '' : 's'}; nothing was compiled or trained\n`);
  }
  return documents;
}
