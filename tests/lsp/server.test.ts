import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';

const URI = 'file:///work/spec.nn';
const SPEC = `data digits {
  source: builtin.digits
  split: { train: 0.6, validation: 0.2, test: 0.2 }
}

model mlp {
  input(shape: [64])
  dense(128, activation: relu)
  dropout(0.2)
  dense(10, activation: softmax)
}

train mlp on digits {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam()
  epochs: 5
}
`;

let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start();
  const first = client.nextDiagnostics(URI, 1);
  await client.open(URI, SPEC);
  expect((await first).diagnostics).toEqual([]);
}, 60_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

type Item = { label: string; documentation?: { value: string } };

describe('nnspec lsp over stdio', () => {
  it('publishes diagnostics with code, range, help and fixes as the user types', async () => {
    const uri = 'file:///work/typo.nn';
    const opened = client.nextDiagnostics(uri, 1);
    await client.open(uri, SPEC);
    await opened;
    const next = client.nextDiagnostics(uri, 2);
    await client.change(uri, 2, SPEC.replace('  dense(128', '  dens(128'));
    const published = await next;
    const diagnostic = published.diagnostics.find((d) => d.code === 'NN2001')!;
    expect(diagnostic.range.start).toEqual({ line: 7, character: 2 });
    expect(diagnostic.message).toContain('unknown layer `dens`\nhelp: did you mean `dense`?');
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    expect(actions[0]!.edit.changes[uri]![0]!.newText).toBe('dense');
  });

  it('completes layer names in a model body and parameters not yet given inside a call', async () => {
    const layers = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 9, character: 2 } });
    expect(layers.map((item) => item.label)).toEqual(expect.arrayContaining(['dense', 'conv2d', 'lstm', 'repeat']));
    const params = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 7, character: 13 } });
    const labels = params.map((item) => item.label);
    expect(labels).toContain('use_bias');
    expect(labels).not.toContain('activation');
  });

  it('completes enum values after `activation:` and `loss:` and names after `train`/`on`', async () => {
    const activations = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 7, character: 24 } });
    expect(activations.map((item) => item.label)).toEqual(expect.arrayContaining(['relu', 'softmax', 'tanh']));
    const losses = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 13, character: 8 } });
    expect(losses.map((item) => item.label)).toEqual(expect.arrayContaining(['categorical_crossentropy', 'mean_squared_error']));
    const models = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 12, character: 6 } });
    expect(models.map((item) => item.label)).toEqual(['mlp']);
    const data = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 12, character: 13 } });
    expect(data.map((item) => item.label)).toEqual(['digits']);
  });

  it('hovers a layer with its shapes and parameter count, and a model name with its summary', async () => {
    const layer = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 7, character: 4 },
    });
    expect(layer.contents.value).toContain('input (None, 64) -> output (None, 128)');
    expect(layer.contents.value).toContain('8,320 parameters');
    const model = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 12, character: 7 },
    });
    expect(model.contents.value).toContain('Total params: 9,610');
  });

  it('shows output shapes after layers and the parameter count after the model name', async () => {
    const hints = await client.request<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    expect(hints.map((hint) => [hint.position.line, hint.label])).toEqual([
      [5, ': 9,610 params'],
      [7, ' -> [128]'],
      [8, ' -> [128]'],
      [9, ' -> [10]'],
    ]);
    expect(hints[1]!.position.character).toBe(30);
  });

  it('goes to definition, finds references and renames model and data names', async () => {
    const definition = await client.request<{ range: { start: { line: number; character: number } } }>('textDocument/definition', {
      textDocument: { uri: URI },
      position: { line: 12, character: 15 },
    });
    expect(definition.range.start).toEqual({ line: 0, character: 5 });
    const references = await client.request<unknown[]>('textDocument/references', {
      textDocument: { uri: URI },
      position: { line: 5, character: 7 },
      context: { includeDeclaration: true },
    });
    expect(references).toHaveLength(2);
    const rename = await client.request<{ changes: Record<string, { newText: string; range: { start: { line: number } } }[]> }>('textDocument/rename', {
      textDocument: { uri: URI },
      position: { line: 0, character: 7 },
      newName: 'images',
    });
    expect(rename.changes[URI]!.map((edit) => [edit.range.start.line, edit.newText])).toEqual([
      [0, 'images'],
      [12, 'images'],
    ]);
  });

  it('lists the outline, formats the document and classifies tokens', async () => {
    const symbols = await client.request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    expect(symbols.map((symbol) => symbol.name)).toEqual(['digits', 'mlp', 'train mlp on digits']);
    expect(symbols[1]!.children.map((child) => child.name)).toEqual(['input', 'dense', 'dropout', 'dense']);
    const uri = 'file:///work/messy.nn';
    const opened = client.nextDiagnostics(uri, 1);
    await client.open(uri, 'model m {input(shape:[4])}\n');
    await opened;
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits[0]!.newText).toBe('model m {\n  input(shape: [4])\n}\n');
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: URI } });
    expect(tokens.data.slice(0, 5)).toEqual([0, 0, 4, 0, 0]);
  });

  it('survives garbage, huge documents and positions outside the document', async () => {
    const uri = 'file:///work/garbage.nn';
    const opened = client.nextDiagnostics(uri, 1);
    await client.open(uri, '}}}{{{(((""" /* \u0000 model model train on on [[[');
    expect((await opened).diagnostics.length).toBeGreaterThan(0);
    const far = await client.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 999 } });
    expect(far).toBeNull();
    expect(await client.request('textDocument/signatureHelp', { textDocument: { uri }, position: { line: 999, character: 999 } })).toBeNull();
    expect(await client.request('textDocument/signatureHelp', { textDocument: { uri }, position: { line: 0, character: 9 } })).toBeNull();
    const completion = await client.request<unknown[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 5000, character: 3 } });
    expect(Array.isArray(completion)).toBe(true);
    const bigUri = 'file:///work/big.nn';
    const big = `model big {\n  input(shape: [8])\n${'  dense(8, activation: relu)\n'.repeat(20_000)}}\n`;
    const bigDiagnostics = client.nextDiagnostics(bigUri, 1);
    await client.open(bigUri, big);
    // 20,001 layers analyse fine, and are more than TF.js can build (NN3015).
    expect((await bigDiagnostics).diagnostics.map((d) => d.code)).toEqual(['NN2050', 'NN3015']);
    const hugeUri = 'file:///work/huge.nn';
    const huge = `model huge {\n${'  dense(8, activation: relu) // padding padding padding padding padding padding\n'.repeat(130_000)}}\n`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    const hugeDiagnostics = client.nextDiagnostics(hugeUri, 1);
    await client.open(hugeUri, huge);
    const published = await hugeDiagnostics;
    expect(published.diagnostics.map((d) => d.code)).toEqual(['NN1000']);
    expect(published.diagnostics[0]!.message).toMatch(/^this document is too large for the language server to analyse \(10\.\d MB; the limit is 2 MB\)/);
    expect(await client.request('textDocument/hover', { textDocument: { uri: hugeUri }, position: { line: 5, character: 4 } })).toBeNull();
  }, 60_000);
});

describe('the built server, as an editor starts it (`nnspec lsp --stdio --debounce 0`)', () => {
  it('answers the handshake and publishes the diagnostics of an edit', async () => {
    const built = await LspClient.start(0, { built: true });
    try {
      const uri = 'file:///work/built.nn';
      const opened = built.nextDiagnostics(uri, 1);
      await built.open(uri, SPEC);
      expect((await opened).diagnostics).toEqual([]);
      const next = built.nextDiagnostics(uri, 2);
      await built.change(uri, 2, SPEC.replace('dropout(0.2)', 'dropout(1.5)'));
      const [diagnostic] = (await next).diagnostics;
      expect(diagnostic).toMatchObject({ code: 'NN2031', range: { start: { line: 8, character: 10 } } });
    } finally {
      expect(await built.stop()).toBe(0);
    }
  }, 60_000);
});
