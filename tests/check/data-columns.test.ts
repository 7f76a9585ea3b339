import { describe, expect, it } from 'vitest';
import { lower } from '../../src/lower/index.js';
import { brief, checkText, diagnosticsOf } from './helpers.js';

/** A CSV data block with `options` and a regression training on it. */
function csvSpec(options: string, loss = 'mean_squared_error', units = 1): string {
  return `data houses {
  source: csv(path: "houses.csv", label: "price")
${options}
}
model m {
  input(shape: [2])
  dense(${units}${loss.includes('crossentropy') ? ', activation: softmax' : ''})
}
train m on houses {
  loss: ${loss}
  optimizer: adam
  epochs: 5
}
`;
}

describe('features and drop', () => {
  it('lowers the chosen columns, the dropped ones and imputation into the IR', () => {
    const checked = checkText(csvSpec('  features: ["rooms", "area"]\n  impute: constant(-1)\n  normalize_target: standard'));
    expect(checked.diagnostics.map(brief)).toEqual([]);
    const [document] = lower(checked.value).value;
    expect(document.training?.data).toMatchObject({
      features: ['rooms', 'area'],
      drop: [],
      impute: { strategy: 'constant', value: -1 },
      normalizeTarget: 'standard',
      classNames: null,
      optionSpans: {
        features: [
          { start: 77, end: 84 },
          { start: 86, end: 92 },
        ],
      },
    });
    const median = lower(checkText(csvSpec('  drop: ["id"]\n  impute: median')).value).value[0];
    expect(median.training?.data).toMatchObject({ features: null, drop: ['id'], impute: { strategy: 'median' }, normalizeTarget: 'none' });
  });

  it('reports both given at `drop`, labelling `features`', () => {
    const diagnostics = checkText(csvSpec('  features: ["rooms"]\n  drop: ["id"]')).diagnostics;
    expect(diagnostics.map(brief)).toEqual(['NN4030 4:9-4:15 data `houses` gives both `features` and `drop`']);
    expect(diagnostics[0].labels?.[0].range.start).toMatchObject({ line: 3, column: 13 });
  });

  it('reports the label column and a repeated column at the name', () => {
    expect(diagnosticsOf(csvSpec('  features: ["rooms", "price", "rooms"]'))).toEqual([
      'NN4031 3:23-3:30 `price` is the label column of data `houses`; `features` lists feature columns',
      'NN4032 3:32-3:39 column `rooms` is listed twice in `features`',
    ]);
    expect(diagnosticsOf(csvSpec('  drop: ["price"]'))).toEqual([
      'NN4031 3:10-3:17 `price` is the label column of data `houses`; `drop` lists feature columns',
    ]);
  });

  it('reports wrong types with a fix, and an empty features list', () => {
    const diagnostics = checkText(csvSpec('  features: "rooms"')).diagnostics;
    expect(diagnostics.map(brief)).toEqual(['NN2030 3:13-3:20 `features` must be a list of column names, got "rooms"']);
    expect(diagnostics[0].fixes?.[0].edits[0].newText).toBe('["rooms"]');
    const bare = checkText(csvSpec('  drop: [id, 3]')).diagnostics;
    expect(bare.map(brief)).toEqual([
      'NN2030 3:10-3:12 `drop` must be a list of column names, got `id`',
      'NN2030 3:14-3:15 `drop` must be a list of column names, got 3',
    ]);
    expect(bare[0].fixes?.[0].edits[0].newText).toBe('"id"');
    expect(diagnosticsOf(csvSpec('  features: []'))).toEqual(['NN4037 3:13-3:15 `features` keeps no column']);
  });

  it('reports column options on a source without named columns', () => {
    expect(diagnosticsOf(csvSpec('  drop: ["x"]\n  impute: mean').replace('csv(path: "houses.csv", label: "price")', 'synthetic.sine'))).toEqual([
      'NN4033 3:9-3:14 `drop` needs a source with named columns, but data `houses` reads `synthetic.sine`',
      'NN4033 4:11-4:15 `impute` needs a source with named columns, but data `houses` reads `synthetic.sine`',
    ]);
  });
});

describe('impute', () => {
  it('reports an unknown strategy with a did-you-mean, and a bad constant', () => {
    const diagnostics = checkText(csvSpec('  impute: meen')).diagnostics;
    expect(diagnostics.map(brief)).toEqual(['NN2030 3:11-3:15 `impute` must be `mean`, `median` or `constant(x)`, got `meen`']);
    expect(diagnostics[0].label).toBe('did you mean `mean`?');
    expect(diagnostics[0].fixes?.[0].edits[0].newText).toBe('mean');
    expect(diagnosticsOf(csvSpec('  impute: constant("a")'))).toEqual(['NN2030 3:19-3:24 `constant` takes one number, the value that fills missing cells']);
  });
});

describe('normalize_target', () => {
  it('is an error with a classification loss, at the option', () => {
    expect(diagnosticsOf(csvSpec('  normalize_target: standard', 'categorical_crossentropy', 3))).toEqual([
      'NN4034 3:21-3:29 `normalize_target` on data `houses`, trained with the classification loss `categorical_crossentropy`',
    ]);
  });

  it('is an error on a classification source', () => {
    expect(diagnosticsOf(csvSpec('  normalize_target: standard').replace('csv(path: "houses.csv", label: "price")', 'builtin.iris'))).toContain(
      'NN4034 3:21-3:29 `normalize_target` on data `houses`, a classification',
    );
  });
});

describe('class_names', () => {
  const digits = (names: string) => `data d {
  source: builtin.digits
  class_names: ${names}
}
model m {
  input(shape: [64])
  dense(10, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 5
}
`;

  it('lowers the names', () => {
    const names = '["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]';
    const checked = checkText(digits(names));
    expect(checked.diagnostics.map(brief)).toEqual([]);
    expect(lower(checked.value).value[0].training?.data.classNames).toEqual(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
  });

  it('is an error when the source fixes another class count', () => {
    expect(diagnosticsOf(digits('["zero", "one"]'))).toEqual(['NN4035 3:16-3:31 `class_names` gives 2 names, but `builtin.digits` has 10 classes']);
  });

  it('is an error when the output units and the loss fix another class count', () => {
    const spec = csvSpec('  class_names: ["a", "b", "c"]', 'categorical_crossentropy', 4);
    expect(diagnosticsOf(spec)).toEqual(['NN4035 3:16-3:31 `class_names` gives 3 names, but the model outputs 4 classes for `categorical_crossentropy`']);
  });

  it('is an error on a regression, and with a repeated or a single name', () => {
    expect(diagnosticsOf(csvSpec('  class_names: ["a", "b"]').replace('csv(path: "houses.csv", label: "price")', 'synthetic.sine'))).toEqual([
      'NN4036 3:16-3:26 `class_names` on data `houses`, a regression',
    ]);
    expect(diagnosticsOf(csvSpec('  class_names: ["a", "b"]'))).toEqual([
      'NN4036 3:16-3:26 `class_names` on data `houses`, trained with the regression loss `mean_squared_error`',
    ]);
    expect(diagnosticsOf(digits('["a"]'))).toEqual(['NN4037 3:16-3:21 `class_names` names one class; a classification has at least two']);
    expect(diagnosticsOf(digits('["a", "a"]'))).toContain('NN4032 3:22-3:25 class `a` is listed twice in `class_names`');
  });
});
