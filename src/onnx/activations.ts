/**
 * The catalogue's activations as ONNX opset-17 nodes, with TF.js's exact formulas
 * (@tensorflow/tfjs-layers' activations.js): an activation ONNX 17 has no operator for (gelu and
 * mish come in opset 18 and 20, swish never) is composed from ones it has.
 */
import type { OnnxGraph } from './graph.js';

/**
 * Applies activation `name` (a catalogue name; `null` or `linear` is the identity) to `x` and
 * returns the result's value name. `base` names the new values.
 *
 * @throws Error for a name the catalogue does not have (a bug: the checker rejects it).
 */
export function emitActivation(graph: OnnxGraph, name: string | null, x: string, base: string): string {
  switch (name) {
    case null:
    case 'linear':
      return x;
    case 'relu':
      return graph.op('Relu', [x], base);
    case 'relu6':
      // TF.js: min(6, relu(x)); Clip takes its bounds as inputs since opset 11.
      return graph.op('Clip', [x, graph.scalar(`${base}_zero`, 0), graph.scalar(`${base}_six`, 6)], base);
    case 'elu':
      return graph.op('Elu', [x], base, { alpha: { float: 1 } });
    case 'selu':
      // ONNX's defaults are SELU's constants as float32, the values tf.selu uses.
      return graph.op('Selu', [x], base);
    case 'sigmoid':
      return emitSigmoid(graph, x, base);
    case 'hard_sigmoid':
      // TF.js: clip(0.2 x + 0.5, 0, 1), ONNX's HardSigmoid with alpha 0.2 and beta 0.5.
      return graph.op('HardSigmoid', [x], base, { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'tanh':
      return graph.op('Tanh', [x], base);
    case 'softmax':
      // TF.js's softmax activation normalises over the last axis.
      return graph.op('Softmax', [x], base, { axis: { int: -1 } });
    case 'softplus':
      return graph.op('Softplus', [x], base);
    case 'softsign':
      return graph.op('Softsign', [x], base);
    case 'swish':
      // TF.js: sigmoid(x) * x.
      return graph.op('Mul', [emitSigmoid(graph, x, `${base}_sigmoid`), x], base);
    case 'mish':
      // TF.js: x * tanh(softplus(x)).
      return graph.op('Mul', [x, graph.op('Tanh', [graph.op('Softplus', [x], `${base}_softplus`)], `${base}_tanh`)], base);
    case 'gelu': {
      // TF.js's `gelu` is the exact form: 0.5 x (1 + erf(x / sqrt 2)), not the tanh approximation.
      const scaled = graph.op('Div', [x, graph.scalar(`${base}_sqrt2`, Math.SQRT2)], `${base}_scaled`);
      const erf = graph.op('Erf', [scaled], `${base}_erf`);
      const cdf = graph.op('Mul', [graph.scalar(`${base}_half`, 0.5), graph.op('Add', [graph.scalar(`${base}_one`, 1), erf], `${base}_erf1`)], `${base}_cdf`);
      return graph.op('Mul', [x, cdf], base);
    }
    default:
      throw new Error(`nnspec onnx: unknown activation '${name}'`);
  }
}

/**
 * 1 / (1 + exp(-x)), written out: ONNX Runtime's Sigmoid kernel is a fast approximation whose
 * relative error reaches 2e-4 in the tails (sigmoid(-8) off in the fourth digit), where TF.js's is
 * exact to float32; Exp is exact. Large |x| gives 1 / inf = 0 or 1 / 1 = 1, never NaN.
 */
function emitSigmoid(graph: OnnxGraph, x: string, base: string): string {
  const exp = graph.op('Exp', [graph.op('Neg', [x], `${base}_neg`)], `${base}_exp`);
  const one = graph.scalar(`${base}_one`, 1);
  return graph.op('Div', [one, graph.op('Add', [one, exp], `${base}_denominator`)], base);
}

/**
 * How ONNX's RNN, LSTM and GRU operators name an activation (their `activations` attribute),
 * with its `activation_alpha`/`activation_beta` when it takes them, or undefined when those
 * operators cannot apply it (the layer is then unrolled into plain nodes).
 */
export function recurrentActivation(name: string | null): { op: string; alpha?: number; beta?: number } | undefined {
  switch (name) {
    case null:
    case 'linear':
      return { op: 'Affine', alpha: 1, beta: 0 };
    case 'relu':
      return { op: 'Relu' };
    case 'sigmoid':
      return { op: 'Sigmoid' };
    case 'tanh':
      return { op: 'Tanh' };
    case 'hard_sigmoid':
      return { op: 'HardSigmoid', alpha: 0.2, beta: 0.5 };
    case 'softsign':
      return { op: 'Softsign' };
    case 'softplus':
      return { op: 'Softplus' };
    case 'elu':
      return { op: 'Elu', alpha: 1 };
    default:
      return undefined;
  }
}
