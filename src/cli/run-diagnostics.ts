import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from './io.js';
import type { SourceFile } from './read-source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';

/**
 * Prints diagnostics from a training run: data errors may point into a data file (`file`), whose
 * line is shown when it can be read as text; the others point into the spec.
 */
export function renderRunDiagnostics(diagnostics: readonly Diagnostic[], source: SourceFile, io: CliIo, color: boolean): void {
  if (diagnostics.length === 0) return;
  const sourceOf = (file: string): string | undefined => {
    try {
      const resolved = path.resolve(source.baseDir, file);
      // Only a regular file is read back for its lines: a device (`/dev/zero`) or a FIFO named as
      // data would never end, or block, and its diagnostic says so without a frame.
      if (!statSync(resolved).isFile()) return undefined;
      const text = readFileSync(resolved, 'utf8');
      // A gzip or IDX file is binary: show the location only.
      return text.includes('\u0000') ? undefined : text;
    } catch {
      return undefined;
    }
  };
  io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color, sourceOf }));
}
