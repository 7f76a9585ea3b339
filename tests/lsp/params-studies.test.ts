// Issue 11: completion, hover, go to definition, references, rename and semantic tokens for
// `param` and `study`, over stdio as an editor sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEMANTIC_TOKEN_TYPES } from '../../src/lsp/analysis/semantic-tokens.js';
import { LspClient } from './client.js';

type Position = { line: number; character: number };
type Range = { start: Position; end: Position };
type Item = { label: string; detail?: string; insertText?: string; documentation?: { value: string } };
type Hover = { contents: { value: string }; range: Range } | null;
type Location = { uri: string; range: Range };

const SPEC = [
  'param rate = 0.5',
  'param lr = 1e-3',
  '',
  'data digits {',
  '  source: builtin.digits',
  '  split: { train: 0.6, validation: 0.2, test: 0.2 }',
  '  limit: 300',
  '}',
  '',
  'model mlp {',
  '  input(shape: [64])',
  '  dense(32, activation: relu)',
  '  dropout(rate)',
  '  dense(10, activation: softmax)',
  '}',
  '',
  'train mlp on digits {',
  '  loss: categorical_crossentropy',
  '  optimizer: adam(learning_rate: lr)',
  '  epochs: 2',
  '}',
  '',
  'study dropout {',
  '  train: mlp',
  '  grid: { rate: [0, 0.1, 0.3, 0.5] }',
  '  seeds: 5',
  '}',
  '',
  'study search {',
  '  random: { lr: log_uniform(1e-4, 1e-1) }',
  '  trials: 8',
  '  prune: median(after: 10)',
  '}',
  '',
].join('\n');

const at = (line: number, character: number): Position => ({ line, character });
const span = (line: number, start: number, end: number): Range => ({ start: at(line, start), end: at(line, end) });

let client: LspClient;
let documents = 0;

async function open(text: string): Promise<string> {
  const uri = `file:///work/params-${(documents += 1)}.nn`;
  const published = client.nextDiagnostics(uri, 1);
  await client.open(uri, text);
  await published;
  return uri;
}

/** Opens `SPEC` once for the requests that read it. */
let specUri: string;

/** The completion labels (with detail) at the `|` of `marked`. */
async function complete(marked: string): Promise<Item[]> {
  const before = marked.slice(0, marked.indexOf('|')).split('\n');
  const uri = await open(marked.replace('|', ''));
  return client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: at(before.length - 1, before[before.length - 1]!.length) });
}

const hover = (position: Position): Promise<Hover> => client.request<Hover>('textDocument/hover', { textDocument: { uri: specUri }, position });

beforeAll(async () => {
  client = await LspClient.start();
  specUri = await open(SPEC);
}, 60_000);

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

describe('completion of params and studies', () => {
  it('offers the declared params, with their default, wherever a value may go', async () => {
    const inLayer = await complete(SPEC.replace('dropout(rate)', 'dropout(|)'));
    expect(inLayer.map((item) => [item.label, item.detail])).toEqual([
      ['rate', 'rate'],
      ['rate', 'param rate = 0.5'],
      ['lr', 'param lr = 1e-3'],
    ]);
    const inTrain = await complete(SPEC.replace('epochs: 2', 'epochs: |'));
    expect(inTrain.map((item) => [item.label, item.detail])).toEqual([
      ['rate', 'param rate = 0.5'],
      ['lr', 'param lr = 1e-3'],
    ]);
    const inOptimizer = await complete(SPEC.replace('adam(learning_rate: lr)', 'adam(learning_rate: |)'));
    expect(inOptimizer.map((item) => item.label)).toEqual(['rate', 'lr']);
    // Naming a param or writing its default: nothing to offer.
    expect(await complete(`${SPEC}param x = |\n`)).toEqual([]);
  });

  it("offers a study's options with their docs, and the params not varied yet as grid and random keys", async () => {
    const options = await complete(`${SPEC}study s {\n  |\n}\n`);
    expect(options.map((item) => item.label)).toEqual(['train', 'grid', 'random', 'trials', 'seeds', 'prune', 'seed']);
    expect(options.find((item) => item.label === 'seeds')).toMatchObject({
      detail: 'seeds (default 3)',
      insertText: 'seeds: ',
      documentation: {
        value: 'train each setting with seeds 1..K (`seeds: 5`), or with these seeds (`seeds: [3, 7, 11]`); the seeds are paired across settings',
      },
    });
    const keys = await complete(`${SPEC}study s {\n  grid: { rate: [0, 1], | }\n}\n`);
    expect(keys.map((item) => [item.label, item.detail, item.insertText])).toEqual([['lr', 'param lr = 1e-3', 'lr: ']]);
    const randomKeys = await complete(`${SPEC}study s {\n  random: { | }\n}\n`);
    expect(randomKeys.map((item) => item.label)).toEqual(['rate', 'lr']);
  });

  it('offers the sampling domains in random:, the pruning rules after prune: and the trained models after train:', async () => {
    const domains = await complete(`${SPEC}study s {\n  random: { lr: | }\n}\n`);
    expect(domains.map((item) => [item.label, item.detail, item.insertText])).toEqual([
      ['uniform', 'uniform(low, high)', 'uniform()'],
      ['log_uniform', 'log_uniform(low, high)', 'log_uniform()'],
      ['int_uniform', 'int_uniform(low, high)', 'int_uniform()'],
      ['choice', 'choice(values)', 'choice()'],
    ]);
    const domainParams = await complete(`${SPEC}study s {\n  random: { lr: log_uniform(|) }\n}\n`);
    expect(domainParams.map((item) => item.label)).toEqual(['low', 'high']);
    const rules = await complete(`${SPEC}study s {\n  prune: |\n}\n`);
    expect(rules.map((item) => [item.label, item.detail])).toEqual([['median', 'median(after: 10)']]);
    const models = await complete(`${SPEC}model other {\n  input(shape: [64])\n}\n\nstudy s {\n  train: |\n}\n`);
    expect(models.map((item) => [item.label, item.detail])).toEqual([['mlp', 'model']]);
  });

  it("gives the signature of a study's sampling domains and pruning rules", async () => {
    type Help = { signatures: { label: string }[]; activeParameter: number };
    const help = async (marked: string): Promise<[string, number]> => {
      const before = marked.slice(0, marked.indexOf('|')).split('\n');
      const uri = await open(marked.replace('|', ''));
      const result = await client.request<Help>('textDocument/signatureHelp', {
        textDocument: { uri },
        position: at(before.length - 1, before[before.length - 1]!.length),
      });
      return [result.signatures[0]!.label, result.activeParameter];
    };
    expect(await help('study s {\n  random: { lr: log_uniform(1e-4, |) }\n}\n')).toEqual(['log_uniform(low, high)', 1]);
    expect(await help('study s {\n  prune: median(|)\n}\n')).toEqual(['median(after: 10)', 0]);
  });

  it('offers `param` and `study` at the top level', async () => {
    const top = await complete(`${SPEC}|\n`);
    expect(top.map((item) => item.label)).toEqual(['data', 'model', 'train', 'param', 'study']);
  });
});

describe('hover on params and studies', () => {
  it("shows a param's default, its values in each study and its uses with the catalogue parameter each feeds", async () => {
    const expected =
      '**param rate** = `0.5`\n\n' +
      '- default: `0.5`, what a plain `nnspec train` uses\n' +
      '- study dropout: grid 0, 0.1, 0.3, 0.5\n' +
      "- used as `dropout`'s rate (takes a number in [0, 1)), line 13";
    expect(await hover(at(12, 12))).toEqual({ contents: { kind: 'markdown', value: expected }, range: span(12, 10, 14) });
    expect((await hover(at(0, 7)))?.contents.value).toBe(expected);
    expect((await hover(at(24, 11)))?.range).toEqual(span(24, 10, 14));
    expect((await hover(at(1, 7)))?.contents.value).toBe(
      '**param lr** = `1e-3`\n\n' +
        '- default: `1e-3`, what a plain `nnspec train` uses\n' +
        '- study search: random log_uniform(1e-4, 1e-1)\n' +
        "- used as `adam`'s learning_rate (takes a number > 0), line 19",
    );
  });

  it("shows a study's variations, size, model and pruning rule", async () => {
    expect(await hover(at(22, 8))).toEqual({
      contents: { kind: 'markdown', value: '**study dropout**\n\n- rate: grid 0, 0.1, 0.3, 0.5\n- 4 settings x 5 seeds = 20 trials\n- trains `mlp`' },
      range: span(22, 6, 13),
    });
    expect((await hover(at(28, 8)))?.contents.value).toBe(
      "**study search**\n\n- lr: random log_uniform(1e-4, 1e-1)\n- 8 settings x 3 seeds = 24 trials\n- trains the file's only `train` declaration\n- prune: `median(after: 10)`",
    );
  });

  it("shows the catalogue's doc on study options, sampling domains and pruning rules", async () => {
    expect((await hover(at(25, 3)))?.contents.value).toBe(
      '**seeds** (`study` block option)\n\ntrain each setting with seeds 1..K (`seeds: 5`), or with these seeds (`seeds: [3, 7, 11]`); the seeds are paired across settings\n\n- type: a count from 1 to 100, or a list of distinct whole numbers >= 0\n- default: `3`',
    );
    const domain = await hover(at(29, 18));
    expect(domain?.range).toEqual(span(29, 16, 27));
    expect(domain?.contents.value.split('\n')[0]).toBe('**log_uniform** (study domain)');
    expect((await hover(at(31, 10)))?.contents.value.split('\n').slice(0, 3)).toEqual([
      '**median** (pruning rule)',
      '',
      "the median stopping rule: stop a trial at epoch t when its best monitored value so far is worse than the median of the earlier trials' at t",
    ]);
    expect((await hover(at(31, 17)))?.contents.value.split('\n')[0]).toBe('**after** (`median` parameter)');
  });
});

describe('definition, references and rename of params and studies', () => {
  it("goes from a param's use or grid key to its declaration, and from a study's train: to the model", async () => {
    const definition = (position: Position): Promise<Location | null> =>
      client.request('textDocument/definition', { textDocument: { uri: specUri }, position });
    expect((await definition(at(18, 34)))?.range).toEqual(span(1, 6, 8));
    expect((await definition(at(24, 12)))?.range).toEqual(span(0, 6, 10));
    expect((await definition(at(23, 10)))?.range).toEqual(span(9, 6, 9));
  });

  it('finds every reference of a param: its declaration, its uses and the study keys', async () => {
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: specUri },
      position: at(12, 11),
      context: { includeDeclaration: true },
    });
    expect(references.map((location) => location.range)).toEqual([span(0, 6, 10), span(12, 10, 14), span(24, 10, 14)]);
    const model = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: specUri },
      position: at(9, 7),
      context: { includeDeclaration: false },
    });
    expect(model.map((location) => location.range)).toEqual([span(16, 6, 9), span(23, 9, 12)]);
  });

  it('renames a param everywhere, grid and random keys included, and a study by its name', async () => {
    type Edit = { ranges: Range; newText: string };
    const rename = async (position: Position, newName: string): Promise<Edit[]> => {
      const result = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', {
        textDocument: { uri: specUri },
        position,
        newName,
      });
      return result.changes[specUri]!.map((edit) => ({ ranges: edit.range, newText: edit.newText }));
    };
    expect(await rename(at(24, 11), 'p')).toEqual([
      { ranges: span(0, 6, 10), newText: 'p' },
      { ranges: span(12, 10, 14), newText: 'p' },
      { ranges: span(24, 10, 14), newText: 'p' },
    ]);
    expect(await rename(at(29, 13), 'learning')).toEqual([
      { ranges: span(1, 6, 8), newText: 'learning' },
      { ranges: span(18, 33, 35), newText: 'learning' },
      { ranges: span(29, 12, 14), newText: 'learning' },
    ]);
    expect(await rename(at(22, 7), 'by_rate')).toEqual([{ ranges: span(22, 6, 13), newText: 'by_rate' }]);
    expect(await rename(at(9, 7), 'net')).toEqual([
      { ranges: span(9, 6, 9), newText: 'net' },
      { ranges: span(16, 6, 9), newText: 'net' },
      { ranges: span(23, 9, 12), newText: 'net' },
    ]);
  });

  it('refuses keywords, invalid names, taken names and names written as values', async () => {
    const refusal = (position: Position, newName: string): Promise<{ code: number; message: string }> =>
      client.request('textDocument/rename', { textDocument: { uri: specUri }, position, newName }).then(
        () => ({ code: 0, message: 'no error' }),
        (error: { code: number; message: string }) => ({ code: error.code, message: error.message }),
      );
    expect(await refusal(at(0, 7), 'study')).toEqual({
      code: -32602,
      message:
        '`study` is a keyword and cannot be a param name; keywords are `data`, `model`, `block`, `train`, `on`, `repeat`, `from`, `param`, `study`, `true`, `false`',
    });
    expect((await refusal(at(0, 7), '1rate')).message).toMatch(/^`1rate` is not a valid param name/);
    expect(await refusal(at(0, 7), 'lr')).toEqual({ code: -32602, message: 'a param named `lr` is already declared' });
    expect(await refusal(at(0, 7), 'relu')).toEqual({
      code: -32602,
      message: '`relu` is already written as a value on line 12: renaming the param to it would make that value a use of the param',
    });
    expect(await refusal(at(22, 7), 'search')).toEqual({ code: -32602, message: 'a study named `search` is already declared' });
  });
});

describe('semantic tokens of params', () => {
  it('classifies a param at its declaration, its uses and the study keys as variable, a study name as class', async () => {
    const { data } = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: specUri } });
    const tokens: { line: number; character: number; length: number; type: string }[] = [];
    let line = 0;
    let character = 0;
    for (let index = 0; index < data.length; index += 5) {
      line += data[index]!;
      character = data[index]! === 0 ? character + data[index + 1]! : data[index + 1]!;
      tokens.push({ line, character, length: data[index + 2]!, type: SEMANTIC_TOKEN_TYPES[data[index + 3]!]! });
    }
    const typeAt = (position: Position): string | undefined =>
      tokens.find((token) => token.line === position.line && token.character === position.character)?.type;
    expect([at(0, 6), at(1, 6), at(12, 10), at(18, 33), at(24, 10), at(29, 12)].map(typeAt)).toEqual([
      'variable',
      'variable',
      'variable',
      'variable',
      'variable',
      'variable',
    ]);
    expect([typeAt(at(0, 0)), typeAt(at(22, 6)), typeAt(at(11, 24)), typeAt(at(25, 2))]).toEqual(['keyword', 'class', 'enumMember', 'property']);
  });
});
