// Issue 12 (editor), over stdio as an editor sees it: definition, references, rename (and its
// refusal), completion after `from`, signature help at a block use, the semantic token legend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };
type Location = { uri: string; range: Range };

const SPEC = `block conv_block(filters, rate = 0.1) {
  c = conv2d(filters, 3, padding: same)
  dropout(rate)
}

model m {
  input(shape: [8, 8, 1])
  h = conv_block(16)
  conv2d(16, 3, padding: same)
  add(h)
  from h
  conv_block(8, rate: 0.2)
}
`;

let client: LspClient;
let uri: string;

const at = (line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });
const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

beforeAll(async () => {
  client = await LspClient.start();
  uri = 'file:///work/graph.nn';
  const published = client.nextDiagnostics(uri, 1);
  await client.open(uri, SPEC);
  await published;
}, 60_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

describe('graph names over LSP', () => {
  it('goes to the definition of an output name from `add(h)` and `from h`', async () => {
    expect(await client.request<Location>('textDocument/definition', at(9, 6))).toEqual({ uri, range: range(7, 2, 3) });
    expect(await client.request<Location>('textDocument/definition', at(10, 7))).toEqual({ uri, range: range(7, 2, 3) });
  });

  it('finds every reference of a block and of a block param', async () => {
    const block = await client.request<Location[]>('textDocument/references', { ...at(0, 8), context: { includeDeclaration: true } });
    expect(block.map((location) => location.range)).toEqual([range(0, 6, 16), range(7, 6, 16), range(11, 2, 12)]);
    const rate = await client.request<Location[]>('textDocument/references', { ...at(2, 11), context: { includeDeclaration: false } });
    expect(rate.map((location) => location.range)).toEqual([range(2, 10, 14), range(11, 16, 20)]);
  });

  it('renames an output name at its binding and every use', async () => {
    const edit = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', {
      ...at(7, 2),
      newName: 'skip',
    });
    expect(edit.changes[uri]!.map((change) => [change.range, change.newText])).toEqual([
      [range(7, 2, 3), 'skip'],
      [range(9, 6, 7), 'skip'],
      [range(10, 7, 8), 'skip'],
    ]);
  });

  it('refuses to rename a block to a catalogue layer, with the reason', async () => {
    const refused = await client.request('textDocument/rename', { ...at(7, 8), newName: 'conv2d' }).then(
      () => 'no error',
      (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
    );
    expect(refused).toEqual({
      code: -32602,
      message: '`conv2d` is a catalogue layer: a block named so would be called in its place; pick a name no layer has (like `conv2d_block`)',
    });
  });

  it('completes the output names before the cursor after `from`', async () => {
    const items = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', at(10, 7));
    expect(items.map((item) => [item.label, item.detail])).toEqual([['h', 'output of `conv_block`']]);
  });

  it('gives signature help at a block use', async () => {
    const help = await client.request<{ signatures: { label: string }[]; activeParameter: number }>('textDocument/signatureHelp', at(11, 16));
    expect(help.signatures[0]!.label).toBe('conv_block(filters, rate = 0.1)');
    expect(help.activeParameter).toBe(1);
  });

  it('marks block params with the `parameter` token type of the legend', async () => {
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    // The first tokens: `block` (keyword), `conv_block` (function), `filters` (parameter, index 9), `rate` (parameter).
    const types = [];
    for (let index = 0; index < 4 * 5; index += 5) types.push(tokens.data[index + 3]);
    expect(types).toEqual([0, 1, 9, 9]);
  });
});
