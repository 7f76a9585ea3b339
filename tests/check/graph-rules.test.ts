import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { brief, checkText } from './helpers.js';
import { briefs, diagnostics, graph, labels } from './graph-fixtures.js';

const at = (diagnostic: Diagnostic, index: number): string => labels(diagnostic)[index]!;

describe('merges', () => {
  it('a skip path of another width is an error at the merge showing both shapes, with a fix (the acceptance case)', () => {
    const [error, ...rest] = diagnostics(`model m {
  input(shape: [32])
  h = dense(64, activation: relu)
  dense(128)
  add(h)
}`);
    expect(rest).toEqual([]);
    expect(brief(error!)).toBe('NN3016 5:3-5:6 `add` needs inputs of the same shape, got [128] and [64]');
    expect(error!.severity).toBe('error');
    expect(error!.labels!.map((_label, index) => at(error!, index))).toEqual(['4:3 the main path is [128]', '3:3 `h` is [64]']);
    expect(error!.help).toBe('the skip path `h` is [64] and the main path [128]: add `dense(128)` after `h`, or use `concatenate`');
  });

  it('reads the current output first unless listed, then the names in order', () => {
    expect(
      graph(`model m {
  input(shape: [4])
  a = dense(3)
  from a
  b = dense(5)
  concatenate(a, b)
  c = dense(2)
  concatenate(b)
}`),
    ).toEqual(['input_1<>[4]', 'a<input_1>[3]', 'b<a>[5]', 'concatenate_1<a,b>[8]', 'c<concatenate_1>[2]', 'concatenate_2<c,b>[7]']);
  });

  it('concatenates images along the channels, and refuses other axes that differ', () => {
    const text = (pool: string) => `model m {
  input(shape: [8, 8, 3])
  a = conv2d(4, 3, padding: same)
  ${pool}
  conv2d(6, 3, padding: same)
  concatenate(a)
}`;
    expect(graph(text('conv2d(2, 1)')).at(-1)).toBe('concatenate_1<conv2d_2,a>[8,8,10]');
    const [error] = diagnostics(text('max_pool2d(2)'));
    expect(brief(error!)).toBe('NN3016 6:3-6:14 `concatenate` along axis -1 needs every other axis equal, got [4, 4, 6] and [8, 8, 4]');
    expect(error!.labels!.map((_label, index) => at(error!, index))).toEqual(['5:3 the main path is [4, 4, 6]', '3:3 `a` is [8, 8, 4]']);
  });

  it('reports an axis that names no axis at `axis`', () => {
    expect(
      briefs(`model m {
  input(shape: [4])
  h = dense(8)
  dense(8)
  concatenate(h, axis: 2)
}`),
    ).toEqual(['NN3018 5:18-5:25 `concatenate` cannot join along axis 2 of inputs of rank 1 ([8])']);
  });

  it('needs at least two inputs, subtract exactly two, and names as positional arguments', () => {
    expect(
      briefs(`model m {
  input(shape: [4])
  h = dense(4)
  add(h)
  g = dense(4)
  concatenate(g, 3)
  subtract(h, g, h)
  minimum()
}`),
    ).toEqual([
      'NN2076 4:3-4:6 `add` needs at least 2 inputs, got 1',
      "NN2075 6:18-6:19 `concatenate`'s positional arguments are the names of the outputs it merges",
      'NN2076 7:3-7:11 `subtract` takes exactly 2 inputs, got 4',
      'NN2076 8:3-8:10 `minimum` needs at least 2 inputs, got 1',
    ]);
  });

  it('subtract of two listed names reads just them', () => {
    expect(
      graph(`model m {
  input(shape: [4])
  a = dense(4)
  b = dense(4)
  subtract(a, b)
}`).at(-1),
    ).toBe('subtract_1<a,b>[4]');
  });

  it('has no parameters, and counts as TF.js does (0)', () => {
    const model = checkText(`model m {
  input(shape: [4])
  h = dense(4)
  dense(4)
  average(h)
}`).value.models[0]!;
    expect(model.layers.at(-1)).toMatchObject({ type: 'average', trainableParams: 0, nonTrainableParams: 0, inputShapes: [[4], [4]], inputShape: [4] });
    expect(model.trainableParams).toBe(40);
  });
});

describe('names and branches', () => {
  it('reports an unknown name with a suggestion, and one with the names in scope', () => {
    const found = diagnostics(`model m {
  input(shape: [4])
  hidden = dense(8)
  dense(8)
  add(hiden)
  from nope
  dense(2)
}`);
    expect(found.map(brief)).toEqual([
      'NN2077 3:3-3:9 the output name `hidden` is never used',
      'NN2070 5:7-5:12 unknown output `hiden`',
      'NN2070 6:8-6:12 unknown output `nope`',
    ]);
    const [, unknown, listed] = found;
    expect(unknown!.help).toBe('did you mean `hidden`?');
    expect(unknown!.fixes![0]!.edits[0]!.newText).toBe('hidden');
    expect(listed!.help).toBe('name an output first (`nope = dense(...)`); the names defined before here are `hidden`');
  });

  it('reports a name defined twice in one scope at the second, with the first', () => {
    const [error] = diagnostics(`model m {
  input(shape: [4])
  h = dense(4)
  h = dense(4)
  add(h)
}`);
    expect(brief(error!)).toBe('NN2071 4:3-4:4 the output name `h` is defined twice');
    expect(at(error!, 0)).toBe('3:3 `h` first defined here');
  });

  it("warns at a named output nothing uses, but not at the model's output", () => {
    expect(
      briefs(`model m {
  input(shape: [4])
  h = dense(8)
  out = dense(3)
}`),
    ).toEqual(['NN2077 3:3-3:4 the output name `h` is never used']);
    expect(diagnostics('model m {\n  input(shape: [4])\n  h = dense(8)\n  dense(3)\n  add(h)\n}')[0]?.code).toBe('NN3016');
  });

  it('leaves out a branch that does not reach the output, with a warning at its end, and does not count it', () => {
    const text = `model m {
  input(shape: [4])
  stem = dense(8)
  dense(8)
  dropout(0.1)
  from stem
  dense(3)
}`;
    expect(briefs(text)).toEqual(["NN3017 5:3-5:10 the output of `dropout` does not reach the model's output, so this branch is left out of the model"]);
    const model = checkText(text).value.models[0]!;
    expect(graph(text)).toEqual(['input_1<>[4]', 'stem<input_1>[8]', 'dense_2<stem>[3]']);
    expect(model.trainableParams).toBe(40 + 27);
    expect(model.output).toBe('dense_2');
    expect(model.complete).toBe(true);
  });

  it("names a repeat's outputs freshly in each repetition: a residual stack", () => {
    const text = `model m {
  input(shape: [64])
  repeat 3 { h = dense(64)  dense(64)  add(h) }
  dense(10)
}`;
    expect(briefs(text)).toEqual([]);
    expect(graph(text)).toEqual([
      'input_1<>[64]',
      'h<input_1>[64]',
      'dense_1<h>[64]',
      'add_1<dense_1,h>[64]',
      'h_2<add_1>[64]',
      'dense_2<h_2>[64]',
      'add_2<dense_2,h_2>[64]',
      'h_3<add_2>[64]',
      'dense_3<h_3>[64]',
      'add_3<dense_3,h_3>[64]',
      'dense_4<add_3>[10]',
    ]);
    const model = checkText(text).value.models[0]!;
    expect(model.layers.filter((layer) => layer.label === 'h')).toHaveLength(3);
    expect(model.trainableParams).toBe(6 * (64 * 64 + 64) + 650);
  });

  it("sees outer names inside a repeat, and not a repeat's names after it", () => {
    expect(
      briefs(`model m {
  input(shape: [4])
  x = dense(4)
  repeat 2 { dense(4)  add(x) }
  repeat 2 { y = dense(4)  add(y, x) }
  add(y)
}`),
    ).toEqual(['NN2070 6:7-6:8 unknown output `y`']);
  });

  it('numbers unnamed layers around the names the spec took', () => {
    expect(
      graph(`model m {
  input(shape: [4])
  dense(4)
  dense_2 = dense(4)
  dense(4)
  add(dense_2)
}`),
    ).toEqual(['input_1<>[4]', 'dense_1<input_1>[4]', 'dense_2<dense_1>[4]', 'dense_3<dense_2>[4]', 'add_1<dense_3,dense_2>[4]']);
  });

  it('names a plain chain exactly as before', () => {
    expect(graph('model m {\n  input(shape: [4])\n  dense(8)\n  dropout(0.1)\n  dense(8)\n  dense(3)\n}')).toEqual([
      'input_1<>[4]',
      'dense_1<input_1>[8]',
      'dropout_1<dense_1>[8]',
      'dense_2<dropout_1>[8]',
      'dense_3<dense_2>[3]',
    ]);
  });
});

describe('a merge argument and a param of the same name', () => {
  it('`add(h)` reads the output `h`, not a spec param called `h`', () => {
    const spec = `param h = 0.5
model m {
  input(shape: [8])
  h = dense(8, activation: relu)
  dense(8)
  dropout(h)
  add(h)
  dense(2, activation: softmax)
}
data d { source: synthetic.blobs(samples: 40, features: 8, classes: 2) }
train m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }`;
    const result = checkText(spec);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const layers = result.value.models[0]!.layers;
    expect(layers.find((layer) => layer.type === 'add')!.inputs).toEqual(['dropout_1', 'h']);
    expect(layers.find((layer) => layer.type === 'dropout')!.params.rate).toBe(0.5);
  });
});
