// Issue 16, defect 13c: the analysis limit covers every request that would walk the whole text.
// Formatting a 5.2 MB document held the server's only thread for 6.9 s; past the limit it now
// returns no edits, like every other whole-document request, and the user is told once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANALYSED_LENGTH } from '../../src/lsp/analysis/document.js';
import { LspClient } from './client.js';

const URI = 'file:///work/just-too-large.nn';
const MESSY = 'model m {input(shape:[4])\ndense(2)}\n';
/** A spec the formatter would change, one character past the limit (a long comment pads it). */
const TOO_LARGE = `${MESSY}// ${'x'.repeat(MAX_ANALYSED_LENGTH - MESSY.length - 3)}\n`;

let client: LspClient;

beforeAll(async () => {
  expect(TOO_LARGE.length).toBe(MAX_ANALYSED_LENGTH + 1);
  client = await LspClient.start(0);
  const opened = client.nextDiagnostics(URI, 1);
  await client.open(URI, TOO_LARGE);
  const [diagnostic, ...others] = (await opened).diagnostics;
  expect(others).toEqual([]);
  expect(diagnostic!.code).toBe('NN1000');
  expect(diagnostic!.message).toBe(
    'this document is too large for the language server to analyse (2.0 MB; the limit is 2 MB)\nhelp: the editor does not check, format or index it: run `nnspec check` and `nnspec fmt` on it from the command line',
  );
}, 60_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

const whole = { textDocument: { uri: URI } };
const here = { textDocument: { uri: URI }, position: { line: 0, character: 7 } };

describe('a document one character past the analysis limit', () => {
  it('is not formatted, and the user is told once', async () => {
    expect(await client.request('textDocument/formatting', { ...whole, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    expect(client.shown).toEqual([
      {
        type: 2,
        message:
          'nnspec: this document is too large for the language server to analyse (2.0 MB; the limit is 2 MB): the editor does not check, format or index it: run `nnspec check` and `nnspec fmt` on it from the command line',
      },
    ]);
    expect(await client.request('textDocument/formatting', { ...whole, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
    expect(await client.request('textDocument/rename', { ...here, newName: 'n' })).toBeNull();
    expect(client.shown).toHaveLength(1);
  });

  it('gets empty answers to every request that would walk its text', async () => {
    expect(await client.request('textDocument/semanticTokens/full', whole)).toEqual({ data: [] });
    expect(await client.request('textDocument/documentSymbol', whole)).toEqual([]);
    expect(await client.request('textDocument/references', { ...here, context: { includeDeclaration: true } })).toEqual([]);
    expect(await client.request('textDocument/prepareRename', here)).toBeNull();
    expect(await client.request('textDocument/definition', here)).toBeNull();
    expect(await client.request('textDocument/hover', here)).toBeNull();
    expect(await client.request('textDocument/inlayHint', { ...whole, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } })).toEqual(
      [],
    );
  });

  it('is formatted again once an edit brings it under the limit', async () => {
    const published = client.nextDiagnostics(URI, 2);
    await client.change(URI, 2, MESSY);
    await published;
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { ...whole, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.map((edit) => edit.newText)).toEqual(['model m {\n  input(shape: [4])\n  dense(2)\n}\n']);
  });
});
