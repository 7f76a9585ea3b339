// Issue 16, defect 13a: the LSP lifecycle over stdio. Before `initialize` a request gets
// ServerNotInitialized (-32002) and a notification is dropped; a second `initialize` is an
// InvalidRequest (-32600); after `shutdown` every request is an InvalidRequest, and `exit` ends
// the process with 0.
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';

const SPEC = 'model m {\n  input(shape: [4])\n  dense(2)\n}\n';
const started: LspClient[] = [];

async function spawnUninitialized(): Promise<LspClient> {
  const client = await LspClient.start(0, { initialize: false });
  started.push(client);
  return client;
}

/** An initialized server with `SPEC` open at `uri` (its diagnostics published). */
async function startWithDocument(uri: string): Promise<LspClient> {
  const client = await LspClient.start(0);
  started.push(client);
  const opened = client.nextDiagnostics(uri, 1);
  await client.open(uri, SPEC);
  await opened;
  return client;
}

afterAll(() => {
  for (const client of started) if (client.child.exitCode === null) client.child.kill();
});

describe('the language server lifecycle', () => {
  it('answers requests before `initialize` with -32002 and drops notifications, then initializes', async () => {
    const client = await spawnUninitialized();
    const uri = 'file:///work/early.nn';
    const early = await client.raw('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    expect(early.result).toBeUndefined();
    expect(early.error).toEqual({ code: -32002, message: 'the server is not initialized: send `initialize` first' });
    expect((await client.raw('shutdown')).error?.code).toBe(-32002);
    // Dropped: the document was never opened, so after initialize it is unknown and gets no diagnostics.
    await client.rawNotify('textDocument/didOpen', { textDocument: { uri, languageId: 'nnspec', version: 1, text: SPEC } });
    const initialized = await client.raw('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(initialized.error).toBeUndefined();
    expect(initialized.result).toMatchObject({ capabilities: { hoverProvider: true }, serverInfo: { name: 'nnspec' } });
    await client.rawNotify('initialized', {});
    expect(await client.request('textDocument/documentSymbol', { textDocument: { uri } })).toEqual([]);
    expect(client.published.filter((published) => published.uri === uri)).toEqual([]);
    // The same notification after initialize is taken.
    const opened = client.nextDiagnostics(uri, 1);
    await client.open(uri, SPEC);
    expect((await opened).diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN2050']);
    expect(await client.stop()).toBe(0);
  });

  it('refuses a second `initialize` with -32600 and keeps the first session', async () => {
    const uri = 'file:///work/twice.nn';
    const client = await startWithDocument(uri);
    const again = await client.raw('initialize', { processId: null, rootUri: null, capabilities: {} });
    expect(again.result).toBeUndefined();
    expect(again.error).toEqual({ code: -32600, message: 'the server is already initialized: `initialize` may be sent only once' });
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((symbol) => symbol.name)).toEqual(['m']);
    expect(await client.stop()).toBe(0);
  });

  it('answers requests after `shutdown` with -32600, drops notifications, and exits with 0 on `exit`', async () => {
    const uri = 'file:///work/late.nn';
    const client = await startWithDocument(uri);
    expect(await client.raw('shutdown')).toEqual({ result: null });
    const late = await client.raw('textDocument/documentSymbol', { textDocument: { uri } });
    expect(late.error).toEqual({ code: -32600, message: 'the server is shutting down: after `shutdown` only `exit` is accepted' });
    expect((await client.raw('shutdown')).error?.code).toBe(-32600);
    expect((await client.raw('initialize', { processId: null, capabilities: {} })).error?.code).toBe(-32600);
    await client.rawNotify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'model {' }] });
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', resolve));
    await client.rawNotify('exit');
    expect(await exited).toBe(0);
    expect(client.published.filter((published) => published.uri === uri).map((published) => published.version)).toEqual([1]);
  });

  it('answers a request cancelled before its turn with RequestCancelled (-32800), without running it', async () => {
    const uri = 'file:///work/cancelled.nn';
    const client = await startWithDocument(uri);
    const hover = { textDocument: { uri }, position: { line: 0, character: 7 } };
    const cancelled = await client.requestCancelledAtOnce('textDocument/hover', hover);
    expect(cancelled).toEqual({ error: { code: -32800, message: 'cancelled by the client before the server started it' } });
    expect((await client.raw('textDocument/hover', hover)).result).toMatchObject({ contents: { kind: 'markdown' } });
    expect(await client.stop()).toBe(0);
  });

  it('exits with 1 on `exit` without `shutdown`, as the specification says', async () => {
    const client = await spawnUninitialized();
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', resolve));
    await client.rawNotify('exit');
    expect(await exited).toBe(1);
  });
});
