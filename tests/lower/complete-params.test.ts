import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import type { CheckedProgram } from '../../src/check/program.js';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import type { CatalogueView } from '../../src/catalogue/types.js';
import { completeCall, completeLayerParams, lower } from '../../src/lower/index.js';

const catalogue = defaultCatalogueView();

const SPEC = `data blobs {
  source: synthetic.blobs(samples: 60, classes: 3, features: 4)
  split: { validation: 0.2 }
}
model m {
  input(shape: [4])
  dense(8, activation: relu)
  dense(3, activation: softmax)
}
train m on blobs {
  loss: categorical_crossentropy
  optimizer: adam(learning_rate: 0.01)
  epochs: 8
  early_stopping: { monitor: val_loss, rule: pq }
}
`;

function checked(): CheckedProgram {
  const result = checkSource(SPEC);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.value;
}

describe('lowering fills every default from the catalogue', () => {
  it('completes a call or a layer the binding left partial, nested initializers included', () => {
    expect(completeCall('optimizer', { type: 'adam', params: { learning_rate: 0.01 } }, catalogue)).toEqual({
      type: 'adam',
      params: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    });
    expect(completeCall('stopping_rule', { type: 'pq', params: { strip: 4 } }, catalogue)).toEqual({ type: 'pq', params: { alpha: 0.5, strip: 4 } });
    const dense = completeLayerParams('dense', { units: 4, kernel_initializer: { type: 'random_normal', params: { stddev: 0.1 } } }, catalogue);
    expect(dense).toMatchObject({
      units: 4,
      activation: 'linear',
      use_bias: true,
      kernel_initializer: { type: 'random_normal', params: { mean: 0, stddev: 0.1 } },
      kernel_regularizer: null,
    });
    // A pool's `strides` defaults to its `pool_size`: the layer's own completion runs after the catalogue defaults.
    expect(completeLayerParams('max_pool2d', { pool_size: [3, 3] }, catalogue)).toMatchObject({ pool_size: [3, 3], strides: [3, 3] });
  });

  it('writes complete parameters into the IR, even for a program whose rule carries only some', () => {
    const program = checked();
    const train = program.trains[0]!;
    // A study's setting can carry a rule with only the parameters it varies.
    train.earlyStopping!.rule = { type: 'pq', params: { strip: 3 } };
    const [document] = lower(program).value;
    expect(document?.training?.earlyStopping?.rule).toEqual({ type: 'pq', params: { alpha: 0.5, strip: 3 } });
    expect(document?.training?.optimizer).toEqual({ type: 'adam', params: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } });
  });

  it("takes the checker's catalogue: its defaults are the ones filled, its schema the one checked", () => {
    const program = checked();
    program.trains[0]!.optimizer = { type: 'adam', params: { learning_rate: 0.01 } };
    const adam = catalogue.optimizer('adam')!;
    const custom: CatalogueView = {
      ...catalogue,
      optimizer: (name) =>
        name === 'adam'
          ? { ...adam, params: adam.params.map((param) => (param.name === 'beta_1' ? { ...param, default: 0.8 } : param)) }
          : catalogue.optimizer(name),
    };
    expect(lower(program, { catalogue: custom }).value[0]?.training?.optimizer.params.beta_1).toBe(0.8);
    expect(lower(program).value[0]?.training?.optimizer.params.beta_1).toBe(0.9);
  });

  it('reports a parameter the catalogue refuses at the model, instead of writing a bad document', () => {
    const program = checked();
    program.models[0]!.layers[1]!.params = { ...program.models[0]!.layers[1]!.params, units: 0 };
    const lowered = lower(program);
    expect(lowered.value).toEqual([]);
    expect(lowered.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN4401 model.nodes[1].params.units: must be at least 1, got 0']);
    expect(lowered.diagnostics[0]!.range).toEqual(program.models[0]!.nameRange);
  });
});
