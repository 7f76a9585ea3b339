import { describe, expect, it } from 'vitest';
import { renderSummary, summarizeModel, isChain } from '../../src/check/summary.js';
import { checkText } from './helpers.js';
import { BRANCHES, RESIDUAL_MLP } from './graph-fixtures.js';

describe('the summary of a graph model', () => {
  it('lists every node, the input included, with what it is connected to', () => {
    const model = checkText(RESIDUAL_MLP).value.models[0]!;
    expect(isChain(model)).toBe(false);
    const summary = summarizeModel(model);
    expect(summary.layers.map((row) => [row.name, row.connectedTo, row.params])).toEqual([
      ['input_1', [], 0],
      ['h', ['input_1'], 8_320],
      ['dense_1', ['h'], 16_512],
      ['dropout_1', ['dense_1'], 0],
      ['add_1', ['dropout_1', 'h'], 0],
      ['dense_2', ['add_1'], 1_290],
    ]);
    expect(summary.totalParams).toBe(26_122);
    expect(renderSummary(summary, { ascii: true })).toBe(
      [
        'Model: "residual_mlp"',
        'Input: (None, 64)',
        '===========================================================',
        'Layer (type)          Output Shape   Param #   Connected to',
        '===========================================================',
        'input_1 (input)       (None, 64)           0   -',
        '-----------------------------------------------------------',
        'h (dense)             (None, 128)      8,320   input_1',
        '-----------------------------------------------------------',
        'dense_1 (dense)       (None, 128)     16,512   h',
        '-----------------------------------------------------------',
        'dropout_1 (dropout)   (None, 128)          0   dense_1',
        '-----------------------------------------------------------',
        'add_1 (add)           (None, 128)          0   dropout_1, h',
        '-----------------------------------------------------------',
        'dense_2 (dense)       (None, 10)       1,290   add_1',
        '===========================================================',
        'Total params: 26,122 (102.04 KB)',
        'Trainable params: 26,122 (102.04 KB)',
        'Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
  });

  it('shows block layers by their scoped names', () => {
    const summary = summarizeModel(checkText(BRANCHES).value.models[0]!);
    expect(summary.layers.map((row) => `${row.name} <- ${row.connectedTo!.join(', ')}`)).toEqual([
      'input_1 <- ',
      'stem <- input_1',
      'a.conv2d_1 <- stem',
      'a.batch_norm_1 <- a.conv2d_1',
      'a.spatial_dropout2d_1 <- a.batch_norm_1',
      'b <- stem',
      'concatenate_1 <- a.spatial_dropout2d_1, b',
      'global_avg_pool2d_1 <- concatenate_1',
      'dense_1 <- global_avg_pool2d_1',
    ]);
  });

  it('a chain, even with a name or a block, is summarised as before', () => {
    const model = checkText('block b(n) { dense(n) }\nmodel m {\n  input(shape: [4])\n  h = dense(8)\n  b(3)\n}').value.models[0]!;
    expect(isChain(model)).toBe(true);
    const summary = summarizeModel(model);
    expect(summary.layers.map((row) => row.name)).toEqual(['h', 'b_1.dense_1']);
    expect(summary.layers.every((row) => row.connectedTo === undefined)).toBe(true);
    expect(renderSummary(summary, { ascii: true }).split('\n')[3]).toBe('Layer (type)          Output Shape   Param #');
  });
});
