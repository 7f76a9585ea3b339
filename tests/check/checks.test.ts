import { describe, expect, it } from 'vitest';
import { brief, checkText, diagnosticsOf, withTraining } from './helpers.js';
import { checkSource } from '../../src/check/index.js';

const iris = (body: string, options?: Parameters<typeof withTraining>[1]) => diagnosticsOf(withTraining(body, options));

describe('names, parameters and types (NN2xxx)', () => {
  it('reports an unknown layer with a did-you-mean fix', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  dens(3, activation: softmax)'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NN2001']);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic.message).toBe('unknown layer `dens`');
    expect(diagnostic.range.start).toMatchObject({ line: 7, column: 3 });
    expect(diagnostic.range.end).toMatchObject({ line: 7, column: 7 });
    expect(diagnostic.help).toBe('did you mean `dense`?');
    expect(diagnostic.fixes?.[0].edits[0].newText).toBe('dense');
  });

  it('reports an unknown parameter', () => {
    expect(iris('  input(shape: [4])\n  dense(3, activaton: softmax)')).toEqual(['NN2002 7:12-7:21 unknown parameter `activaton` for `dense`']);
  });

  it('reports an unknown enum value with the closest one', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  dense(3, activation: sofmax)'));
    expect(result.diagnostics.map((d) => `${d.code} ${d.message} ${d.fixes?.[0].edits[0].newText}`)).toEqual([
      'NN2004 unknown value `sofmax` for `activation` softmax',
    ]);
  });

  it('reports a parameter given twice at the second, labelling the first', () => {
    const [diagnostic] = checkText(withTraining('  input(shape: [4])\n  dense(3, units: 3, activation: softmax)')).diagnostics;
    expect(diagnostic.code).toBe('NN2020');
    expect(diagnostic.message).toBe('`units` is given twice in `dense`');
    expect(diagnostic.range.start.column).toBe(12);
    expect(diagnostic.labels?.[0]).toMatchObject({ message: '`units` first given here', range: { start: { line: 7, column: 9 } } });
  });

  it('reports a positional argument where none is allowed', () => {
    expect(iris('  input(shape: [4])\n  flatten(2)\n  dense(3, activation: softmax)')).toEqual(['NN2021 7:11-7:12 `flatten` takes no positional arguments']);
  });

  it('reports a positional argument after a named one', () => {
    expect(iris('  input(shape: [4])\n  dense(units: 3, softmax)')).toEqual(['NN2024 7:19-7:26 positional argument after a named one in `dense`']);
  });

  it('reports too many positional arguments', () => {
    expect(iris('  input(shape: [4])\n  dense(3, softmax)')).toEqual(['NN2022 7:12-7:19 `dense` takes 1 positional argument (`units`), got more']);
  });

  it('reports a missing required parameter', () => {
    expect(iris('  input(shape: [4])\n  dense(activation: softmax)')).toEqual(['NN2023 7:3-7:8 `dense` is missing required parameter `units`']);
  });

  it('reports a value of the wrong type', () => {
    expect(iris('  input(shape: [4])\n  dense(12.5)\n  dense(3, activation: softmax)')).toEqual(['NN2030 7:9-7:13 `units` must be a whole number, got 12.5']);
  });

  it('treats a dropout rate of 1 as an error', () => {
    expect(iris('  input(shape: [4])\n  dropout(1)\n  dense(3, activation: softmax)')).toEqual([
      'NN2031 7:11-7:12 `rate` must be at least 0 and below 1, got 1',
    ]);
  });

  it('caps whole numbers at 2^31 - 1, as TF.js holds them in 32 bits', () => {
    expect(iris('  input(shape: [4])\n  dense(99999999999)\n  dense(3, activation: softmax)')).toEqual([
      'NN2031 7:9-7:20 `units` must be at most 2147483647, got 99999999999',
    ]);
    expect(iris('  input(shape: [4])\n  reshape([2, 3000000000])\n  dense(3, activation: softmax)')).toEqual([
      'NN2031 7:15-7:25 `target_shape` must be at most 2147483647, got 3000000000',
    ]);
    expect(iris('  input(shape: [4])\n  dense(2147483647)\n  dense(3, activation: softmax)').map((line) => line.slice(0, 6))).toEqual(['NN3014']);
  });

  it('checks the ranges of training settings', () => {
    const text = `data d {\n  source: builtin.iris\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\ntrain m on d {\n  loss: categorical_crossentropy\n  optimizer: adam(learning_rate: 0)\n  epochs: 0\n  batch_size: 0\n  early_stopping: { patience: 1.5, min_delta: -1, start_from_epoch: -2 }\n}\n`;
    expect(diagnosticsOf(text)).toEqual([
      'NN2031 11:34-11:35 `learning_rate` must be above 0, got 0',
      'NN2031 12:11-12:12 `epochs` must be at least 1, got 0',
      'NN2031 13:15-13:16 `batch_size` must be at least 1, got 0',
      'NN2030 14:31-14:34 `patience` must be a whole number, got 1.5',
      'NN2031 14:47-14:49 `min_delta` must be at least 0, got -1',
      'NN2031 14:69-14:71 `start_from_epoch` must be at least 0, got -2',
    ]);
  });

  it('reports unknown names of every kind, duplicates, and unused declarations', () => {
    const text = `data d {\n  source: builtin.iri\n  split: { train: 0.8, validation: 0.2, test: e }\n}\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\nmodel m {\n  input(shape: [4])\n}\ntrain n on dd {\n  los: mse\n  optimizer: adamw\n  epochs: 5\n  metrics: [acc]\n  schedule: step(drop: 0.5)\n}\n`;
    expect(diagnosticsOf(text)).toEqual([
      'NN2051 1:6-1:7 data `d` is never used',
      'NN4701 2:11-2:22 unknown data source `builtin.iri`',
      'NN2042 3:47-3:48 unknown data `e`',
      'NN2050 5:7-5:8 model `m` is never used',
      'NN2040 9:7-9:8 model `m` is declared twice',
      'NN2025 12:1-12:6 `train n on dd` is missing required option `loss`',
      'NN2041 12:7-12:8 unknown model `n`',
      'NN2042 12:12-12:14 unknown data `dd`',
      'NN2003 13:3-13:6 unknown option `los` for `train n on dd`',
      'NN2005 14:14-14:19 unknown optimizer `adamw`',
      'NN2007 16:13-16:16 unknown metric `acc`',
      'NN2008 17:13-17:17 unknown schedule `step`',
    ]);
  });

  it('reports unknown losses, initializers and regularizers', () => {
    expect(
      iris('  input(shape: [4])\n  dense(3, activation: softmax, kernel_initializer: glorot, kernel_regularizer: l3(0.1))', { loss: 'crossentropy' }),
    ).toEqual(['NN2009 7:53-7:59 unknown initializer `glorot`', 'NN2010 7:81-7:83 unknown regularizer `l3`', 'NN2006 10:9-10:21 unknown loss `crossentropy`']);
  });
});

describe('shapes (NN3xxx)', () => {
  it('reports dense on a rank-2 tensor and offers to insert flatten()', () => {
    const [diagnostic] = checkText(withTraining('  input(shape: [2, 2])\n  dense(3, activation: softmax)')).diagnostics;
    expect(diagnostic.code).toBe('NN3001');
    expect(diagnostic.message).toBe('`dense` expects a vector, got shape [2, 2] (rank 2)');
    expect(diagnostic.help).toBe('insert `flatten()` before this layer');
    expect(diagnostic.fixes?.[0].edits[0]).toMatchObject({ newText: 'flatten()\n  ', range: { start: { line: 7, column: 3 }, end: { line: 7, column: 3 } } });
  });

  it('reports a kernel larger than its input at the kernel size', () => {
    expect(iris('  input(shape: [4])\n  reshape([2, 2, 1])\n  conv2d(4, 3)\n  flatten()\n  dense(3, activation: softmax)')).toEqual([
      "NN3002 8:13-8:14 `conv2d` kernel of 3 is larger than the input's 2 along axis 1 (input [2, 2, 1])",
    ]);
  });

  it('reports conv on the wrong rank', () => {
    expect(iris('  input(shape: [4])\n  conv1d(4, 3)\n  flatten()\n  dense(3, activation: softmax)')).toEqual([
      'NN3001 7:3-7:9 `conv1d` expects a sequence [steps, channels] (rank 2), got shape [4] (rank 1)',
    ]);
  });

  it('reports a reshape that changes the number of values', () => {
    expect(iris('  input(shape: [4])\n  reshape([3, 1])\n  flatten()\n  dense(3, activation: softmax)')).toEqual([
      'NN3003 7:11-7:17 cannot reshape [4] (4 values) into [3, 1] (3 values)',
    ]);
  });

  it('reports a recurrent layer without a time axis', () => {
    expect(iris('  input(shape: [4])\n  lstm(8)\n  dense(3, activation: softmax)')).toEqual([
      'NN3004 7:3-7:7 `lstm` needs a sequence [steps, features], got shape [4]',
    ]);
  });

  it('reports an output that does not fit the classes', () => {
    const [diagnostic] = checkText(withTraining('  input(shape: [4])\n  dense(10, activation: softmax)')).diagnostics;
    expect(brief(diagnostic)).toBe('NN3008 7:9-7:11 the model outputs 10 values, but data `d` has 3 classes');
    expect(diagnostic.fixes?.[0].edits[0].newText).toBe('3');
  });

  it('warns about categorical cross-entropy after sigmoid', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  dense(3, activation: sigmoid)'));
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      'warning NN3010 `categorical_crossentropy` after `sigmoid` on 3 units: the outputs do not add up to 1',
    ]);
  });

  it('warns about binary cross-entropy on a softmax over many units', () => {
    const text = withTraining('  input(shape: [2])\n  dense(4, activation: softmax)', { source: 'synthetic.moons', loss: 'binary_crossentropy' });
    expect(diagnosticsOf(text)).toEqual(['NN3010 10:9-10:28 `binary_crossentropy` on a `softmax` over 4 units']);
    const sigmoid = withTraining('  input(shape: [2])\n  dense(4, activation: sigmoid)', { source: 'synthetic.moons', loss: 'binary_crossentropy' });
    expect(diagnosticsOf(sigmoid)).toEqual(['NN3008 7:9-7:10 the model outputs 4 values, but a two-class `binary_crossentropy` has one output']);
  });

  it('is an error to train a classification loss on regression data', () => {
    expect(iris('  input(shape: [1])\n  dense(1)', { source: 'synthetic.sine' })).toEqual([
      'NN3011 10:9-10:33 `categorical_crossentropy` needs classes, but data `d` is a regression',
    ]);
    expect(iris('  input(shape: [4])\n  dense(3, activation: softmax)', { loss: 'binary_crossentropy' })).toEqual([
      'NN3011 10:9-10:28 `binary_crossentropy` needs 2 classes, but data `d` has 3',
    ]);
  });

  it('warns about a regression loss on classification data', () => {
    expect(iris('  input(shape: [4])\n  dense(3, activation: softmax)', { loss: 'mean_squared_error' })).toEqual([
      'NN3010 10:9-10:27 `mean_squared_error` is a regression loss, but data `d` is a classification',
    ]);
  });

  it('reports an input that does not fit the data', () => {
    expect(iris('  input(shape: [5])\n  dense(3, activation: softmax)')).toEqual([
      'NN3012 6:3-6:20 input shape [5] holds 5 values, but one example of data `d` has 4 ([4])',
    ]);
  });

  it('takes the input shape from the data, or reports that there is none', () => {
    expect(iris('  dense(3, activation: softmax)')).toEqual([]);
    expect(diagnosticsOf('model m {\n  dense(3)\n}\n')).toEqual([
      'NN2050 1:7-1:8 model `m` is never used',
      'NN3005 1:7-1:8 model `m` has no `input` layer and no data with a known shape',
    ]);
  });

  it('reports an input that is not first, and a second input', () => {
    expect(iris('  dense(3, activation: softmax)\n  input(shape: [4])')).toEqual(['NN3006 7:3-7:8 `input` must be the first layer of the model']);
    const [second] = checkText(withTraining('  input(shape: [4])\n  input(shape: [4])\n  dense(3, activation: softmax)')).diagnostics;
    expect(second.code).toBe('NN3007');
    expect(second.labels?.[0].range.start.line).toBe(6);
  });

  it('reports a model too large to train on WASM, at its name, with the size of its weights', () => {
    const [diagnostic, ...rest] = checkText(withTraining('  input(shape: [4])\n  dense(20000)\n  dense(20000)\n  dense(3, activation: softmax)')).diagnostics;
    expect(rest).toEqual([]);
    expect(brief(diagnostic!)).toBe('NN3014 5:7-5:8 model `m` has 400,180,003 parameters, more than TF.js on WASM can train (268,435,456)');
    expect(diagnostic!.label).toBe('1.5 GiB of weights');
    // Just under the limit is fine.
    expect(iris('  input(shape: [4])\n  dense(16000)\n  dense(16000)\n  dense(3, activation: softmax)')).toEqual([]);
  });

  it('reports a model without layers', () => {
    expect(iris('  input(shape: [4])')).toEqual(['NN3013 5:7-5:8 model `m` has no layers after `input`']);
  });
});

describe('training rules (NN40xx)', () => {
  const spec = (split: string, extra: string, metrics = '[accuracy]') =>
    `data d {\n  source: builtin.iris\n  split: ${split}\n}\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\ntrain m on d {\n  loss: categorical_crossentropy\n  optimizer: adam\n  metrics: ${metrics}\n  epochs: 5\n  ${extra}\n}\n`;

  it('needs a validation split to monitor val_*', () => {
    expect(diagnosticsOf(spec('{ train: 0.8, validation: 0, test: 0.2 }', 'early_stopping: { monitor: val_loss }'))).toEqual([
      'NN4001 14:30-14:38 early stopping monitors `val_loss` but data `d` has no validation split',
    ]);
    expect(diagnosticsOf(spec('{ train: 1 }', 'schedule: reduce_on_plateau(monitor: val_loss)'))).toEqual([
      'NN4001 14:40-14:48 `reduce_on_plateau` monitors `val_loss` but data `d` has no validation split',
    ]);
  });

  it('reports monitoring a metric that is not computed', () => {
    expect(diagnosticsOf(spec('{ train: 0.8, validation: 0.2 }', 'early_stopping: { monitor: val_accuracy }', '[f1]'))).toEqual([
      'NN4002 14:30-14:42 early stopping monitors `val_accuracy`, which is not computed',
    ]);
  });

  it('reports split fractions above 1, and warns below 1', () => {
    expect(diagnosticsOf(spec('{ train: 0.8, validation: 0.3 }', 'seed: 1'))).toEqual([
      'NN4807 3:10-3:41 split fractions add up to 1.1 (0.8 + 0.3 + 0), more than 1',
    ]);
    expect(diagnosticsOf(spec('{ train: 0.6, validation: 0.2, test: 0.1 }', 'seed: 1'))).toEqual([
      'NN4003 3:10-3:52 split fractions add up to 0.9 (0.6 + 0.2 + 0.1): 10% of the data is never used',
    ]);
  });

  it('warns that stratify is ignored on regression data', () => {
    const text = `data d {\n  source: synthetic.sine\n  split: { train: 0.8, validation: 0.2, stratify: true }\n}\nmodel m {\n  input(shape: [1])\n  dense(1)\n}\ntrain m on d {\n  loss: huber\n  optimizer: adam\n  epochs: 5\n}\n`;
    expect(checkText(text).diagnostics.map((d) => `${d.severity} ${brief(d)}`)).toEqual([
      'warning NN4006 3:10-3:57 `stratify` is ignored: data `d` is a regression',
    ]);
  });

  it('accepts another data declaration as the test set', () => {
    const text = `data t {\n  source: builtin.iris\n}\n${spec('{ train: 0.8, validation: 0.2, test: t }', 'seed: 1')}`;
    const result = checkText(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.value.data[1].split).toEqual({ train: 0.8, validation: 0.2, test: 't', stratify: false });
  });

  it('reports a separate test set whose features differ', () => {
    const text = `data t {\n  source: builtin.digits\n}\n${spec('{ train: 0.8, validation: 0.2, test: t }', 'seed: 1')}`;
    expect(diagnosticsOf(text)).toEqual(['NN4802 6:47-6:48 test set `t` has features [64], but data `d` has [4]']);
  });

  it('resolves early stopping mode from the monitor', () => {
    const result = checkText(spec('{ train: 0.8, validation: 0.2 }', 'early_stopping: { monitor: val_accuracy, patience: 3 }'));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.trains[0].earlyStopping).toEqual({
      monitor: 'val_accuracy',
      mode: 'max',
      minDelta: 0,
      patience: 3,
      baseline: null,
      restoreBestWeights: false,
      startFromEpoch: 0,
      rule: { type: 'patience', params: {} },
    });
  });

  it('reports every problem of a file in one run, sorted by position', () => {
    const text = `model m {\n  input(shape: [4])\n  dens(3)\n  dropout(1)\n}\ntrain m on x {\n  epochs: 0\n}\n`;
    expect(diagnosticsOf(text)).toEqual([
      'NN2001 3:3-3:7 unknown layer `dens`',
      'NN2031 4:11-4:12 `rate` must be at least 0 and below 1, got 1',
      'NN2025 6:1-6:6 `train m on x` is missing required option `loss`',
      'NN2025 6:1-6:6 `train m on x` is missing required option `optimizer`',
      'NN2042 6:12-6:13 unknown data `x`',
      'NN2031 7:11-7:12 `epochs` must be at least 1, got 0',
    ]);
  });
});

describe('bounds on unrolling', () => {
  it('reports a repeat that unrolls past 100,000 layers at the count that multiplies it past', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  repeat 1000 {\n    repeat 1000 { dense(3) }\n  }\n  dense(3, activation: softmax)'));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual(['NN2031 7:10-7:14 this `repeat` unrolls the model to 1,000,002 layers, more than the 100,000 nnspec unrolls']);
    expect(errors[0]!.help).toBe('a model unrolls to at most 100,000 layers, and each repetition of an empty body counts as one; use a smaller count');
    // Nothing is unrolled past the limit: the model is left without layers and incomplete.
    expect(result.value.models[0]).toMatchObject({ layers: [], complete: false });
  });

  // Each case: the repeats written between `input` and the output layer, and the one error expected.
  const tooLarge = (repeats: string) =>
    checkText(withTraining(`  input(shape: [4])\n${repeats}\n  dense(3, activation: softmax)`))
      .diagnostics.filter((d) => d.severity === 'error')
      .map(brief);
  const steps = '(layers, and repetitions of an empty body), more than the 100,000 nnspec unrolls';

  it('bounds the work of nested empty repeats, reporting the inner count that crosses the limit', () => {
    // Before the fix this never returned: the cap counted only the layers produced.
    expect(tooLarge('  repeat 1000000 { repeat 1000000 { } }')).toEqual([
      `NN2031 7:27-7:34 this \`repeat\` unrolls the model to 1,000,000,000,002 steps ${steps}`,
    ]);
  });

  it('counts each repetition of an empty body, so a huge count of nothing is an error at once', () => {
    expect(tooLarge('  repeat 2147483647 { }')).toEqual([`NN2031 7:10-7:20 this \`repeat\` unrolls the model to 2,147,483,649 steps ${steps}`]);
  });

  it('saturates the size instead of overflowing', () => {
    expect(tooLarge('  repeat 1e300 { repeat 1e300 { dense(3) } }')).toEqual([
      'NN2031 7:25-7:30 this `repeat` unrolls the model to more than 9,007,199,254,740,991 layers, more than the 100,000 nnspec unrolls',
    ]);
  });

  it('counts the layers before a repeat, and reports the repeat that takes the total past the limit', () => {
    expect(tooLarge('  repeat 60000 { dense(3) }\n  repeat 40000 { dense(3) }')).toEqual([
      'NN2031 8:10-8:15 this `repeat` unrolls the model to 100,002 layers, more than the 100,000 nnspec unrolls',
    ]);
  });

  it('still checks the arguments of the layers of a repeat that is too large, once each', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  repeat 1000000 { dropout(2) }\n  dense(3, activation: softmax)'));
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['NN2031', 'NN2031']);
    expect(result.diagnostics[1]!.message).toBe('`rate` must be at least 0 and below 1, got 2');
  });

  it('unrolls a legal nested repeat in order, each layer remembering its innermost repeat', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  repeat 2 {\n    dense(4)\n    repeat 3 { dense(5) }\n  }\n  dense(3, activation: softmax)'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const layers = result.value.models[0]!.layers;
    expect(layers.map((layer) => `${layer.name}:${layer.outputShape}:${layer.repeatRange?.start.line ?? '-'}`)).toEqual([
      'input_1:4:-',
      'dense_1:4:7',
      'dense_2:5:9',
      'dense_3:5:9',
      'dense_4:5:9',
      'dense_5:4:7',
      'dense_6:5:9',
      'dense_7:5:9',
      'dense_8:5:9',
      'dense_9:3:-',
    ]);
  });

  it('allows exactly 100,000 steps, the limit itself, and one more is an error', () => {
    const steps = (count: number) => checkText(withTraining(`  input(shape: [4])\n  dense(3, activation: softmax)\n  repeat ${count} { }`));
    expect(steps(99998).diagnostics.filter((d) => d.code === 'NN2031')).toEqual([]);
    expect(
      steps(99999)
        .diagnostics.filter((d) => d.code === 'NN2031')
        .map((d) => d.message),
    ).toEqual(['this `repeat` unrolls the model to 100,001 steps (layers, and repetitions of an empty body), more than the 100,000 nnspec unrolls']);
  });
});

describe('bounds on model depth', () => {
  it('reports a model deeper than TF.js can build at its name, with the number of layers', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  repeat 3000 { dense(8) }\n  dense(3, activation: softmax)'));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual(['NN3015 5:7-5:8 model `m` has 3,002 layers, more than the 3,000 TF.js can build']);
    expect(errors[0]!.help).toContain('use at most 3,000 layers');
    expect(result.value.models[0]!.complete).toBe(false);
  });

  it('counts a too-deep model before unrolling it, and infers no shapes through it', () => {
    // 3 x 2^15 = 98,304 layers: within the unrolling bound, so before this the checker unrolled
    // them and inferred every shape (the fuzzer found 3.6 s for this 229-character spec).
    const nested = `${'repeat 2 { '.repeat(15)}dense(8)${' }'.repeat(15)}`;
    const result = checkText(withTraining(`  input(shape: [4])\n  repeat 3 { ${nested} }\n  dense(3, activation: softmax)`));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(brief)).toEqual(['NN3015 5:7-5:8 model `m` has 98,306 layers, more than the 3,000 TF.js can build']);
    expect(result.value.models[0]!.layers).toEqual([]);
    expect(result.value.models[0]!.complete).toBe(false);
  });

  it('accepts a model of exactly 3,000 layers', () => {
    const result = checkText(withTraining('  input(shape: [4])\n  repeat 2998 { dense(8) }\n  dense(3, activation: softmax)'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.value.models[0]!.layers).toHaveLength(3000);
  });
});

describe('did you mean on very long names', () => {
  // Before the bound, one such name took 25 s (an edit-distance table of a million rows per candidate).
  const long = 'x'.repeat(1_000_000);
  const unknown = (text: string) => checkText(text).diagnostics.filter((d) => d.severity === 'error');

  it('reports an unknown layer of a million characters at its name, without a suggestion', () => {
    const [diagnostic, ...rest] = unknown(withTraining(`  input(shape: [4])\n  ${long}(3)\n  dense(3, activation: softmax)`));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: 'NN2001', range: { start: { line: 7, column: 3 }, end: { line: 7, column: 1_000_003 } } });
    expect(diagnostic!.help).toBe('see `docs/catalogue.md` for the layers nnspec knows');
    expect(diagnostic!.fixes).toBeUndefined();
  });

  it('reports an unknown parameter, value, data option, optimizer and train option the same way', () => {
    const text = `data d {\n  source: builtin.iris\n  ${long}: 1\n}\nmodel m {\n  input(shape: [4])\n  dense(3, ${long}: 1, activation: ${long})\n}\ntrain m on d {\n  loss: categorical_crossentropy\n  optimizer: ${long}\n  epochs: 5\n  ${long}: 2\n}\n`;
    const diagnostics = unknown(text);
    expect(diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`)).toEqual([
      'NN2003 3:3',
      'NN2002 7:12',
      'NN2004 7:1000029',
      'NN2005 11:14',
      'NN2003 13:3',
    ]);
    for (const diagnostic of diagnostics) {
      expect(diagnostic.help ?? '').not.toContain('did you mean');
      expect(diagnostic.fixes).toBeUndefined();
    }
  });

  it('still suggests for a normal typo', () => {
    expect(unknown(withTraining('  input(shape: [4])\n  dense(3, activation: sofmax)'))[0]!.help).toMatch(/^did you mean `softmax`\? \(one of /);
  });
});

describe('numbers too large to represent', () => {
  it('are one error each, at the literal, wherever they are written, and nothing else is said about them', () => {
    const text = `data d {
  source: synthetic.blobs(samples: 1e309, features: 4, classes: 3)
  split: { train: 0.8, validation: -1e999 }
  limit: 1e400
}
model m {
  input(shape: [4, 1e309])
  repeat 1e999 { dense(1e309, kernel_regularizer: l2(1e999)) }
  dense(3, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam(learning_rate: 1e309)
  schedule: step_decay(drop: 1e999)
  metrics: [accuracy, top_k_accuracy(k: 1e999)]
  epochs: 1e309
  batch_size: 1e309
  seed: -1e309
  early_stopping: { monitor: val_loss, patience: 1e999, min_delta: 1e999, baseline: -1e999 }
}
`;
    const result = checkSource(text);
    expect(result.diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`)).toEqual([
      'NN1013 2:36',
      'NN1013 3:36',
      'NN1013 4:10',
      'NN1013 7:20',
      'NN1013 8:10',
      'NN1013 8:24',
      'NN1013 8:54',
      'NN1013 13:34',
      'NN1013 14:30',
      'NN1013 15:41',
      'NN1013 16:11',
      'NN1013 17:15',
      'NN1013 18:9',
      'NN1013 19:50',
      'NN1013 19:68',
      'NN1013 19:85',
    ]);
    // Before, `adam(learning_rate: 1e309)` checked clean and failed only in compile (NN4401).
    expect(result.value.trains[0]!.complete).toBe(false);
    expect(result.value.data[0]!.complete).toBe(false);
  });
});
