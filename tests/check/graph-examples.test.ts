import { describe, expect, it } from 'vitest';
import { brief, checkText } from './helpers.js';
import { BRANCHES, RESIDUAL_MLP } from './graph-fixtures.js';

/** Every diagnostic but the unused-model warning (NN2050). */
const graphDiagnostics = (diagnostics: Parameters<typeof brief>[0][]): string[] => diagnostics.filter((d) => d.code !== 'NN2050').map(brief);

describe('the issue examples', () => {
  it('residual_mlp checks clean with 26,122 parameters', () => {
    const { value, diagnostics } = checkText(RESIDUAL_MLP);
    expect(graphDiagnostics(diagnostics)).toEqual([]);
    const model = value.models[0]!;
    expect(model.trainableParams + model.nonTrainableParams).toBe(26_122);
    expect(model.layers.map((layer) => [layer.name, layer.type, layer.inputs, layer.outputShape])).toEqual([
      ['input_1', 'input', [], [64]],
      ['h', 'dense', ['input_1'], [128]],
      ['dense_1', 'dense', ['h'], [128]],
      ['dropout_1', 'dropout', ['dense_1'], [128]],
      ['add_1', 'add', ['dropout_1', 'h'], [128]],
      ['dense_2', 'dense', ['add_1'], [10]],
    ]);
    expect(model.layers[4]!.inputShapes).toEqual([[128], [128]]);
    expect(model.layers[1]!.label).toBe('h');
    expect(model.output).toBe('dense_2');
    expect(model.complete).toBe(true);
  });

  it('branches checks clean through a block, a branch and a concatenation', () => {
    const { value, diagnostics } = checkText(BRANCHES);
    expect(graphDiagnostics(diagnostics)).toEqual([]);
    const model = value.models[0]!;
    expect(model.layers.map((layer) => [layer.name, layer.type, layer.inputs, layer.outputShape])).toEqual([
      ['input_1', 'input', [], [8, 8, 1]],
      ['stem', 'conv2d', ['input_1'], [8, 8, 16]],
      ['a.conv2d_1', 'conv2d', ['stem'], [8, 8, 16]],
      ['a.batch_norm_1', 'batch_norm', ['a.conv2d_1'], [8, 8, 16]],
      ['a.spatial_dropout2d_1', 'spatial_dropout2d', ['a.batch_norm_1'], [8, 8, 16]],
      ['b', 'conv2d', ['stem'], [8, 8, 16]],
      ['concatenate_1', 'concatenate', ['a.spatial_dropout2d_1', 'b'], [8, 8, 32]],
      ['global_avg_pool2d_1', 'global_avg_pool2d', ['concatenate_1'], [32]],
      ['dense_1', 'dense', ['global_avg_pool2d_1'], [10]],
    ]);
    // conv 160 + block conv 2320 + batch norm 64 (32 trainable) + b 272 + dense 330
    expect(model.trainableParams).toBe(160 + 2320 + 32 + 272 + 330);
    expect(model.nonTrainableParams).toBe(32);
    expect(model.layers[2]!.blockUses).toEqual([{ block: 'conv_block', scope: 'a', range: expect.anything() }]);
    expect(model.layers[2]!.params.filters).toBe(16);
    expect(model.layers[4]!.params.rate).toBe(0.1);
  });
});
