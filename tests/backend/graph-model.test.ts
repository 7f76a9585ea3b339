/** Graph models (issue 12): one functional builder, merges, spatial dropout, export to plain TF.js. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, exportModel, initBackend, NEGATE_SUFFIX, SeededSpatialDropout2D } from '../../src/backend/index.js';
import { makeForward } from '../../src/train/trainer/forward.js';
import { stepCost } from '../../src/train/trainer/step-cost.js';
import { branches, conv2dNode, denseNode, difference, inputNode, mlpModel, modelOf, residualMlp } from '../support/graph-fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function weightsOf(model: tf.LayersModel, layer: string): number[][] {
  return model
    .getLayer(layer)
    .getWeights()
    .map((weight) => Array.from(weight.dataSync()));
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('buildModel: graphs', () => {
  it('builds residual_mlp: the add is the relu path plus the skip, 26,122 parameters', () => {
    const model = buildModel(residualMlp(), { seed: 3 });
    try {
      expect(model.countParams()).toBe(26_122);
      expect(model.layers.map((layer) => layer.name)).toEqual(['input_1', 'h', 'dense_1', 'dropout_1', 'add_1', 'dense_2']);
      const inbound = (model.getLayer('add_1') as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes[0]!.inboundLayers;
      expect(inbound.map((layer) => layer.name)).toEqual(['dropout_1', 'h']);
      const x = tf.randomNormal([4, 64], 0, 1, 'float32', 5);
      const [w1, b1] = model.getLayer('h').getWeights();
      const [w2, b2] = model.getLayer('dense_1').getWeights();
      const [w3, b3] = model.getLayer('dense_2').getWeights();
      const expected = tf.tidy(() => {
        const h = tf.relu(tf.add(tf.matMul(x, w1!), b1!));
        const main = tf.relu(tf.add(tf.matMul(h, w2!), b2!));
        return tf.softmax(tf.add(tf.matMul(tf.add(main, h), w3!), b3!));
      });
      const actual = model.predict(x) as tf.Tensor;
      expect(actual.shape).toEqual([4, 10]);
      expect(maxDifference(actual, expected)).toBeLessThan(1e-5);
      tf.dispose([x, expected, actual]);
    } finally {
      model.dispose();
    }
  });

  it('builds branches: names from the IR, concatenate joins the channels, counts as the IR', () => {
    const ir = branches();
    const model = buildModel(ir, { seed: 3 });
    try {
      expect(model.layers.map((layer) => layer.name)).toEqual(ir.nodes.map((n) => n.name));
      expect(model.getLayer('concatenate_1').outputShape).toEqual([null, 8, 8, 32]);
      expect(model.getLayer('b').outputShape).toEqual([null, 8, 8, 16]);
      for (const n of ir.nodes) expect(model.getLayer(n.name).countParams(), n.name).toBe(n.trainableParams + n.nonTrainableParams);
      expect(model.countParams()).toBe(ir.trainableParams + ir.nonTrainableParams);
      expect(ir.trainableParams + ir.nonTrainableParams).toBe(3_146);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
    } finally {
      model.dispose();
    }
  });

  it('subtracts its second input from its first with standard layers (Rescaling by -1, then Add)', () => {
    const ir = difference();
    const model = buildModel(ir, { seed: 1 });
    try {
      // TF.js orders a functional model's layers by depth; the set is what matters.
      expect(model.layers.map((layer) => layer.name).sort()).toEqual(['a', 'b', 'input_1', 'subtract_1', `subtract_1${NEGATE_SUFFIX}`]);
      expect(model.countParams()).toBe(ir.trainableParams);
      const x = tf.randomNormal([3, 6], 0, 1, 'float32', 2);
      const [wa, ba] = model.getLayer('a').getWeights();
      const [wb, bb] = model.getLayer('b').getWeights();
      const expected = tf.tidy(() => tf.sub(tf.add(tf.matMul(x, wa!), ba!), tf.relu(tf.add(tf.matMul(x, wb!), bb!))));
      const actual = model.predict(x) as tf.Tensor;
      expect(maxDifference(actual, expected)).toBeLessThan(1e-6);
      tf.dispose([x, expected, actual]);
    } finally {
      model.dispose();
    }
  });

  it('gives a block used twice (two nodes, same type and params, other names) different initial weights', () => {
    const ir = modelOf('twice', [
      inputNode('input_1', [8, 8, 4]),
      conv2dNode('a.conv2d_1', 4, 3, ['input_1', [8, 8, 4]]),
      conv2dNode('b.conv2d_1', 4, 3, ['a.conv2d_1', [8, 8, 4]]),
    ]);
    const model = buildModel(ir, { seed: 7 });
    try {
      const [kernelA] = weightsOf(model, 'a.conv2d_1');
      const [kernelB] = weightsOf(model, 'b.conv2d_1');
      expect(kernelA!.length).toBe(kernelB!.length);
      expect(kernelA).not.toEqual(kernelB);
      // ...and the same ones for the same seed.
      const again = buildModel(ir, { seed: 7 });
      expect(weightsOf(again, 'b.conv2d_1')).toEqual(weightsOf(model, 'b.conv2d_1'));
      again.dispose();
    } finally {
      model.dispose();
    }
  });

  it('keeps the fused forward pass for a chain, and the model path for a graph', () => {
    const chain = buildModel(mlpModel([4, 16, 3], { dropout: 0.2 }), { seed: 1 });
    const graph = buildModel(residualMlp(), { seed: 1 });
    expect(makeForward(chain).mode).toBe('fused');
    expect(makeForward(graph).mode).toBe('model');
    chain.dispose();
    graph.dispose();
  });

  it("counts a graph's step cost: merges add no weights", () => {
    const model = buildModel(branches(), { seed: 1 });
    const { weights, macsPerExample } = stepCost(model);
    expect(weights).toBe(branches().trainableParams);
    // conv weights are used at each of the 64 pixels, the dense layer's once.
    expect(macsPerExample).toBe((160 + 2_320 + 272) * 64 + 32 * 64 + 330);
    model.dispose();
  });
});

describe('createLayer reads complete IR parameters', () => {
  it('throws for a parameter the IR left out: lowering fills every default, so a gap is a bug', () => {
    const dense = denseNode('dense_1', 4, 'relu', ['input_1', 2]);
    delete dense.params.use_bias;
    expect(() => buildModel(modelOf('gap', [inputNode('input_1', [2]), dense]), { seed: 1 })).toThrow(
      'dense_1: `dense` parameter `use_bias` is missing, not `true` or `false`',
    );
    const conv = conv2dNode('conv2d_1', 2, 3, ['input_1', [4, 4, 1]]);
    conv.params.padding = 3;
    expect(() => buildModel(modelOf('typo', [inputNode('input_1', [4, 4, 1]), conv]), { seed: 1 })).toThrow(
      'conv2d_1: `conv2d` parameter `padding` is 3, not a string',
    );
  });
});

describe('spatial_dropout2d', () => {
  it('drops whole channels, scales the rest, draws a seeded mask per step, and is the identity at inference', () => {
    const masks = (seed: number): number[][][] => {
      const layer = new SeededSpatialDropout2D({ rate: 0.5, seed });
      const x = tf.ones([2, 3, 3, 8]);
      const out = [1, 2, 3].map(() => {
        const y = layer.apply(x, { training: true }) as tf.Tensor4D;
        // Per sample and channel: every pixel of the map holds the same value (0 or 2).
        const values = y.arraySync();
        y.dispose();
        return values
          .flatMap((sample) => {
            const channels = sample[0]![0]!.map((_, c) => sample.flatMap((row) => row.map((pixel) => pixel[c]!)));
            return channels.map((pixels) => {
              expect(new Set(pixels).size).toBe(1);
              expect([0, 2]).toContain(pixels[0]);
              return pixels[0]!;
            });
          })
          .map((value) => [value]);
      });
      const inference = layer.apply(x, { training: false }) as tf.Tensor;
      expect(Array.from(inference.dataSync()).every((value) => value === 1)).toBe(true);
      tf.dispose([x, inference]);
      return out;
    };
    const run = masks(4);
    expect(run[0]).not.toEqual(run[1]);
    expect(masks(4)).toEqual(run);
    expect(masks(5)).not.toEqual(run);
    const flat = run.flat(2);
    expect(flat).toContain(0);
    expect(flat).toContain(2);
  });
});

describe('export of graph models', () => {
  it.each([
    ['residual_mlp', residualMlp, [2, 64]],
    ['branches', branches, [2, 8, 8, 1]],
    ['difference (subtract)', difference, [2, 6]],
  ] as const)("%s: plain tf.loadLayersModel loads the functional model.json with the IR's counts and the same predictions", async (_name, fixture, shape) => {
    const ir = fixture();
    const model = buildModel(ir, { seed: 9 });
    const { modelJson, weights } = await exportModel(model);
    const topology = JSON.stringify(modelJson.modelTopology);
    expect(topology).toContain('"inbound_nodes"');
    expect(topology).toContain('"class_name":"Model"');
    expect(topology).not.toContain('Nnspec');
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: weights }),
    );
    expect(loaded.countParams()).toBe(ir.trainableParams + ir.nonTrainableParams);
    const x = tf.randomNormal([...shape], 0, 1, 'float32', 11);
    const expected = model.predict(x) as tf.Tensor;
    const actual = loaded.predict(x) as tf.Tensor;
    expect(maxDifference(actual, expected)).toBe(0);
    tf.dispose([x, expected, actual]);
    model.dispose();
    loaded.dispose();
  });
});
