/**
 * ONNX nodes for the layers without a spatial or recurrent structure: dense, activation,
 * flatten, reshape, the dropout and noise layers (the identity at inference), batch and layer
 * normalisation, embedding, the global poolings and the merges. Values keep TF.js's layout
 * (channels last), so flatten and concatenate's axes mean what they mean in TF.js.
 */
import { emitActivation } from './activations.js';
import type { EmitContext } from './emit-context.js';

/** `dense`: MatMul (any rank: it acts on the last axis, as TF.js's Dense) and the bias, then the activation. */
export function emitDense(ctx: EmitContext): string {
  const { graph } = ctx;
  const units = ctx.number('units');
  const inputSize = lastAxis(ctx);
  const useBias = ctx.bool('use_bias');
  const [kernel, bias] = ctx.takeWeights(useBias ? [[inputSize, units], [units]] : [[inputSize, units]]);
  let y = graph.op('MatMul', [ctx.x, graph.floats(ctx.name('kernel'), [inputSize, units], kernel!.values)], ctx.name(useBias ? 'matmul' : 'linear'));
  if (bias) y = graph.op('Add', [y, graph.floats(ctx.name('bias'), [units], bias.values)], ctx.name('linear'));
  return emitActivation(graph, ctx.text('activation'), y, ctx.name(''));
}

/** `activation`. */
export function emitActivationLayer(ctx: EmitContext): string {
  ctx.takeWeights([]);
  return emitActivation(ctx.graph, ctx.text('activation'), ctx.x, ctx.name(''));
}

/** The dropout and noise layers: the identity at inference, as in TF.js's `predict`. */
export function emitIdentity(ctx: EmitContext): string {
  ctx.takeWeights([]);
  return ctx.graph.op('Identity', [ctx.x], ctx.name(''));
}

/** `flatten`: ONNX's Flatten at axis 1 keeps the row-major (channels-last) order TF.js flattens in. */
export function emitFlatten(ctx: EmitContext): string {
  ctx.takeWeights([]);
  return ctx.graph.op('Flatten', [ctx.x], ctx.name(''), { axis: { int: 1 } });
}

/** `reshape`: the target shape after a dynamic batch axis. */
export function emitReshape(ctx: EmitContext): string {
  ctx.takeWeights([]);
  const target = ctx.sizes('target_shape');
  return ctx.graph.op('Reshape', [ctx.x, ctx.graph.int64s(ctx.name('shape'), [-1, ...target])], ctx.name(''));
}

/**
 * `batch_norm` at inference: `(x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta`
 * on the last axis, as TF.js computes it (weights: gamma if `scale`, beta if `center`, then the
 * moving mean and variance). Element-wise nodes broadcast on the last axis, so no transposes.
 */
export function emitBatchNorm(ctx: EmitContext): string {
  const { graph } = ctx;
  const channels = lastAxis(ctx);
  const scale = ctx.bool('scale');
  const center = ctx.bool('center');
  const shapes: number[][] = [...(scale ? [[channels]] : []), ...(center ? [[channels]] : []), [channels], [channels]];
  const weights = ctx.takeWeights(shapes);
  const gamma = scale ? weights.shift() : undefined;
  const beta = center ? weights.shift() : undefined;
  const [mean, variance] = weights;
  const epsilon = ctx.number('epsilon');
  const inverse = Float32Array.from(variance!.values, (v) => 1 / Math.sqrt(Math.fround(v + epsilon)));
  let y = graph.op('Sub', [ctx.x, graph.floats(ctx.name('moving_mean'), [channels], mean!.values)], ctx.name('centered'));
  y = graph.op('Mul', [y, graph.floats(ctx.name('inv_std'), [channels], inverse)], ctx.name(gamma || beta ? 'normalized' : ''));
  if (gamma) y = graph.op('Mul', [y, graph.floats(ctx.name('gamma'), [channels], gamma.values)], ctx.name(beta ? 'scaled' : ''));
  if (beta) y = graph.op('Add', [y, graph.floats(ctx.name('beta'), [channels], beta.values)], ctx.name(''));
  return y;
}

/** `layer_norm`: ONNX's LayerNormalization (opset 17) over the last axis; no gamma is ones, no beta zeros. */
export function emitLayerNorm(ctx: EmitContext): string {
  const { graph } = ctx;
  const size = lastAxis(ctx);
  const scale = ctx.bool('scale');
  const center = ctx.bool('center');
  const weights = ctx.takeWeights([...(scale ? [[size]] : []), ...(center ? [[size]] : [])]);
  const gamma = scale ? weights.shift()!.values : new Float32Array(size).fill(1);
  const beta = center ? weights.shift()!.values : undefined;
  const inputs = [ctx.x, graph.floats(ctx.name('gamma'), [size], gamma), ...(beta ? [graph.floats(ctx.name('beta'), [size], beta)] : [])];
  return graph.op('LayerNormalization', inputs, ctx.name(''), { axis: { int: -1 }, epsilon: { float: ctx.number('epsilon') } });
}

/** `embedding`: the float indices cast to int64 (truncating, as TF.js's cast to int32), then Gather on the table's rows. */
export function emitEmbedding(ctx: EmitContext): string {
  const { graph } = ctx;
  const inputDim = ctx.number('input_dim');
  const outputDim = ctx.number('output_dim');
  const [table] = ctx.takeWeights([[inputDim, outputDim]]);
  const indices = graph.op('Cast', [ctx.x], ctx.name('indices'), { to: { int: 7 } });
  return graph.op('Gather', [graph.floats(ctx.name('embeddings'), [inputDim, outputDim], table!.values), indices], ctx.name(''), { axis: { int: 0 } });
}

/** The global poolings: a reduction over the steps (1d) or the rows and columns (2d), channels last. */
export function emitGlobalPool(ctx: EmitContext, reduce: 'ReduceMean' | 'ReduceMax', dims: 1 | 2): string {
  ctx.takeWeights([]);
  return ctx.graph.op(reduce, [ctx.x], ctx.name(''), { axes: { ints: dims === 1 ? [1] : [1, 2] }, keepdims: { int: 0 } });
}

/**
 * The merges. `concatenate`'s `axis` counts the batch as axis 0 (Keras's convention, the
 * catalogue's), which is ONNX's too since values keep TF.js's layout, so it carries over as is.
 */
export function emitMerge(ctx: EmitContext): string {
  ctx.takeWeights([]);
  const { graph } = ctx;
  const inputs = [...ctx.inputs];
  switch (ctx.node.type) {
    case 'add':
      return graph.op('Sum', inputs, ctx.name(''));
    case 'subtract':
      return graph.op('Sub', inputs, ctx.name(''));
    case 'multiply':
      // Mul takes two inputs; TF.js multiplies more one after the other, left to right.
      return inputs
        .slice(1)
        .reduce((product, next, index) => graph.op('Mul', [product, next], ctx.name(index === inputs.length - 2 ? '' : 'product')), inputs[0]!);
    case 'average':
      return graph.op('Mean', inputs, ctx.name(''));
    case 'maximum':
      return graph.op('Max', inputs, ctx.name(''));
    case 'minimum':
      return graph.op('Min', inputs, ctx.name(''));
    case 'concatenate':
      return graph.op('Concat', inputs, ctx.name(''), { axis: { int: ctx.number('axis') } });
    default:
      throw new Error(`nnspec onnx: ${ctx.node.type} is not a merge`);
  }
}

/** The size of the input's last axis, which a layer with weights on it needs known. */
function lastAxis(ctx: EmitContext): number {
  const size = ctx.inputShape[ctx.inputShape.length - 1];
  if (typeof size !== 'number') throw new Error(`nnspec onnx: ${ctx.node.name}'s input has no known last axis`);
  return size;
}
