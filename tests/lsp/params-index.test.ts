// Issue 11: the editor's syntactic index of params and studies (src/lsp/analysis/params.ts):
// which names are uses, which catalogue parameter each feeds, and a study's size.
import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import type { StudyDeclaration } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/index.js';
import { paramUses, studyKeys, studySize, variationText } from '../../src/lsp/analysis/params.js';

const catalogue = defaultCatalogueView();

const SPEC = `param n = 300
param p = 0.2
param act = relu
param k = 3
param drop = 0.5

data d {
  source: synthetic.spirals(samples: n)
  split: { train: 0.6, validation: p, test: 0.2 }
  limit: n
}

model m {
  input(shape: [2])
  repeat 2 {
    dense(16, activation: act, kernel_regularizer: l2(p))
    dropout(p)
  }
  dense(3, activation: softmax)
}

train m on d {
  loss: categorical_crossentropy
  metrics: [accuracy, top_k_accuracy(k: k)]
  optimizer: adam()
  schedule: step_decay(drop: drop, every: n)
  early_stopping: { patience: k }
  epochs: n
}
`;

describe('param uses, read from the syntax tree', () => {
  it('finds every use in data, model and train declarations, with the catalogue parameter it feeds', () => {
    const uses = paramUses(parse(SPEC).value, catalogue).map(
      (use) => `${use.identifier.name}@${use.identifier.range.start.line}: ${use.feeds ? `${use.feeds.owner}'s ${use.feeds.param.name}` : '?'}`,
    );
    expect(uses).toEqual([
      "n@8: `synthetic.spirals`'s samples",
      "p@9: `split`'s validation",
      "n@10: the `data` block's limit",
      "act@16: `dense`'s activation",
      "p@16: `l2`'s l2",
      "p@17: `dropout`'s rate",
      "k@24: `top_k_accuracy`'s k",
      "drop@26: `step_decay`'s drop",
      "n@26: `step_decay`'s every",
      "k@27: `early_stopping`'s patience",
      "n@28: the `train` block's epochs",
    ]);
  });

  it('ignores names that are not declared params, and dotted names', () => {
    expect(paramUses(parse('model m {\n  input(shape: [2])\n  dense(2, activation: relu)\n}\n').value, catalogue)).toEqual([]);
    expect(paramUses(parse('param builtin = 1\ndata d {\n  source: builtin.digits\n}\n').value, catalogue)).toEqual([]);
  });
});

describe('studies, read from the syntax tree', () => {
  const studyOf = (text: string): StudyDeclaration =>
    parse(text).value.declarations.find((declaration): declaration is StudyDeclaration => declaration.kind === 'study')!;

  it('sizes a grid as the product of its lists x the seeds, a random study as trials x seeds, with the default seed count', () => {
    expect(studySize(studyOf('study s {\n  grid: { a: [1, 2, 3], b: [4, 5] }\n  seeds: 5\n}\n'), catalogue)).toBe('6 settings x 5 seeds = 30 trials');
    expect(studySize(studyOf('study s {\n  random: { a: uniform(0, 1) }\n  trials: 1\n  seeds: [3, 7]\n}\n'), catalogue)).toBe(
      '1 setting x 2 seeds = 2 trials',
    );
    expect(studySize(studyOf('study s {\n  grid: { a: [0] }\n}\n'), catalogue)).toBe('1 setting x 3 seeds = 3 trials');
    expect(studySize(studyOf('study s {\n  grid: { a: 1 }\n}\n'), catalogue)).toBeUndefined();
    expect(studySize(studyOf('study s {\n  random: { a: uniform(0, 1) }\n}\n'), catalogue)).toBeUndefined();
  });

  it('lists the keys of grid and random with their values as written', () => {
    const text = 'study s {\n  grid: { rate: [0, 0.1] }\n  random: { lr: log_uniform(1e-4,   1e-1) }\n}\n';
    expect(studyKeys(parse(text).value).map((key) => `${key.key.name}: ${variationText(text, key)}`)).toEqual([
      'rate: grid 0, 0.1',
      'lr: random log_uniform(1e-4, 1e-1)',
    ]);
  });
});
