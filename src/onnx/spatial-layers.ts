/**
 * Convolutions and poolings. TF.js works channels last (NWC, NHWC); ONNX's Conv and pooling
 * operators want channels first, so each such layer is wrapped in a Transpose on each side and
 * its kernel is stored as ONNX's OI(H)W. Everything between these layers stays channels last.
 */
import { emitActivation } from './activations.js';
import { permute, type EmitContext } from './emit-context.js';
import type { OnnxAttribute } from './graph.js';

/** `conv1d` and `conv2d`: Conv between transposes, then the activation (channels last). */
export function emitConv(ctx: EmitContext, dims: 1 | 2): string {
  const { graph } = ctx;
  const filters = ctx.number('filters');
  const kernelSize = ctx.sizes('kernel_size');
  const strides = ctx.sizes('strides');
  const dilations = ctx.sizes('dilation_rate');
  const channels = ctx.inputShape[dims];
  if (typeof channels !== 'number') throw new Error(`nnspec onnx: ${ctx.node.name}'s input has no known channel axis`);
  const tfShape = [...kernelSize, channels, filters];
  const useBias = ctx.bool('use_bias');
  const [kernel, bias] = ctx.takeWeights(useBias ? [tfShape, [filters]] : [tfShape]);
  // TF.js's kernel is [k..., in, out]; ONNX's is [out, in, k...].
  const perm = dims === 1 ? [2, 1, 0] : [3, 2, 0, 1];
  const weights = graph.floats(
    ctx.name('kernel'),
    perm.map((axis) => tfShape[axis]!),
    permute(kernel!.values, tfShape, perm),
  );
  const inputs = [toChannelsFirst(ctx, dims), weights, ...(bias ? [graph.floats(ctx.name('bias'), [filters], bias.values)] : [])];
  const attributes: Record<string, OnnxAttribute> = {
    kernel_shape: { ints: kernelSize },
    strides: { ints: strides },
    dilations: { ints: dilations },
    ...padding(ctx, dims, kernelSize, strides, dilations),
  };
  const y = toChannelsLast(ctx, dims, graph.op('Conv', inputs, ctx.name('conv'), attributes));
  return emitActivation(graph, ctx.text('activation'), y, ctx.name(''));
}

/**
 * `max_pool1d/2d` and `avg_pool1d/2d`. An average over a `same` window leaves the padding out
 * (`count_include_pad` 0), as TF.js does; a max ignores it anyway.
 */
export function emitPool(ctx: EmitContext, op: 'MaxPool' | 'AveragePool', dims: 1 | 2): string {
  ctx.takeWeights([]);
  const poolSize = ctx.sizes('pool_size');
  const strides = ctx.sizes('strides');
  const ones = poolSize.map(() => 1);
  const attributes: Record<string, OnnxAttribute> = {
    kernel_shape: { ints: poolSize },
    strides: { ints: strides },
    ...padding(ctx, dims, poolSize, strides, ones),
    ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } } : {}),
  };
  return toChannelsLast(ctx, dims, ctx.graph.op(op, [toChannelsFirst(ctx, dims)], ctx.name('pool'), attributes));
}

function toChannelsFirst(ctx: EmitContext, dims: 1 | 2): string {
  return ctx.graph.op('Transpose', [ctx.x], ctx.name('nchw'), { perm: { ints: dims === 1 ? [0, 2, 1] : [0, 3, 1, 2] } });
}

function toChannelsLast(ctx: EmitContext, dims: 1 | 2, value: string): string {
  return ctx.graph.op('Transpose', [value], ctx.name(dims === 1 ? 'nwc' : 'nhwc'), { perm: { ints: dims === 1 ? [0, 2, 1] : [0, 2, 3, 1] } });
}

/**
 * TF's padding as ONNX attributes. `valid` pads nothing. `same` pads so the output has
 * ceil(size / stride) positions, the odd one at the end: explicit pads when the size is known,
 * else `SAME_UPPER`, the same rule.
 */
function padding(
  ctx: EmitContext,
  dims: 1 | 2,
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
): Record<string, OnnxAttribute> {
  const mode = ctx.text('padding');
  const spatial = ctx.inputShape.slice(0, dims);
  if (mode !== 'same') return { pads: { ints: new Array<number>(dims * 2).fill(0) } };
  if (!spatial.every((size): size is number => typeof size === 'number')) return { auto_pad: { string: 'SAME_UPPER' } };
  const before: number[] = [];
  const after: number[] = [];
  spatial.forEach((size, axis) => {
    const stride = strides[axis]!;
    const extent = (kernel[axis]! - 1) * dilations[axis]! + 1;
    const total = Math.max((Math.ceil(size / stride) - 1) * stride + extent - size, 0);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
  });
  return { pads: { ints: [...before, ...after] } };
}
