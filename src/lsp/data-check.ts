/**
 * The language server's opt-in `checkData` setting: when on, the diagnostics of a `file:`
 * document also hold what `nnspec check --data` finds in its data files (read from the
 * document's folder, headers only). Off by default: editing a spec never reads data unless asked.
 * Turned on by the initialization option `{ "checkData": true }` or the workspace setting
 * `nnspec.checkData` (sent in `workspace/didChangeConfiguration` as `{ "nnspec": { "checkData": true } }`).
 */
import { DiagnosticRelatedInformation, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { DOCUMENT_START, type Diagnostic } from '../diagnostics/diagnostic.js';
import { probeData, type DataHeadReader } from '../train/data/probe.js';
import type { DocumentAnalysis } from './analysis/document.js';
import { toLspDiagnostic, toLspRange } from './convert.js';

/** How the server reaches data files: given by the Node entry point, absent elsewhere (then data is never checked). */
export interface DataFileAccess {
  readHead: DataHeadReader;
  /** The folder of a document, for a `file:` URI; `undefined` for any other scheme (`untitled:`), which is not probed. */
  folderOf(uri: string): string | undefined;
  /** A path written in a spec, resolved against the document's folder. */
  resolve(path: string, folder: string): string;
  /** The `file:` URI of a resolved path, for related information that opens the data file. */
  uriOf(path: string): string;
}

/** `checkData` of an object (`initializationOptions`, or the `nnspec` section of the settings), if it is a boolean. */
function checkDataOf(options: unknown): boolean | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const value = (options as Record<string, unknown>).checkData;
  return typeof value === 'boolean' ? value : undefined;
}

/** The setting and the data diagnostics it turns on, for one server. */
export class DataCheck {
  private enabled = false;

  constructor(private readonly access: DataFileAccess | undefined) {}

  /** Reads `initializationOptions.checkData`. */
  initialize(initializationOptions: unknown): void {
    this.enabled = checkDataOf(initializationOptions) ?? false;
  }

  /** Reads `settings.nnspec.checkData` from a configuration change; true when the setting changed (re-publish then). */
  configure(settings: unknown): boolean {
    const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>).nnspec : undefined;
    const value = checkDataOf(section);
    if (value === undefined || value === this.enabled) return false;
    this.enabled = value;
    return true;
  }

  /**
   * The data diagnostics of a document, placed in it: a problem inside a data file (a CSV
   * header, an IDX header) is shown at the name of the data block that reads the file, with the
   * place in the file as related information. Empty when the setting is off or the document is
   * not a `file:` one.
   */
  async diagnosticsFor(uri: string, analysis: DocumentAnalysis): Promise<LspDiagnostic[]> {
    const folder = this.enabled ? this.access?.folderOf(uri) : undefined;
    if (this.access === undefined || folder === undefined) return [];
    const access = this.access;
    const probe = await probeData(analysis.program, {
      readHead: access.readHead,
      resolvePath: (path) => access.resolve(path, folder),
      specText: analysis.text,
    });
    return probe.diagnostics.map((diagnostic) => {
      if (diagnostic.file === undefined) return toLspDiagnostic(diagnostic, uri);
      const inDocument: Diagnostic = {
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.message,
        range: probe.anchors.get(diagnostic) ?? DOCUMENT_START,
      };
      if (diagnostic.help !== undefined) inDocument.help = diagnostic.help;
      const converted = toLspDiagnostic(inDocument, uri);
      converted.relatedInformation = [
        DiagnosticRelatedInformation.create(
          { uri: access.uriOf(diagnostic.file), range: toLspRange(diagnostic.range) },
          diagnostic.label ?? `in \`${diagnostic.file}\``,
        ),
      ];
      return converted;
    });
  }
}
