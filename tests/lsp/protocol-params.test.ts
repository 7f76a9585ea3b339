// Issue 16, defect 13b (and the server's side of defect 9): malformed params, over stdio.
// Every request the server handles, given a table of broken params, gets InvalidParams (-32602)
// naming the bad field, or, for well-formed params about an unknown document or a place outside
// it, the protocol's "nothing"; a notification with broken params is dropped with one log line.
// The server answers a good request after each, and no stack trace reaches the client's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, type RawResponse } from './client.js';

const URI = 'file:///work/params.nn';
const UNKNOWN = 'file:///work/never-opened.nn';
const SPEC = `data digits {
  source: builtin.digits
}

model mlp {
  input(shape: [64])
  dense(10, activation: softmax)
}

train mlp on digits {
  loss: categorical_crossentropy
  optimizer: adam()
  epochs: 1
}
`;
const MESSY = 'model m {input(shape:[4])}\n';
const FORMATTED = 'model m {\n  input(shape: [4])\n}\n';

const at = (line: number, character: number) => ({ line, character });
const range = (start: { line: number; character: number }, end: { line: number; character: number }) => ({ start, end });
const HOVER_MLP = { textDocument: { uri: URI }, position: at(4, 7) };

/** Broken variants of `good` (a request's params), each with the field its error must name. */
function brokenPositionParams(good: Record<string, unknown>): [string, unknown, string][] {
  return [
    ['null params', null, '`params` must be an object (got null)'],
    ['params by position', [good], '`params` must be an object'],
    ['a number as params', 7, '`params` must be an object (got 7)'],
    ['no textDocument', { ...good, textDocument: undefined }, '`params.textDocument` is missing'],
    ['textDocument null', { ...good, textDocument: null }, '`params.textDocument` must be an object (got null)'],
    ['uri a number', { ...good, textDocument: { uri: 42 } }, '`params.textDocument.uri` must be a string (got 42)'],
    ['uri empty', { ...good, textDocument: { uri: '' } }, '`params.textDocument.uri` must be a URI'],
    ['no position', { ...good, position: undefined }, '`params.position` is missing'],
    ['negative line', { ...good, position: at(-1, 0) }, '`params.position.line` must be an integer from 0 to 2147483647 (got -1)'],
    ['negative character', { ...good, position: at(0, -5) }, '`params.position.character` must be an integer from 0 to 2147483647 (got -5)'],
    ['huge line', { ...good, position: at(1e308, 0) }, '`params.position.line` must be an integer from 0 to 2147483647 (got 1e+308)'],
    ['line past uinteger', { ...good, position: at(2 ** 31, 0) }, '`params.position.line` must be an integer from 0 to 2147483647 (got 2147483648)'],
    ['fractional character', { ...good, position: at(0, 0.5) }, '`params.position.character` must be an integer from 0 to 2147483647 (got 0.5)'],
    ['line a string', { ...good, position: { line: '3', character: 0 } }, '`params.position.line` must be an integer from 0 to 2147483647 (got "3")'],
    ['position an array', { ...good, position: [0, 0] }, '`params.position` must be an object (got [0,0])'],
  ];
}

function brokenDocumentParams(good: Record<string, unknown>): [string, unknown, string][] {
  return brokenPositionParams(good).filter(([name]) => !/line|character|position/.test(name));
}

function brokenRangeParams(good: Record<string, unknown>): [string, unknown, string][] {
  return [
    ...brokenDocumentParams(good),
    ['no range', { ...good, range: undefined }, '`params.range` is missing'],
    ['inverted range', { ...good, range: range(at(5, 0), at(1, 0)) }, '`params.range` ends before it starts (`end` is before `start`)'],
    ['inverted on a line', { ...good, range: range(at(2, 9), at(2, 3)) }, '`params.range` ends before it starts'],
    ['negative start', { ...good, range: range(at(-2, 0), at(1, 0)) }, '`params.range.start.line` must be an integer from 0 to 2147483647 (got -2)'],
    ['end not a position', { ...good, range: { start: at(0, 0), end: 'eof' } }, '`params.range.end` must be an object (got "eof")'],
  ];
}

interface MethodCase {
  method: string;
  good: Record<string, unknown>;
  /** The answer for well-formed params about a document the server does not have. */
  unknown: unknown;
  broken: [string, unknown, string][];
}

const position = { textDocument: { uri: URI }, position: at(5, 4) };
const wholeDocument = { textDocument: { uri: URI } };
const hintRange = { textDocument: { uri: URI }, range: range(at(0, 0), at(14, 0)) };
const actionParams = { textDocument: { uri: URI }, range: range(at(0, 0), at(0, 1)), context: { diagnostics: [] } };

const METHODS: MethodCase[] = [
  { method: 'textDocument/completion', good: position, unknown: [], broken: brokenPositionParams(position) },
  { method: 'textDocument/signatureHelp', good: position, unknown: null, broken: brokenPositionParams(position) },
  { method: 'textDocument/hover', good: position, unknown: null, broken: brokenPositionParams(position) },
  { method: 'textDocument/definition', good: position, unknown: null, broken: brokenPositionParams(position) },
  {
    method: 'textDocument/references',
    good: { ...position, context: { includeDeclaration: true } },
    unknown: [],
    broken: [
      ...brokenPositionParams({ ...position, context: { includeDeclaration: true } }),
      ['no context', position, '`params.context` is missing'],
      [
        'includeDeclaration a string',
        { ...position, context: { includeDeclaration: 'yes' } },
        '`params.context.includeDeclaration` must be true or false (got "yes")',
      ],
    ],
  },
  { method: 'textDocument/prepareRename', good: position, unknown: null, broken: brokenPositionParams(position) },
  {
    method: 'textDocument/rename',
    good: { ...position, newName: 'renamed' },
    unknown: null,
    broken: [
      ...brokenPositionParams({ ...position, newName: 'renamed' }),
      ['no newName', position, '`params.newName` is missing'],
      ['newName a number', { ...position, newName: 3 }, '`params.newName` must be a string (got 3)'],
    ],
  },
  { method: 'textDocument/inlayHint', good: hintRange, unknown: [], broken: brokenRangeParams(hintRange) },
  { method: 'textDocument/documentSymbol', good: wholeDocument, unknown: [], broken: brokenDocumentParams(wholeDocument) },
  {
    method: 'textDocument/formatting',
    good: { ...wholeDocument, options: { tabSize: 2, insertSpaces: true } },
    unknown: [],
    broken: brokenDocumentParams(wholeDocument),
  },
  {
    method: 'textDocument/codeAction',
    good: actionParams,
    unknown: [],
    broken: [
      ...brokenRangeParams(actionParams),
      ['no context', { ...actionParams, context: undefined }, '`params.context` is missing'],
      ['diagnostics not a list', { ...actionParams, context: { diagnostics: 'all' } }, '`params.context.diagnostics` must be an array (got "all")'],
      ['a diagnostic without a range', { ...actionParams, context: { diagnostics: [{ message: 'x' }] } }, '`params.context.diagnostics[0].range` is missing'],
    ],
  },
  { method: 'textDocument/semanticTokens/full', good: wholeDocument, unknown: { data: [] }, broken: brokenDocumentParams(wholeDocument) },
  {
    method: 'textDocument/willSaveWaitUntil',
    good: { ...wholeDocument, reason: 1 },
    unknown: [],
    broken: [...brokenDocumentParams({ ...wholeDocument, reason: 1 }), ['reason 9', { ...wholeDocument, reason: 9 }, '`params.reason` must be 1, 2 or 3']],
  },
];

let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start(0);
  const opened = client.nextDiagnostics(URI, 1);
  await client.open(URI, SPEC);
  expect((await opened).diagnostics).toEqual([]);
}, 60_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

/** The server still answers a good request (the hover of `mlp`). */
async function stillAnswers(): Promise<void> {
  const hover = await client.raw('textDocument/hover', HOVER_MLP);
  expect((hover.result as { contents: { value: string } }).contents.value).toContain('Total params');
}

function noStackTraces(): void {
  const log = [...client.logs, client.stderr].join('\n');
  expect(log).not.toContain('TypeError');
  expect(log).not.toContain('    at ');
}

describe('malformed params', () => {
  it.each(METHODS.map((entry) => [entry.method, entry] as const))('%s: every broken params gets InvalidParams naming the field', async (method, entry) => {
    for (const [name, params, field] of entry.broken) {
      const answer: RawResponse = await client.raw(method, params);
      expect(answer.error, `${method}, ${name}`).toBeDefined();
      expect(answer.error!.code, `${method}, ${name}`).toBe(-32602);
      expect(answer.error!.message, `${method}, ${name}`).toContain(`invalid params for ${method}: ${field}`);
    }
    await stillAnswers();
    noStackTraces();
  });

  it.each(METHODS.map((entry) => [entry.method, entry] as const))(
    '%s: a document never opened gets the protocol’s "nothing", not an error',
    async (method, entry) => {
      const answer = await client.raw(method, { ...entry.good, textDocument: { uri: UNKNOWN } });
      expect(answer).toEqual({ result: entry.unknown });
      // The last position there is, far past the document's end: answered, with nothing there to
      // rename for the rename requests (their documented RequestFailed, -32803).
      const far = { ...entry.good, ...('position' in entry.good ? { position: at(2_147_483_647, 2_147_483_647) } : {}) };
      const farAnswer = await client.raw(method, far);
      if (method.endsWith('ename')) expect(farAnswer.error?.code).toBe(-32803);
      else expect(farAnswer.error).toBeUndefined();
      await stillAnswers();
      noStackTraces();
    },
  );

  it('a code action for a diagnostic whose `data` is not nnspec’s offers nothing for it', async () => {
    const diagnostic = (data: unknown) => ({ range: range(at(0, 0), at(0, 4)), message: 'from another tool', data });
    for (const data of [
      null,
      5,
      'x',
      { fixes: 3 },
      { fixes: [null] },
      { fixes: [{ title: 1, edits: [] }] },
      { fixes: [{ title: 't', edits: [{ range: 'r', newText: 'x' }] }] },
    ]) {
      const answer = await client.raw('textDocument/codeAction', { ...actionParams, context: { diagnostics: [diagnostic(data)] } });
      expect(answer, JSON.stringify(data)).toEqual({ result: [] });
    }
    const fix = { title: 'replace', edits: [{ range: range(at(0, 0), at(0, 4)), newText: 'data' }] };
    const answer = await client.raw('textDocument/codeAction', { ...actionParams, context: { diagnostics: [diagnostic({ fixes: [fix] })] } });
    expect((answer.result as { title: string }[]).map((action) => action.title)).toEqual(['replace']);
    noStackTraces();
  });

  it('formatting returns the one style for any `options` (the editor’s tab size is not used)', async () => {
    const uri = 'file:///work/messy-options.nn';
    const opened = client.nextDiagnostics(uri, 1);
    await client.open(uri, MESSY);
    await opened;
    const optionsTable: unknown[] = [
      { tabSize: -1, insertSpaces: true },
      { tabSize: 1e308, insertSpaces: true },
      { tabSize: 1e9, insertSpaces: false },
      { tabSize: 0.5, insertSpaces: true },
      { tabSize: 0, insertSpaces: true },
      { tabSize: null, insertSpaces: null }, // Infinity, as JSON carries it
      { tabSize: 'four', insertSpaces: 'yes' },
      { tabSize: 8, insertSpaces: false, trimFinalNewlines: true, insertFinalNewline: false },
      {},
      null,
      'spaces',
      undefined,
    ];
    for (const options of optionsTable) {
      const answer = await client.raw('textDocument/formatting', { textDocument: { uri }, options });
      expect(answer, JSON.stringify(options)).toEqual({ result: [{ range: range(at(0, 0), at(1, 0)), newText: FORMATTED }] });
    }
    noStackTraces();
  });

  it('drops a notification with broken params with one log line, and keeps the documents as they were', async () => {
    const logsBefore = client.logs.length;
    const broken: [string, unknown, string][] = [
      ['textDocument/didOpen', null, '`params` must be an object (got null)'],
      ['textDocument/didOpen', { textDocument: { uri: 5, languageId: 'nnspec', version: 1, text: '' } }, '`params.textDocument.uri` must be a string (got 5)'],
      ['textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nnspec', version: 1 } }, '`params.textDocument.text` is missing'],
      [
        'textDocument/didChange',
        { textDocument: { uri: URI, version: 9 }, contentChanges: 'model {' },
        '`params.contentChanges` must be an array (got "model {")',
      ],
      ['textDocument/didChange', { textDocument: { uri: URI }, contentChanges: [{ text: 'model {' }] }, '`params.textDocument.version` is missing'],
      [
        'textDocument/didChange',
        { textDocument: { uri: URI, version: 9 }, contentChanges: [{ range: range(at(3, 0), at(1, 0)), text: '' }] },
        '`params.contentChanges[0].range` ends before it starts',
      ],
      [
        'textDocument/didChange',
        { textDocument: { uri: URI, version: 9 }, contentChanges: [{ range: range(at(0, -1), at(1, 0)), text: '' }] },
        '`params.contentChanges[0].range.start.character` must be an integer',
      ],
      ['textDocument/didClose', {}, '`params.textDocument` is missing'],
      ['textDocument/didSave', { textDocument: { uri: null } }, '`params.textDocument.uri` must be a string (got null)'],
      ['textDocument/willSave', { textDocument: { uri: URI }, reason: 'now' }, '`params.reason` must be 1, 2 or 3'],
      ['workspace/didChangeConfiguration', null, '`params` must be an object (got null)'],
      ['$/cancelRequest', null, '`params` must be an object (got null)'],
      ['$/cancelRequest', { id: { nested: true } }, '`params.id` must be an integer or a string'],
      ['$/setTrace', { value: 5 }, '`params.value` must be a string (got 5)'],
    ];
    for (const [method, params] of broken) await client.rawNotify(method, params);
    await stillAnswers();
    const logged = client.logs.slice(logsBefore);
    expect(logged).toHaveLength(broken.length);
    broken.forEach(([method, , field], index) => expect(logged[index]).toContain(`nnspec: ignored ${method}: ${field}`));
    for (const line of logged) expect(line).not.toContain('\n');
    // The document is as it was opened: no change above was applied, nothing was closed.
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    expect(symbols.map((symbol) => symbol.name)).toEqual(['digits', 'mlp', 'train mlp on digits']);
    noStackTraces();
  });

  it('drops messages that are not JSON-RPC with one short log line each, and text that is not JSON silently', async () => {
    const logsBefore = client.logs.length;
    const bodies = ['{{{ not json', '[]', '{"method":5}', `{"jsonrpc":"2.0","id":{},"padding":"${'x'.repeat(10_000)}"}`, 'null', '5'];
    for (const body of bodies) client.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await stillAnswers();
    expect(client.logs.slice(logsBefore)).toEqual([
      'nnspec: ignored a message that is not a JSON-RPC request, notification or response: []',
      'nnspec: ignored a message that is not a JSON-RPC request, notification or response: {"method":5}',
      'nnspec: ignored a message that is not a JSON-RPC request, notification or response: {"jsonrpc":"2.0","id":{},"padding":"x...',
      'nnspec: ignored a message that is not a JSON-RPC request, notification or response: null',
      'nnspec: ignored a message that is not a JSON-RPC request, notification or response: 5',
    ]);
    noStackTraces();
  });
});
