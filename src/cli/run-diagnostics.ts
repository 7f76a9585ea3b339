import path from 'node:path';
import type { CliIo } from './io.js';
import type { SourceFile } from './read-source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { readTextToShow } from '../train/data/read-file-node.js';

/**
 * Prints diagnostics from a training run: data errors may point into a data file (`file`), whose
 * line is shown when it can be read as text; the others point into the spec.
 */
export function renderRunDiagnostics(diagnostics: readonly Diagnostic[], source: SourceFile, io: CliIo, color: boolean): void {
  if (diagnostics.length === 0) return;
  // A binary file (gzip, IDX), a device, a FIFO or a file too large gives no text: the location only.
  const sourceOf = (file: string): string | undefined => readTextToShow(path.resolve(source.baseDir, file));
  io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color, sourceOf }));
}
