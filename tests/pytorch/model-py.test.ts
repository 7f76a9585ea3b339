import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../src/catalogue/index.js';
import { checkSource } from '../../src/check/index.js';
import type { IrModel } from '../../src/ir/schema.js';
import { lower } from '../../src/lower/index.js';
import { generateModelPy } from '../../src/pytorch/model-py.js';
import { pythonClassName, pythonIdentifier } from '../../src/pytorch/python-text.js';
import { TORCH_LAYER_TYPES } from '../../src/pytorch/torch-layers.js';
import { repoRoot } from '../support/repo-root.js';

function modelOfText(text: string): IrModel {
  const checked = checkSource(text);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(checked.value).value[0]!.model;
}

function generate(specPath: string, options: { targetScaling?: { mean: number; std: number } } = {}): string {
  const text = readFileSync(path.join(repoRoot, specPath), 'utf8');
  const result = generateModelPy(modelOfText(text), { specPath, specText: text, ...options });
  expect(result.diagnostics).toEqual([]);
  return result.value!;
}

describe('generateModelPy', () => {
  it('writes specs/digits.nn as one attribute per layer and a forward with the spec lines', () => {
    const text = generate('specs/digits.nn');
    expect(text).toContain('class Mlp(nn.Module):');
    expect(text).toContain('MODEL_NAME = "mlp"\n');
    expect(text).toContain('INPUT_SHAPE = (64,)\n');
    // Only what the constructors name: digits has initializers and no regularizer.
    expect(text).toContain('from nnspec_torch import layers\nfrom nnspec_torch.initializers import Initializer\n\n');
    expect(text).toContain(
      '        self.dense_1 = layers.Dense(\n            64, 256,\n            activation="relu",\n            use_bias=True,\n            kernel_initializer=Initializer("glorot_uniform"),\n            bias_initializer=Initializer("zeros"),\n            kernel_regularizer=None,\n            bias_regularizer=None,\n        )\n',
    );
    expect(text).toContain('        self.dropout_1 = layers.Dropout(rate=0.2)\n');
    expect(text).toContain('        # x: [batch, 64]  specs/digits.nn:12  input(shape: [64])\n');
    expect(text).toContain(
      [
        '        # specs/digits.nn:13  dense(256, activation: relu)',
        '        x = self.dense_1(x)',
        '        # specs/digits.nn:14  dropout(0.2)',
        '        x = self.dropout_1(x)',
        '        # specs/digits.nn:15  dense(128, activation: relu)',
        '        x = self.dense_2(x)',
        '        # specs/digits.nn:16  dropout(0.2)',
        '        x = self.dropout_2(x)',
        '        # specs/digits.nn:17  dense(10, activation: softmax)',
        '        x = self.dense_3(x)',
        '        return x',
      ].join('\n'),
    );
    expect(text).toContain('    "dense_1/kernel": ("dense_1.weight", "transpose"),\n    "dense_1/bias": ("dense_1.bias", "same"),\n');
    expect(text).toContain('def build_model() -> Mlp:\n');
    expect(text).toContain('    def regularization_loss(self) -> torch.Tensor:\n');
  });

  it('writes a graph model: sanitised attribute names, the skip value kept, merges reading in IR order', () => {
    const text = generate('specs/digits-resnet.nn');
    expect(text).toContain('class DigitsResnet(nn.Module):');
    expect(text).toContain('        self.residual_1_skip = layers.BatchNorm(16, momentum=0.99, epsilon=0.001, center=True, scale=True)  # residual_1.skip\n');
    expect(text).toContain(
      [
        '        # specs/digits-resnet.nn:14  skip = batch_norm()',
        '        x = self.residual_1_skip(x)',
        '        residual_1_skip = x',
        '        # specs/digits-resnet.nn:15  conv2d(filters, 3, padding: same, activation: relu)',
        '        x = self.residual_1_conv2d_1(x)',
      ].join('\n'),
    );
    expect(text).toContain('        # specs/digits-resnet.nn:18  add(skip)\n        x = self.residual_1_add_1([x, residual_1_skip])\n');
    expect(text).toContain('    "residual_2.skip/moving_variance": ("residual_2_skip.running_var", "same"),\n');
    expect(text).toContain('    "residual_1.conv2d_1/kernel": ("residual_1_conv2d_1.weight", "conv"),\n');
    expect(text).toContain('        self.global_avg_pool2d_1 = layers.GlobalPool("avg")\n');
  });

  it("passes concatenate's axis as Keras counts it, and a branch's inputs in IR order", () => {
    const model = modelOfText(
      'model m {\n  input(shape: [3, 4])\n  a = layer_norm()\n  b = activation(tanh)\n  activation(relu)\n  concatenate(a, b, axis: 1)\n}\n',
    );
    const text = generateModelPy(model, { specPath: 'm.nn' }).value!;
    expect(text).toContain('        self.concatenate_1 = layers.Concatenate(axis=1)\n');
    expect(model.nodes.find((node) => node.type === 'concatenate')!.inputs).toEqual(['activation_1', 'a', 'b']);
    expect(text).toContain(
      [
        '        x = self.a(x)',
        '        a = x',
        '        # m.nn  b (activation)',
        '        x = self.b(x)',
        '        b = x',
        '        # m.nn  activation_1 (activation)',
        '        x = self.activation_1(x)',
        '        # m.nn  concatenate_1 (concatenate)',
        '        x = self.concatenate_1([x, a, b])',
      ].join('\n'),
    );
    // Without the spec's text there is no line to point at: the comment names the node.
    expect(text).not.toContain('# m.nn:');
    expect(text).toContain('        # x: [batch, 3, 4]\n        # m.nn  a (layer_norm)\n        x = self.a(x)\n');
  });

  it('ends with the fixed target scaling, whose TF.js weights map to its buffers', () => {
    const text = generate('specs/sine.nn', { targetScaling: { mean: 0.25, std: 1.5 } });
    expect(text).toMatch(/self\.target_scale = layers\.TargetScale\(1, mean=0\.25, std=1\.5\)\n/);
    expect(text).toMatch(/ {8}return self\.target_scale\(x\)\n/);
    expect(text).toContain('    "target_scale/kernel": ("target_scale.std", "diagonal"),\n    "target_scale/bias": ("target_scale.mean", "same"),\n');
  });

  it('maps every catalogue layer and alias', () => {
    for (const layer of LAYERS.values()) {
      if (layer.name === 'input') continue;
      for (const name of [layer.name, ...(layer.aliases ?? [])]) expect(TORCH_LAYER_TYPES, name).toContain(name);
    }
  });

  it('reports NN5203 for a layer it cannot express, naming it, its type and its line', () => {
    const specText = 'model m {\n  input(shape: [4])\n  wavelet(3)\n}\n';
    const start = specText.indexOf('wavelet');
    const model: IrModel = {
      name: 'm',
      inputShape: [4],
      outputShape: [3],
      output: 'wavelet_1',
      trainableParams: 0,
      nonTrainableParams: 0,
      nodes: [
        { name: 'input_1', type: 'input', params: { shape: [4] }, inputs: [], inputShapes: [], outputShape: [4], trainableParams: 0, nonTrainableParams: 0 },
        {
          name: 'wavelet_1',
          type: 'wavelet',
          params: {},
          inputs: ['input_1'],
          inputShapes: [[4]],
          outputShape: [3],
          trainableParams: 0,
          nonTrainableParams: 0,
          source: { start, end: start + 'wavelet(3)'.length },
        },
      ],
    };
    const result = generateModelPy(model, { specPath: 'm.nn', specText });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic!.code).toBe('NN5203');
    expect(diagnostic!.severity).toBe('error');
    expect(diagnostic!.message).toBe("layer `wavelet_1` (`wavelet`) (m.nn:3) has no PyTorch equivalent in nnspec's exporter");
    expect(diagnostic!.range.start).toEqual({ offset: start, line: 3, column: 3 });
    expect(diagnostic!.range.end).toEqual({ offset: start + 10, line: 3, column: 13 });
  });

  it("never lets a layer hide nn.Module's own attributes or a Python keyword", () => {
    const model = modelOfText('model m {\n  input(shape: [4])\n  forward = dense(3)\n  eval = dense(3)\n  lambda = dense(3)\n  add(forward)\n}\n');
    const text = generateModelPy(model, { specPath: 'm.nn' }).value!;
    expect(text).toContain('        self.forward_ = layers.Dense(  # forward\n            4, 3,\n');
    expect(text).toContain('        self.eval_ = layers.Dense(  # eval\n            3, 3,\n');
    expect(text).toContain('        self.lambda_ = layers.Dense(  # lambda\n            3, 3,\n');
    expect(text).toContain('        x = self.forward_(x)\n        forward = x\n');
    expect(text).toContain('        x = self.add_1([x, forward])\n');
    expect(text).toContain('    "forward/kernel": ("forward_.weight", "transpose"),\n');
  });

  it('makes Python names of spec names', () => {
    expect(pythonIdentifier('a.conv2d_1')).toBe('a_conv2d_1');
    expect(pythonIdentifier('lambda')).toBe('lambda_');
    expect(pythonIdentifier('1x')).toBe('_1x');
    expect(pythonClassName('digits_resnet')).toBe('DigitsResnet');
    expect(pythonClassName('mlp')).toBe('Mlp');
  });
});
