/** A real LSP client over stdio (vscode-jsonrpc) driving `nnspec lsp`, for tests and the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code: string; message: string; range: { start: { line: number; character: number } }; relatedInformation?: unknown[]; data?: unknown }[];
}

/** A running server and a connection to it. */
export class LspClient {
  private readonly waiters: { uri: string; version: number | undefined; resolve: (value: PublishedDiagnostics) => void }[] = [];
  readonly published: PublishedDiagnostics[] = [];

  /** What the server announced in its initialize result. */
  capabilities: Record<string, unknown> = {};

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && (waiter.version === undefined || params.version === waiter.version)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
  }

  /**
   * Spawns the server and completes the initialize handshake. From source (through tsx) by
   * default; `built` runs `nnspec lsp` from dist/, as an editor does (and as benchmarks must:
   * tsx's transform adds a `__name` call to every closure, which slows the parser down by half).
   * `capabilities` are the client capabilities sent in `initialize` (none by default);
   * `initializationOptions` are sent as the editor's (e.g. `{ checkData: true }`).
   */
  static async start(
    debounceMs = 20,
    { built = false, capabilities = {}, initializationOptions = undefined }: { built?: boolean; capabilities?: Record<string, unknown>; initializationOptions?: unknown } = {},
  ): Promise<LspClient> {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const args = built
      ? [path.join(here, '..', '..', 'bin', 'nnspec.js'), 'lsp', '--stdio', '--debounce', String(debounceMs)]
      : ['--import', 'tsx', path.join(here, 'server-main.ts')];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NNSPEC_LSP_DEBOUNCE: String(debounceMs) } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(child, connection);
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions })) as { capabilities: Record<string, unknown> };
    client.capabilities = result.capabilities;
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the next diagnostics published for `uri` (at `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nnspec', version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  /** Shuts the server down the way an editor does and waits for the process to end. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
