/**
 * Hand-written IR v3 models for the backend's graph tests: issue 12's two example models, every
 * parameter filled in with the catalogue's defaults (as lowering writes them), and a small MLP.
 */
import type { IrModel, IrNode, IrShape, IrValue } from '../../src/ir/schema.js';

const WEIGHTS: Record<string, IrValue> = {
  kernel_initializer: { type: 'glorot_uniform', params: {} },
  bias_initializer: { type: 'zeros', params: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
};

/** One node; `inputs` name earlier nodes, whose output shapes are `inputShapes`. */
export function node(
  name: string,
  type: string,
  params: Record<string, IrValue>,
  inputs: [string, IrShape][],
  outputShape: IrShape,
  counts: [number, number] = [0, 0],
): IrNode {
  return {
    name,
    type,
    params,
    inputs: inputs.map(([n]) => n),
    inputShapes: inputs.map(([, s]) => s),
    outputShape,
    trainableParams: counts[0],
    nonTrainableParams: counts[1],
  };
}

/** The `input` node. */
export function inputNode(name: string, shape: IrShape): IrNode {
  return node(name, 'input', { shape: shape as IrValue }, [], shape);
}

/** A dense node reading `from` (a `[units]` vector). */
export function denseNode(name: string, units: number, activation: string, from: [string, number]): IrNode {
  return node(name, 'dense', { units, activation, use_bias: true, ...WEIGHTS }, [[from[0], [from[1]]]], [units], [from[1] * units + units, 0]);
}

/** A conv2d node with `same` padding reading `from` (`[h, w, channels]`). */
export function conv2dNode(name: string, filters: number, kernel: number, from: [string, [number, number, number]]): IrNode {
  const [h, w, channels] = from[1];
  const params = {
    filters,
    kernel_size: [kernel, kernel],
    strides: [1, 1],
    padding: 'same',
    dilation_rate: [1, 1],
    activation: 'relu',
    use_bias: true,
    ...WEIGHTS,
  };
  return node(name, 'conv2d', params, [from], [h, w, filters], [kernel * kernel * channels * filters + filters, 0]);
}

/** A model of `nodes` (the first is the input), output the last node, counts summed. */
export function modelOf(name: string, nodes: IrNode[]): IrModel {
  const last = nodes[nodes.length - 1]!;
  return {
    name,
    inputShape: nodes[0]!.outputShape,
    outputShape: last.outputShape,
    nodes,
    output: last.name,
    trainableParams: nodes.reduce((sum, n) => sum + n.trainableParams, 0),
    nonTrainableParams: nodes.reduce((sum, n) => sum + n.nonTrainableParams, 0),
  };
}

/**
 * `residual_mlp`: input [64], h = dense(128, relu), dense(128, relu), dropout(0.3), add(h),
 * dense(10, softmax): 26,122 parameters. Other sizes give the same graph, smaller.
 */
export function residualMlp(inputs = 64, width = 128, classes = 10): IrModel {
  return modelOf('residual_mlp', [
    inputNode('input_1', [inputs]),
    denseNode('h', width, 'relu', ['input_1', inputs]),
    denseNode('dense_1', width, 'relu', ['h', width]),
    node('dropout_1', 'dropout', { rate: 0.3 }, [['dense_1', [width]]], [width]),
    node(
      'add_1',
      'add',
      {},
      [
        ['dropout_1', [width]],
        ['h', [width]],
      ],
      [width],
    ),
    denseNode('dense_2', classes, 'softmax', ['add_1', width]),
  ]);
}

/**
 * `branches`: input [8, 8, 1], stem = conv2d(16, 3), a = conv_block(16, 0.1) (conv2d, batch_norm,
 * spatial_dropout2d), from stem, b = conv2d(16, 1), concatenate(a, b), global_avg_pool2d,
 * dense(10, softmax): 3,114 trainable and 32 non-trainable parameters.
 */
export function branches(): IrModel {
  return modelOf('branches', [
    inputNode('input_1', [8, 8, 1]),
    conv2dNode('stem', 16, 3, ['input_1', [8, 8, 1]]),
    conv2dNode('a.conv2d_1', 16, 3, ['stem', [8, 8, 16]]),
    node('a.batch_norm_1', 'batch_norm', { momentum: 0.99, epsilon: 0.001, center: true, scale: true }, [['a.conv2d_1', [8, 8, 16]]], [8, 8, 16], [32, 32]),
    node('a.spatial_dropout2d_1', 'spatial_dropout2d', { rate: 0.1 }, [['a.batch_norm_1', [8, 8, 16]]], [8, 8, 16]),
    conv2dNode('b', 16, 1, ['stem', [8, 8, 16]]),
    node(
      'concatenate_1',
      'concatenate',
      { axis: -1 },
      [
        ['a.spatial_dropout2d_1', [8, 8, 16]],
        ['b', [8, 8, 16]],
      ],
      [8, 8, 32],
    ),
    node('global_avg_pool2d_1', 'global_avg_pool2d', {}, [['concatenate_1', [8, 8, 32]]], [32]),
    denseNode('dense_1', 10, 'softmax', ['global_avg_pool2d_1', 32]),
  ]);
}

/** A chain MLP `sizes[0] -> ... -> sizes[n]` (relu, then softmax or linear), with dropout after each hidden layer. */
export function mlpModel(sizes: number[], options: { dropout?: number; softmax?: boolean } = {}): IrModel {
  const nodes: IrNode[] = [inputNode('input_1', [sizes[0]!])];
  let previous: [string, number] = ['input_1', sizes[0]!];
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    const dense = denseNode(`dense_${i}`, sizes[i]!, last ? (options.softmax === false ? 'linear' : 'softmax') : 'relu', previous);
    nodes.push(dense);
    previous = [dense.name, sizes[i]!];
    if (!last && options.dropout) {
      nodes.push(node(`dropout_${i}`, 'dropout', { rate: options.dropout }, [[dense.name, [sizes[i]!]]], [sizes[i]!]));
      previous = [`dropout_${i}`, sizes[i]!];
    }
  }
  return modelOf('mlp', nodes);
}

/** `difference`: input [6], a = dense(4), from the input b = dense(4, relu), subtract(a, b). */
export function difference(): IrModel {
  return modelOf('difference', [
    inputNode('input_1', [6]),
    denseNode('a', 4, 'linear', ['input_1', 6]),
    denseNode('b', 4, 'relu', ['input_1', 6]),
    node(
      'subtract_1',
      'subtract',
      {},
      [
        ['a', [4]],
        ['b', [4]],
      ],
      [4],
    ),
  ]);
}
