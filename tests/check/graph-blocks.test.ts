import { describe, expect, it } from 'vitest';
import { brief, checkText } from './helpers.js';
import { briefs, diagnostics, graph, labels } from './graph-fixtures.js';

const CB = `block cb(filters, rate = 0.1) {
  conv2d(filters, 3, padding: same)
  batch_norm()
  spatial_dropout2d(rate)
}
`;

describe('blocks', () => {
  it("a block used twice gets two sets of layers, prefixed by each use's scope", () => {
    const text = `${CB}model m {
  input(shape: [8, 8, 1])
  a = cb(4)
  cb(4)
  b = cb(8, rate: 0.2)
  concatenate(a, b)
}`;
    expect(briefs(text)).toEqual([]);
    expect(graph(text)).toEqual([
      'input_1<>[8,8,1]',
      'a.conv2d_1<input_1>[8,8,4]',
      'a.batch_norm_1<a.conv2d_1>[8,8,4]',
      'a.spatial_dropout2d_1<a.batch_norm_1>[8,8,4]',
      'cb_1.conv2d_1<a.spatial_dropout2d_1>[8,8,4]',
      'cb_1.batch_norm_1<cb_1.conv2d_1>[8,8,4]',
      'cb_1.spatial_dropout2d_1<cb_1.batch_norm_1>[8,8,4]',
      'b.conv2d_1<cb_1.spatial_dropout2d_1>[8,8,8]',
      'b.batch_norm_1<b.conv2d_1>[8,8,8]',
      'b.spatial_dropout2d_1<b.batch_norm_1>[8,8,8]',
      'concatenate_1<a.spatial_dropout2d_1,b.spatial_dropout2d_1>[8,8,12]',
    ]);
    const layers = checkText(text).value.models[0]!.layers;
    expect(layers.map((layer) => layer.params.rate ?? null).filter((rate) => rate !== null)).toEqual([0.1, 0.1, 0.2]);
    expect(layers[7]!.blockUses).toEqual([
      { block: 'cb', scope: 'b', range: { start: { line: 10, column: 3, offset: expect.any(Number) }, end: expect.anything() } },
    ]);
    // Weights are per use: 3 convs and 3 batch norms, each counted.
    expect(checkText(text).value.models[0]!.trainableParams).toBe(9 * 1 * 4 + 4 + 8 + (9 * 4 * 4 + 4 + 8) + (9 * 4 * 8 + 8 + 16));
  });

  it('blocks use blocks, and nested scopes prefix their layers', () => {
    const text = `block inner(n) { dense(n) }
block outer(n) {
  x = inner(n)
  dense(n)
  add(x)
}
model m {
  input(shape: [4])
  o = outer(6)
}`;
    expect(briefs(text)).toEqual([]);
    expect(graph(text)).toEqual(['input_1<>[4]', 'o.x.dense_1<input_1>[6]', 'o.dense_1<o.x.dense_1>[6]', 'o.add_1<o.dense_1,o.x.dense_1>[6]']);
    expect(checkText(text).value.models[0]!.layers[1]!.blockUses!.map((use) => use.scope)).toEqual(['o', 'o.x']);
  });

  it("reports a bad argument value at the use's argument, naming the use; two uses each", () => {
    const found = diagnostics(`${CB}model m {
  input(shape: [8, 8, 1])
  cb(4, rate: 1.5)
  cb(4, 1.5)
}`);
    expect(found.map(brief)).toEqual([
      'NN2031 8:15-8:18 `rate` must be at least 0 and below 1, got 1.5',
      'NN2031 9:9-9:12 `rate` must be at least 0 and below 1, got 1.5',
    ]);
    expect(labels(found[0]!)).toEqual(['8:3 in `cb` used at line 8']);
    expect(labels(found[1]!)).toEqual(['9:3 in `cb` used at line 9']);
  });

  it('a problem inside the body is reported once per use, each naming its use; identical ones once', () => {
    const found = diagnostics(`block b() {
  dense(4)
}
model m {
  input(shape: [8, 8, 1])
  s = conv2d(2, 1)
  x = b()
  from s
  b()
  add(x)
}`);
    expect(found.map(brief)).toEqual([
      'NN3001 2:3-2:8 `dense` expects a vector, got shape [8, 8, 2] (rank 3)',
      'NN3001 2:3-2:8 `dense` expects a vector, got shape [8, 8, 2] (rank 3)',
    ]);
    expect(found.map(labels)).toEqual([['7:7 in `b` used at line 7'], ['9:3 in `b` used at line 9']]);
    // The same use repeated reports its problem once.
    expect(briefs('block d(r) {\n  dropout(r)\n}\nmodel m {\n  input(shape: [4])\n  repeat 3 { d(1.5) }\n  dense(2)\n}')).toEqual([
      'NN2031 6:16-6:19 `rate` must be at least 0 and below 1, got 1.5',
    ]);
  });

  it('binds arguments with the usual codes: too many, unknown, missing', () => {
    expect(
      briefs(`${CB}model m {
  input(shape: [8, 8, 1])
  cb(8, 0.2, 3)
  cb(units: 3)
  cb()
}`),
    ).toEqual([
      'NN2022 8:14-8:15 block `cb` takes 2 positional arguments (`filters` and `rate`), got more',
      'NN2023 9:3-9:5 block `cb` is missing required parameter `filters`',
      'NN2002 9:6-9:11 unknown parameter `units` for block `cb`',
      'NN2023 10:3-10:5 block `cb` is missing required parameter `filters`',
    ]);
  });

  it('reports recursion at the use that closes the cycle, naming it, and does not hang', () => {
    expect(
      briefs(`block a(n) {
  dense(n)
  b(n)
}
block b(n) {
  a(n)
}
model m {
  input(shape: [4])
  a(3)
}`),
    ).toEqual(['NN2072 6:3-6:4 block `a` uses itself: a -> b -> a']);
    expect(briefs('block s() {\n  s()\n}\nmodel m {\n  input(shape: [4])\n  s()\n}')).toEqual(['NN2072 2:3-2:4 block `s` uses itself: s -> s']);
  });

  it('reports `input` in a block, a block named like a layer, a parameter twice, and an unused block', () => {
    expect(
      briefs(`block dense(units) {
  dropout(0.1)
}
block c(n, n) {
  input(shape: [3])
  dense(n)
}
model m {
  input(shape: [4])
  c(3)
}
block never() { dense(1) }`),
    ).toEqual([
      'NN2074 1:7-1:12 block `dense` has the name of the catalogue layer `dense`',
      'NN2079 4:12-4:13 block `c` lists parameter `n` twice',
      "NN2073 5:3-5:8 a block cannot declare an `input`: its input is the chain's output where it is used",
      'NN2078 12:7-12:12 block `never` is never used',
    ]);
  });

  it('a block sees only its own names: an outside name says so', () => {
    const [error] = diagnostics(`block b() {
  dense(4)
  add(h)
}
model m {
  input(shape: [4])
  h = dense(4)
  b()
}`);
    expect(brief(error!)).toBe('NN2070 3:7-3:8 `h` is defined outside this block');
    expect(labels(error!)).toEqual(['7:3 `h` defined here, outside the block', '8:3 in `b` used at line 8']);
  });

  it('names in a block are scoped to each use', () => {
    const text = `block res(n) {
  h = dense(n)
  dense(n)
  add(h)
}
model m {
  input(shape: [4])
  res(4)
  res(4)
}`;
    expect(briefs(text)).toEqual([]);
    expect(graph(text)).toEqual([
      'input_1<>[4]',
      'res_1.h<input_1>[4]',
      'res_1.dense_1<res_1.h>[4]',
      'res_1.add_1<res_1.dense_1,res_1.h>[4]',
      'res_2.h<res_1.add_1>[4]',
      'res_2.dense_1<res_2.h>[4]',
      'res_2.add_1<res_2.dense_1,res_2.h>[4]',
    ]);
  });

  it('block expansion counts toward the unrolling limit: an error at a count, not a hang', () => {
    const found = briefs(`block inner() {
  repeat 1000 { dense(2) }
}
model m {
  input(shape: [2])
  repeat 1000 { inner() }
}`);
    expect(found).toEqual(['NN2031 6:10-6:14 this `repeat` unrolls the model to 1,000,001 layers, more than the 100,000 nnspec unrolls']);
    const uses = Array.from({ length: 200 }, () => '  inner()').join('\n');
    expect(briefs(`block inner() {\n  repeat 1000 { dense(2) }\n}\nmodel m {\n  input(shape: [2])\n${uses}\n}`)[0]).toMatch(
      /^NN2031 105:3-105:8 this use of block `inner` expands the model to 200,001 layers/,
    );
  });

  it('block defaults and bodies take spec params, and a block parameter hides a spec param of its name', () => {
    const text = `param width = 6
param rate = 0.3
block b(rate = rate) {
  dense(width)
  dropout(rate)
}
model m {
  input(shape: [4])
  b()
  b(0.5)
}`;
    expect(briefs(text)).toEqual([]);
    const layers = checkText(text).value.models[0]!.layers;
    expect(layers.map((layer) => `${layer.name}:${layer.params.units ?? layer.params.rate}`)).toEqual([
      'input_1:undefined',
      'b_1.dense_1:6',
      'b_1.dropout_1:0.3',
      'b_2.dense_1:6',
      'b_2.dropout_1:0.5',
    ]);
  });

  it('global_average_pool2d is an alias: the node has the canonical type', () => {
    const layers = checkText('model m {\n  input(shape: [4, 4, 2])\n  global_average_pool2d()\n}').value.models[0]!.layers;
    expect(layers[1]).toMatchObject({ name: 'global_avg_pool2d_1', type: 'global_avg_pool2d', outputShape: [2] });
  });
});

describe('params and studies through blocks', () => {
  const spec = (grid: string) => `param rate = 0.5
block drop_block(r = rate) {
  dense(16, activation: relu)
  dropout(r)
}
data d {
  source: builtin.digits
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [64])
  drop_block()
  drop_block(r: rate)
  dense(10, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 2
}
study s {
  grid: { rate: ${grid} }
}
`;

  it('a study checks each setting through the block: a bad value is an error, a good grid is clean', () => {
    const good = checkText(spec('[0, 0.25]'));
    expect(good.diagnostics.map(brief)).toEqual([]);
    expect(
      good.value.studies[0]!.settings.map((setting) =>
        setting.program!.models[0]!.layers.filter((layer) => layer.type === 'dropout').map((layer) => layer.params.rate),
      ),
    ).toEqual([
      [0, 0],
      [0.25, 0.25],
    ]);
    const bad = checkText(spec('[0, 1.5]'));
    expect(bad.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.message)).toContain(
      '`rate` must be at least 0 and below 1, got 1.5',
    );
    expect(bad.value.studies[0]!.complete).toBe(false);
  });
});
