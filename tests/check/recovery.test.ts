import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import type { DataDeclaration, LayerNode, ModelDeclaration, RepeatNode, TrainDeclaration } from '../../src/syntax/ast.js';
import { parseClean } from './parse-clean.js';
import { brief } from './helpers.js';

const TEXT = `data d {
  source: builtin.iris
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [4])
  repeat 2 {
    dense(8, activation: relu)
  }
  dense(3, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 5
}
`;

/** The parsed spec with the parts recovery could leave out removed by `damage`. */
function damaged(damage: (declarations: { data: DataDeclaration; model: ModelDeclaration; train: TrainDeclaration }) => void) {
  const spec = parseClean(TEXT);
  const [data, model, train] = spec.declarations as [DataDeclaration, ModelDeclaration, TrainDeclaration];
  damage({ data, model, train });
  return check(spec).diagnostics.map(brief);
}

describe('partial trees from parser recovery', () => {
  it('stays quiet about a value the parser could not read', () => {
    expect(damaged(({ train }) => delete train.properties[0].value)).toEqual([]);
    expect(damaged(({ model }) => delete (model.items[2] as LayerNode).args[0].value)).toEqual([]);
  });

  it('stays quiet about a repeat without a count', () => {
    expect(damaged(({ model }) => delete (model.items[1] as RepeatNode).count)).toEqual([]);
  });

  it('stays quiet about a train declaration without model or data names', () => {
    expect(
      damaged(({ train }) => {
        delete train.model;
        delete train.data;
      }),
    ).toEqual([]);
  });

  it('skips declarations without a name', () => {
    expect(damaged(({ data }) => delete data.name)).toEqual(['NN2042 12:12-12:13 unknown data `d`']);
  });
});
