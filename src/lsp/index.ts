/**
 * `nnspec lsp`: the language server over standard input and output. It never trains, and reads
 * data files only when the `checkData` setting asks (their headers, see `data-check.ts`):
 * everything else it answers comes from the parser, the checker and the catalogue.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node.js';
import { nodeDataFileAccess } from './data-files-node.js';
import { cancelQueuedRequests } from './protocol/cancellation.js';
import { ProtocolGate } from './protocol/gate.js';
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

/**
 * Starts the server on stdio. Every message passes the {@link ProtocolGate} first (lifecycle and
 * params); the server ends when the client sends `exit` or closes its end of the pipe.
 */
export function startLanguageServer(options: ServerOptions = {}): void {
  const writer = new StreamMessageWriter(process.stdout);
  const gate = new ProtocolGate(new StreamMessageReader(process.stdin), writer);
  // Given streams, vscode-languageserver would exit when stdin ends; given a reader, it leaves that
  // to us. The exit code is the one `exit` gives: 0 after `shutdown`, else 1.
  const exitWithClient = (): never => process.exit(gate.state === 'shut down' ? 0 : 1);
  process.stdin.on('end', exitWithClient);
  process.stdin.on('close', exitWithClient);
  const connection = createConnection(ProposedFeatures.all, gate, writer, { connectionStrategy: cancelQueuedRequests });
  serveConnection(connection, { dataFiles: nodeDataFileAccess, ...options });
}
