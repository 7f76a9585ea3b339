/** A real LSP client over stdio (vscode-jsonrpc) driving `nnspec lsp`, for tests and the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type Message, type MessageConnection } from 'vscode-jsonrpc/node.js';

/** The answer to a request sent with {@link LspClient.raw}: exactly what the server wrote. */
export interface RawResponse {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code: string; message: string; range: { start: { line: number; character: number } }; relatedInformation?: unknown[]; data?: unknown }[];
}

/** A running server and a connection to it. */
export class LspClient {
  private readonly waiters: { uri: string; version: number | undefined; resolve: (value: PublishedDiagnostics) => void }[] = [];
  readonly published: PublishedDiagnostics[] = [];
  /** Every `window/logMessage` the server sent (its log in the editor). */
  readonly logs: string[] = [];
  /** Every `window/showMessage` the server sent (what the editor pops up). */
  readonly shown: { type: number; message: string }[] = [];
  /** What the server wrote to standard error (also forwarded to the test's). */
  stderr = '';
  private readonly rawWaiters = new Map<string, (response: RawResponse) => void>();
  private rawRequests = 0;
  private writer!: StreamMessageWriter;

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
    connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => this.shown.push(params));
  }

  /**
   * Spawns the server and completes the initialize handshake. From source (through tsx) by
   * default; `built` runs `nnspec lsp` from dist/, as an editor does (and as benchmarks must:
   * tsx's transform adds a `__name` call to every closure, which slows the parser down by half).
   * `capabilities` are the client capabilities sent in `initialize` (none by default);
   * `initializationOptions` are sent as the editor's (e.g. `{ checkData: true }`).
   * `initialize: false` spawns the server without the handshake (to test what comes before it).
   */
  static async start(
    debounceMs = 20,
    {
      built = false,
      capabilities = {},
      initializationOptions = undefined,
      initialize = true,
    }: { built?: boolean; capabilities?: Record<string, unknown>; initializationOptions?: unknown; initialize?: boolean } = {},
  ): Promise<LspClient> {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const args = built
      ? [path.join(here, '..', '..', 'bin', 'nnspec.js'), 'lsp', '--stdio', '--debounce', String(debounceMs)]
      : ['--import', 'tsx', path.join(here, 'server-main.ts')];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NNSPEC_LSP_DEBOUNCE: String(debounceMs) } });
    let client: LspClient | undefined;
    // Answers to raw requests (string ids `raw-N`, which the connection never uses) go to their waiters.
    const messageStrategy = {
      handleMessage(message: Message, next: (message: Message) => void): void {
        const id = (message as { id?: unknown }).id;
        const waiter = typeof id === 'string' ? client?.rawWaiters.get(id) : undefined;
        if (waiter === undefined) {
          next(message);
          return;
        }
        client!.rawWaiters.delete(id as string);
        const { result, error } = message as RawResponse;
        waiter('error' in message ? { error: error! } : { result });
      },
    };
    const writer = new StreamMessageWriter(child.stdin!);
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), writer, undefined, { messageStrategy });
    connection.listen();
    client = new LspClient(child, connection);
    client.writer = writer;
    const started = client;
    child.stderr!.on('data', (chunk: Buffer) => {
      started.stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    if (!initialize) return client;
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions })) as {
      capabilities: Record<string, unknown>;
    };
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

  /**
   * Sends a request whose `params` go on the wire exactly as given (`null`, an array, a
   * number; `undefined` leaves the member out) and resolves with the server's raw answer.
   */
  raw(method: string, params?: unknown): Promise<RawResponse> {
    const id = `raw-${(this.rawRequests += 1)}`;
    const answered = new Promise<RawResponse>((resolve) => this.rawWaiters.set(id, resolve));
    void this.writer.write({ jsonrpc: '2.0', id, method, params } as Message);
    return answered;
  }

  /**
   * Sends a request and its `$/cancelRequest` in one write, so that the server reads both before
   * it dispatches the request. Call it when nothing else is being sent.
   */
  requestCancelledAtOnce(method: string, params: unknown): Promise<RawResponse> {
    const id = `raw-${(this.rawRequests += 1)}`;
    const answered = new Promise<RawResponse>((resolve) => this.rawWaiters.set(id, resolve));
    const frame = (message: object): string => {
      const body = JSON.stringify(message);
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    this.child.stdin!.write(frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
    return answered;
  }

  /** Sends a notification whose `params` go on the wire exactly as given. */
  rawNotify(method: string, params?: unknown): Promise<void> {
    return this.writer.write({ jsonrpc: '2.0', method, params } as Message);
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
