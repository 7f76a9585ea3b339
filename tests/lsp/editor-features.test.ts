// Issue 10, defects 5 and 12: formatting options, completion, rename errors, signature help,
// hover on catalogue names and keys, and code-action ranges, over stdio as an editor sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import { format } from '../../src/format/index.js';
import { NOT_RENAMEABLE } from '../../src/lsp/analysis/rename.js';
import { LspClient } from './client.js';

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };
type Item = { label: string; insertText?: string; insertTextFormat?: number };
type Hover = { contents: { value: string }; range: Range } | null;
type SignatureHelp = {
  signatures: { label: string; documentation: { kind: string; value: string }; parameters: { label: [number, number]; documentation: { value: string } }[] }[];
  activeSignature: number;
  activeParameter: number;
} | null;

/** `text` without its `|` and the LSP position of the `|`. */
function cursor(marked: string): { text: string; position: Position } {
  const before = marked.slice(0, marked.indexOf('|'));
  const lines = before.split('\n');
  return { text: marked.replace('|', ''), position: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
}

let client: LspClient;
let snippetClient: LspClient;
let documents = 0;

/** Opens `marked` (with a `|` cursor) as a new document and returns its uri and the cursor. */
async function open(on: LspClient, marked: string): Promise<{ uri: string; position: Position }> {
  const { text, position } = cursor(marked);
  const uri = `file:///work/features-${(documents += 1)}.nn`;
  const published = on.nextDiagnostics(uri, 1);
  await on.open(uri, text);
  await published;
  return { uri, position };
}

async function at<T>(method: string, marked: string, on: LspClient = client): Promise<T> {
  const { uri, position } = await open(on, marked);
  return on.request<T>(method, { textDocument: { uri }, position });
}

const MODEL = (layer: string): string => `model m {\n  input(shape: [4])\n  ${layer}\n}\n`;
const TRAIN = (body: string): string => `train m on d {\n${body}\n}\n`;

beforeAll(async () => {
  [client, snippetClient] = await Promise.all([
    LspClient.start(),
    LspClient.start(20, { capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } }),
  ]);
}, 60_000);

afterAll(async () => {
  expect(await Promise.all([client.stop(), snippetClient.stop()])).toEqual([0, 0]);
});

describe('formatting: one canonical style, whatever the editor sends (defect 5)', () => {
  const messy = 'model m {\ninput(shape:[4])\n    dense(8,activation:relu)}\ntrain m on d { epochs: 3\n early_stopping: {patience:2} }\n';
  for (const tabSize of [2, 4, 8]) {
    for (const insertSpaces of [true, false]) {
      it(`formats as \`nnspec fmt\` does with tabSize ${tabSize}, insertSpaces ${insertSpaces}`, async () => {
        const { uri } = await open(client, messy);
        const edits = await client.request<{ newText: string; range: Range }[]>('textDocument/formatting', {
          textDocument: { uri },
          options: { tabSize, insertSpaces },
        });
        expect(edits).toHaveLength(1);
        expect(edits[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 5, character: 0 } });
        expect(edits[0]!.newText).toBe(format(messy).value);
        expect(edits[0]!.newText).toBe(
          'model m {\n  input(shape: [4])\n  dense(8, activation: relu)\n}\n\ntrain m on d {\n  epochs: 3\n  early_stopping: { patience: 2 }\n}\n',
        );
      });
    }
  }

  it('leaves a canonically formatted document alone when the editor asks for 4-space tabs', async () => {
    const { uri } = await open(client, format(messy).value);
    expect(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })).toEqual([]);
  });
});

describe('completion (defect 12)', () => {
  it('never offers a parameter already given by position or by name', async () => {
    const byPosition = await at<Item[]>('textDocument/completion', MODEL('dense(16, |)'));
    expect(byPosition.map((item) => item.label)).toEqual([
      'activation',
      'use_bias',
      'kernel_initializer',
      'bias_initializer',
      'kernel_regularizer',
      'bias_regularizer',
    ]);
    const both = await at<Item[]>('textDocument/completion', 'model m {\n  input(shape: [28, 28, 1])\n  conv2d(8, |, activation: relu)\n}\n');
    expect(both.map((item) => item.label)).toEqual([
      'kernel_size',
      'strides',
      'padding',
      'dilation_rate',
      'use_bias',
      'kernel_initializer',
      'bias_initializer',
      'kernel_regularizer',
      'bias_regularizer',
    ]);
    const inValueCall = await at<Item[]>('textDocument/completion', MODEL('dense(4, kernel_initializer: random_normal(0.1, |))'));
    expect(inValueCall.map((item) => item.label)).toEqual(['stddev']);
  });

  it('inserts `flatten()` whole, puts the cursor inside optional-only calls and placeholders for required parameters', async () => {
    const items = await at<Item[]>('textDocument/completion', MODEL('|'), snippetClient);
    const insert = (label: string): [string | undefined, number | undefined] => {
      const item = items.find((candidate) => candidate.label === label)!;
      return [item.insertText, item.insertTextFormat];
    };
    expect(insert('flatten')).toEqual(['flatten()', 1]);
    expect(insert('global_avg_pool2d')).toEqual(['global_avg_pool2d()', 1]);
    expect(insert('batch_norm')).toEqual(['batch_norm($1)$0', 2]);
    expect(insert('dense')).toEqual(['dense(${1:units})$0', 2]);
    expect(insert('conv2d')).toEqual(['conv2d(${1:filters}, ${2:kernel_size})$0', 2]);
    expect(insert('input')).toEqual(['input([${1:shape}])$0', 2]);
    const sources = await at<Item[]>('textDocument/completion', 'data d {\n  source: |\n}\n', snippetClient);
    expect(sources.find((item) => item.label === 'csv')).toMatchObject({ insertText: 'csv("${1:path}", "${2:label}")$0', insertTextFormat: 2 });
    expect(sources.find((item) => item.label === 'builtin.digits')).toMatchObject({ insertTextFormat: 1 });
    expect(sources.find((item) => item.label === 'builtin.digits')!.insertText).toBeUndefined();
  });

  it('sends no snippet to a client that does not declare snippet support', async () => {
    const layers = await at<Item[]>('textDocument/completion', MODEL('|'));
    expect(layers.filter((item) => item.insertTextFormat !== 1)).toEqual([]);
    expect(layers.find((item) => item.label === 'dense')!.insertText).toBe('dense()');
    expect(layers.find((item) => item.label === 'flatten')!.insertText).toBe('flatten()');
    const declarations = await at<Item[]>('textDocument/completion', '|');
    expect(declarations.find((item) => item.label === 'model')!.insertText).toBe('model name {\n  \n}');
  });

  it('offers the other data blocks after `test:`, never the block itself', async () => {
    const spec =
      'data train_set {\n  source: builtin.digits\n  split: { validation: 0.2, test: | }\n}\n\ndata held_out {\n  source: builtin.digits\n}\n\ndata extra {\n  source: builtin.iris\n}\n';
    const items = await at<Item[]>('textDocument/completion', spec);
    expect(items.map((item) => item.label)).toEqual(['held_out', 'extra']);
  });
});

describe('rename errors (defect 12)', () => {
  const SPEC =
    'data digits {\n  source: builtin.digits\n}\n\ndata other {\n  source: builtin.iris\n}\n\nmodel mlp {\n  input(shape: [64])\n  dense(10, activation: softmax)\n}\n\ntrain mlp on digits {\n  loss: categorical_crossentropy\n  optimizer: adam()\n  epochs: 1\n}\n';

  async function renameError(newName: string, position: Position = { line: 0, character: 6 }): Promise<{ code: number; message: string }> {
    const { uri } = await open(client, SPEC);
    return client.request('textDocument/rename', { textDocument: { uri }, position, newName }).then(
      () => ({ code: 0, message: 'no error' }),
      (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
    );
  }

  it('answers an invalid new name with InvalidParams and says what a valid name is', async () => {
    expect(await renameError('2digits')).toEqual({
      code: -32602,
      message: '`2digits` is not a valid data name: a name starts with a letter or `_` and holds only letters, digits and `_` (like `digits_2`)',
    });
    expect((await renameError('my-digits')).message).toMatch(/^`my-digits` is not a valid data name/);
    expect(await renameError('model')).toEqual({
      code: -32602,
      message:
        '`model` is a keyword and cannot be a data name; keywords are `data`, `model`, `block`, `train`, `on`, `repeat`, `from`, `param`, `study`, `true`, `false`',
    });
    expect(await renameError('other')).toEqual({ code: -32602, message: 'a data named `other` is already declared' });
  });

  it('answers a rename or prepareRename away from a model or data name with RequestFailed', async () => {
    const expected = { code: -32803, message: NOT_RENAMEABLE };
    expect(await renameError('x', { line: 1, character: 4 })).toEqual(expected);
    const { uri } = await open(client, SPEC);
    const prepared = await client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 9, character: 4 } }).then(
      () => 'no error',
      (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
    );
    expect(prepared).toEqual(expected);
    expect(await client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 13, character: 15 } })).toEqual({
      range: { start: { line: 13, character: 13 }, end: { line: 13, character: 19 } },
      placeholder: 'digits',
    });
  });
});

describe('signature help (defect 12)', () => {
  it('announces signature help triggered by `(` and `,`', async () => {
    const started = await LspClient.start();
    try {
      expect(started.capabilities.signatureHelpProvider).toEqual({ triggerCharacters: ['(', ','], retriggerCharacters: [':'] });
    } finally {
      await started.stop();
    }
  }, 60_000);

  const active = (help: SignatureHelp): string | undefined => {
    const signature = help!.signatures[help!.activeSignature]!;
    const parameter = signature.parameters[help!.activeParameter];
    return parameter ? signature.label.slice(...parameter.label) : undefined;
  };

  it("shows a layer's signature with the parameter being written, by position or by name", async () => {
    const first = await at<SignatureHelp>('textDocument/signatureHelp', MODEL('dense(|)'));
    expect(first!.signatures[0]!.label).toBe(
      'dense(units, activation: linear, use_bias: true, kernel_initializer: glorot_uniform, bias_initializer: zeros, kernel_regularizer: none, bias_regularizer: none)',
    );
    expect(first!.activeParameter).toBe(0);
    expect(first!.signatures[0]!.documentation).toEqual({ kind: 'markdown', value: 'fully connected layer' });
    expect(first!.signatures[0]!.parameters[0]!.documentation.value).toBe(
      'number of outputs\n\n- type: a whole number\n- range: >= 1\n- required\n- may be given by position (argument 1)',
    );
    expect(active(await at<SignatureHelp>('textDocument/signatureHelp', MODEL('dense(16, activation: |)')))).toBe('activation: linear');
    expect(active(await at<SignatureHelp>('textDocument/signatureHelp', MODEL('dense(16, use_b|)')))).toBe('use_bias: true');
    // `dense` takes one positional argument: a second one is no parameter, so none is active.
    expect(active(await at<SignatureHelp>('textDocument/signatureHelp', MODEL('dense(16, |)')))).toBeUndefined();
    expect(active(await at<SignatureHelp>('textDocument/signatureHelp', 'model m {\n  input(shape: [28, 28, 1])\n  conv2d(8, |)\n}\n'))).toBe('kernel_size');
    expect(active(await at<SignatureHelp>('textDocument/signatureHelp', 'model m {\n  input(shape: [2|8])\n}\n'))).toBe('shape');
  });

  it('shows the signatures of optimizers, losses, schedules, sources, initializers, regularizers and early_stopping(...)', async () => {
    const cases: [string, string, string][] = [
      [TRAIN('  optimizer: adam(0.01, epsilon: |)'), 'adam(learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7)', 'epsilon: 1e-7'],
      [TRAIN('  optimizer: sgd(|)'), 'sgd(learning_rate: 0.01, momentum: 0, nesterov: false)', 'learning_rate: 0.01'],
      [TRAIN('  loss: huber(|)'), 'huber(delta: 1)', 'delta: 1'],
      [
        TRAIN('  schedule: reduce_on_plateau(factor: 0.5, pat|)'),
        'reduce_on_plateau(monitor: val_loss, mode: auto, factor: 0.1, patience: 10, min_delta: 0.0001, min_lr: 0, cooldown: 0)',
        'patience: 10',
      ],
      [
        TRAIN('  early_stopping: early_stopping(monitor: val_loss, patience: |)'),
        'early_stopping(monitor: val_loss, mode: auto, min_delta: 0, patience: 0, baseline: none, restore_best_weights: false, start_from_epoch: 0, rule: patience)',
        'patience: 0',
      ],
      ['data d {\n  source: csv("a.csv", |)\n}\n', 'csv(path, label)', 'label'],
      ['data d {\n  source: synthetic.spirals(samples: 100, cla|)\n}\n', 'synthetic.spirals(samples: 600, classes: 3, noise: 0.05, seed: none)', 'classes: 3'],
      [MODEL('dense(4, kernel_initializer: random_normal(0, |))'), 'random_normal(mean: 0, stddev: 0.05)', 'stddev: 0.05'],
      [MODEL('dense(4, kernel_regularizer: l1l2(0.01, |))'), 'l1l2(l1: 0.01, l2: 0.01)', 'l2: 0.01'],
    ];
    for (const [spec, label, parameter] of cases) {
      const help = await at<SignatureHelp>('textDocument/signatureHelp', spec);
      expect([help!.signatures[0]!.label, active(help)]).toEqual([label, parameter]);
    }
  });

  it('answers null outside any call and for unknown callees', async () => {
    expect(await at('textDocument/signatureHelp', MODEL('dense(4)|'))).toBeNull();
    expect(await at('textDocument/signatureHelp', MODEL('dens(|)'))).toBeNull();
    expect(await at('textDocument/signatureHelp', TRAIN('  epochs: |'))).toBeNull();
  });
});

describe('hover on catalogue names and keys (defect 12)', () => {
  it('hovers optimizer names, loss values and option keys', async () => {
    const optimizer = await at<Hover>('textDocument/hover', TRAIN('  optimizer: ad|am(learning_rate: 0.01)'));
    expect(optimizer).toEqual({
      contents: {
        kind: 'markdown',
        value:
          '**adam** (optimizer)\n\nAdam: adaptive moment estimation\n\n`adam(learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7)`\n\n- `learning_rate`: step size; default `0.001`\n- `beta_1`: moment decay rate; default `0.9`\n- `beta_2`: moment decay rate; default `0.999`\n- `epsilon`: added to denominators for stability; default `1e-7`',
      },
      range: { start: { line: 1, character: 13 }, end: { line: 1, character: 17 } },
    });
    const loss = await at<Hover>('textDocument/hover', TRAIN('  loss: m|se'));
    expect(loss!.contents.value).toBe(
      '**mean_squared_error** (loss)\n\nmean squared error\n\nalso written `mse`\n\n- task: regression\n- labels: value\n- output layer: `linear`, one unit per target',
    );
    const patience = await at<Hover>('textDocument/hover', TRAIN('  early_stopping: { monitor: val_loss, pat|ience: 5 }'));
    expect(patience).toEqual({
      contents: {
        kind: 'markdown',
        value: '**patience** (`early_stopping` option)\n\nepochs without improvement before stopping\n\n- type: a whole number\n- range: >= 0\n- default: `0`',
      },
      range: { start: { line: 1, character: 39 }, end: { line: 1, character: 47 } },
    });
    const epochs = await at<Hover>('textDocument/hover', TRAIN('  |epochs: 5'));
    expect(epochs!.contents.value).toBe('**epochs** (`train` block option)\n\nmaximum number of epochs\n\n- type: a whole number\n- range: >= 1\n- required');
    const normalize = await at<Hover>('textDocument/hover', 'data d {\n  source: builtin.digits\n  normalize: stand|ard\n}\n');
    expect(normalize!.contents.value).toBe(
      '**standard**: a value of `normalize` (`data` block option)\n\nfeature scaling fitted on the training split\n\n- one of `minmax`, `standard`, `none`\n- default: `none`',
    );
    const split = await at<Hover>('textDocument/hover', 'data d {\n  source: builtin.digits\n  split: { validation: 0.2, te|st: 0.1 }\n}\n');
    expect(split!.contents.value).toMatch(
      /^\*\*test\*\* \(`split` option\)\n\nfraction held out for testing, or another data block\n\n- type: a number in \[0, 1\), or the name of a `data` block\n/,
    );
    const monitor = await at<Hover>('textDocument/hover', TRAIN('  early_stopping: { monitor: val_accur|acy }'));
    expect(monitor!.contents.value).toBe(
      `**val_accuracy**: the metric \`accuracy\` on the validation split\n\n${defaultCatalogueView().metric('accuracy')!.doc}`,
    );
  });

  it('hovers the innermost thing inside a layer call: activation, initializer, regularizer, parameter', async () => {
    const relu = await at<Hover>('textDocument/hover', MODEL('dense(16, activation: re|lu)'));
    expect(relu).toEqual({
      contents: { kind: 'markdown', value: '**relu** (activation)\n\nmax(x, 0)' },
      range: { start: { line: 2, character: 24 }, end: { line: 2, character: 28 } },
    });
    const initializer = await at<Hover>('textDocument/hover', MODEL('dense(16, kernel_initializer: he_nor|mal)'));
    expect(initializer!.contents.value).toBe('**he_normal** (initializer)\n\ntruncated normal, scaled by fan-in (He; suits relu)');
    const regularizer = await at<Hover>('textDocument/hover', MODEL('dense(16, kernel_regularizer: l|2(0.001))'));
    expect(regularizer!.contents.value).toBe('**l2** (regularizer)\n\nL2 penalty\n\n`l2(l2: 0.01)`\n\n- `l2`: l2 penalty factor; default `0.01`');
    const key = await at<Hover>('textDocument/hover', MODEL('dense(16, us|e_bias: false)'));
    expect(key!.contents.value).toMatch(/^\*\*use_bias\*\* \(`dense` parameter\)\n\n/);
    const positional = await at<Hover>('textDocument/hover', MODEL('dropout(0.|2)'));
    expect(positional!.contents.value).toBe(
      '**rate** (`dropout` parameter)\n\nfraction of values dropped\n\n- type: a number\n- range: in [0, 1)\n- required\n- may be given by position (argument 1)',
    );
    const listItem = await at<Hover>('textDocument/hover', MODEL('reshape([2, |2])'));
    expect(listItem!.contents.value).toMatch(/^\*\*target_shape\*\* \(`reshape` parameter\)\n\n/);
    const source = await at<Hover>('textDocument/hover', 'data d {\n  source: builtin.dig|its\n}\n');
    expect(source).toEqual({
      contents: { kind: 'markdown', value: '**builtin.digits** (data source)\n\nUCI handwritten digits, 8x8' },
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 24 } },
    });
    const repeat = await at<Hover>('textDocument/hover', 'model m {\n  input(shape: [4])\n  rep|eat 3 {\n    dense(4)\n  }\n}\n');
    expect(repeat).toEqual({
      contents: {
        kind: 'markdown',
        value: '**repeat** 3 { layers }\n\nthe layers inside, 3 times over; the checker unrolls them, so every copy is a layer with its own weights and shape',
      },
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 8 } },
    });
    // The layer's own name still shows the layer, with its shapes.
    const layer = await at<Hover>('textDocument/hover', MODEL('de|nse(16, activation: relu)'));
    expect(layer!.contents.value).toContain('input (None, 4) -> output (None, 16)');
  });
});

describe('code actions (defect 12)', () => {
  it("carries each fix in the diagnostic's data with LSP ranges, as the code action applies it", async () => {
    const { uri } = await open(client, '|');
    const next = client.nextDiagnostics(uri, 2);
    await client.change(uri, 2, MODEL('dens(16, activation: relu)'));
    const diagnostic = (await next).diagnostics.find((candidate) => candidate.code === 'NN2001')!;
    const range = { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } };
    expect(diagnostic.data).toEqual({ fixes: [{ title: 'replace with `dense`', edits: [{ range, newText: 'dense' }] }] });
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: Range; newText: string }[]> } }[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      },
    );
    expect(actions.map((action) => [action.title, action.edit.changes[uri]])).toEqual([['replace with `dense`', [{ range, newText: 'dense' }]]]);
  });
});
