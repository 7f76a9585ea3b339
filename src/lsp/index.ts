/**
 * `nnspec lsp`: the language server over standard input and output. It never trains, and reads
 * data files only when the `checkData` setting asks (their headers, see `data-check.ts`):
 * everything else it answers comes from the parser, the checker and the catalogue.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { nodeDataFileAccess } from './data-files-node.js';
import { serveConnection, type ServerOptions } from './server.js';

export { serveConnection } from './server.js';
export type { ServerOptions } from './server.js';
export { analyzeDocument } from './analysis/document.js';
export { contextAt } from './analysis/context.js';
export { completionsFor } from './analysis/completion.js';
export { hoverAt } from './analysis/hover.js';
export { signatureHelpAt } from './analysis/signature-help.js';
export { inlayHints } from './analysis/inlay-hints.js';
export { outline } from './analysis/outline.js';

/** Starts the server on stdio. */
export function startLanguageServer(options: ServerOptions = {}): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  serveConnection(connection, { dataFiles: nodeDataFileAccess, ...options });
}
