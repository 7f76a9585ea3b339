/**
 * Every layer of the language, as data: its parameters (docs/ir.md names, types, ranges,
 * defaults, one-line docs), its shape rule and its parameter count as TF.js counts it (a test
 * compares both with TF.js's own layers).
 */
import type { IrValue } from '../ir/schema.js';
import type { LayerView, ParamType, ParamView, ShapeResult } from './types.js';
import type { Shape } from '../check/program.js';

export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'];

type ParamOptions = Partial<Omit<ParamView, 'name' | 'type' | 'doc'>>;

/** Builds a parameter; `required` unless a default is given. */
export function param(name: string, type: ParamType, doc: string, options: ParamOptions = {}): ParamView {
  return { name, type, doc, required: options.default === undefined && !options.nullable, ...options };
}

const INT: ParamType = { kind: 'int' };
const NUMBER: ParamType = { kind: 'number' };
const BOOL: ParamType = { kind: 'boolean' };
const init = (name: string, fallback: string, params: Record<string, IrValue> = {}): ParamView =>
  param(name, { kind: 'initializer' }, 'initializer', { default: { type: fallback, params } });
const reg = (name: string): ParamView => param(name, { kind: 'regularizer' }, 'regularizer (`l1`, `l2`, `l1l2`) or `none`', { default: null, nullable: true });
const activation = (fallback: string, name = 'activation'): ParamView =>
  param(name, { kind: 'enum', values: ACTIVATIONS }, 'activation function', { default: fallback });
const rate = (name: string, doc: string, position?: number, fallback?: number): ParamView =>
  param(name, NUMBER, doc, { min: 0, maxExclusive: 1, ...(position === undefined ? {} : { position }), ...(fallback === undefined ? {} : { default: fallback }) });

function product(shape: Shape): number | null {
  let result = 1;
  for (const axis of shape) {
    if (axis === null) return null;
    result *= axis;
  }
  return result;
}

function last(shape: Shape): number {
  return shape[shape.length - 1] ?? 0;
}

function nums(value: IrValue | undefined): number[] {
  return Array.isArray(value) ? (value as number[]) : [];
}

function describe(shape: Shape): string {
  return `[${shape.map((axis) => (axis === null ? '?' : axis)).join(', ')}]`;
}

interface LayerSpec {
  name: string;
  doc: string;
  params: ParamView[];
  shape: (input: Shape, params: Readonly<Record<string, IrValue>>) => ShapeResult;
  count?: (input: Shape, params: Readonly<Record<string, IrValue>>) => { trainable: number; nonTrainable: number };
  complete?: (params: Record<string, IrValue>) => Record<string, IrValue>;
}

const none = (): { trainable: number; nonTrainable: number } => ({ trainable: 0, nonTrainable: 0 });
const same = (input: Shape): ShapeResult => ({ shape: [...input] });

function needRank(layer: string, input: Shape, rank: number, what: string): ShapeResult | undefined {
  if (input.length === rank) return undefined;
  return { error: `\`${layer}\` expects ${what} (rank ${rank}), got shape ${describe(input)} (rank ${input.length})`, problem: 'rank' };
}

function windowed(layer: string, spatial: number, input: Shape, params: Readonly<Record<string, IrValue>>, window: number[], kind: 'kernel_size' | 'pool_size', channels: number): ShapeResult {
  const what = spatial === 1 ? 'a sequence [steps, channels]' : 'an image [height, width, channels]';
  const rankError = needRank(layer, input, spatial + 1, what);
  if (rankError) return rankError;
  const strides = nums(params.strides);
  const dilation = params.dilation_rate === undefined ? window.map(() => 1) : nums(params.dilation_rate);
  const output: Shape = [];
  for (let axis = 0; axis < spatial; axis++) {
    const size = input[axis];
    if (size === null) {
      output.push(null);
      continue;
    }
    const effective = (window[axis] - 1) * (dilation[axis] ?? 1) + 1;
    const stride = strides[axis] ?? 1;
    if (params.padding === 'same') {
      output.push(Math.ceil(size / stride));
      continue;
    }
    if (effective > size) {
      const label = kind === 'kernel_size' ? 'kernel' : 'pool window';
      return {
        error: `\`${layer}\` ${label} of ${effective} is larger than the input's ${size} along axis ${axis + 1} (input ${describe(input)})`,
        problem: 'window',
        param: kind,
      };
    }
    output.push(Math.floor((size - effective) / stride) + 1);
  }
  output.push(channels);
  return { shape: output };
}

function conv(spatial: number): LayerSpec {
  const name = `conv${spatial}d`;
  const size = { kind: 'size', rank: spatial } as const;
  return {
    name,
    doc: `${spatial}-D convolution`,
    params: [
      param('filters', INT, 'number of output channels', { position: 0, min: 1 }),
      param('kernel_size', size, 'window size', { position: 1, min: 1 }),
      param('strides', size, 'step between windows', { default: new Array(spatial).fill(1), min: 1 }),
      param('padding', { kind: 'enum', values: ['valid', 'same'] }, '`valid` (no padding) or `same`', { default: 'valid' }),
      param('dilation_rate', size, 'spacing inside the window', { default: new Array(spatial).fill(1), min: 1 }),
      activation('linear'),
      param('use_bias', BOOL, 'add a bias', { default: true }),
      init('kernel_initializer', 'glorot_uniform'),
      init('bias_initializer', 'zeros'),
      reg('kernel_regularizer'),
      reg('bias_regularizer'),
    ],
    shape: (input, params) => windowed(name, spatial, input, params, nums(params.kernel_size), 'kernel_size', params.filters as number),
    count: (input, params) => {
      const kernel = nums(params.kernel_size).reduce((a, b) => a * b, 1);
      const filters = params.filters as number;
      return { trainable: kernel * last(input) * filters + (params.use_bias === false ? 0 : filters), nonTrainable: 0 };
    },
  };
}

function pool(kind: 'max' | 'avg', spatial: number): LayerSpec {
  const name = `${kind}_pool${spatial}d`;
  const size = { kind: 'size', rank: spatial } as const;
  return {
    name,
    doc: `${spatial}-D ${kind} pooling`,
    params: [
      param('pool_size', size, 'window size', { position: 0, default: new Array(spatial).fill(2), min: 1 }),
      param('strides', size, 'step between windows (the pool size when left out)', { default: null, nullable: true, min: 1 }),
      param('padding', { kind: 'enum', values: ['valid', 'same'] }, '`valid` or `same`', { default: 'valid' }),
    ],
    shape: (input, params) => windowed(name, spatial, input, params, nums(params.pool_size), 'pool_size', last(input)),
    complete: (params) => (params.strides === null || params.strides === undefined ? { ...params, strides: params.pool_size } : params),
  };
}

function globalPool(kind: 'max' | 'avg', spatial: number): LayerSpec {
  const name = `global_${kind}_pool${spatial}d`;
  return {
    name,
    doc: `global ${kind} pooling over ${spatial === 1 ? 'steps' : 'height and width'}`,
    params: [],
    shape: (input) => needRank(name, input, spatial + 1, spatial === 1 ? 'a sequence [steps, channels]' : 'an image [height, width, channels]') ?? { shape: [last(input)] },
  };
}

function recurrent(name: 'simple_rnn' | 'lstm' | 'gru', gates: number): LayerSpec {
  const params = [
    param('units', INT, 'size of the state', { position: 0, min: 1 }),
    activation('tanh'),
    ...(name === 'simple_rnn' ? [] : [activation('sigmoid', 'recurrent_activation')]),
    param('use_bias', BOOL, 'add a bias', { default: true }),
    param('return_sequences', BOOL, 'output every step, not only the last', { default: false }),
    init('kernel_initializer', 'glorot_uniform'),
    init('recurrent_initializer', 'orthogonal', { gain: 1 }),
    init('bias_initializer', 'zeros'),
    reg('kernel_regularizer'),
    reg('recurrent_regularizer'),
    reg('bias_regularizer'),
    rate('dropout', 'input dropout rate', undefined, 0),
    rate('recurrent_dropout', 'state dropout rate', undefined, 0),
  ];
  return {
    name,
    doc: `${name} recurrent layer`,
    params,
    shape: (input, p) => {
      if (input.length !== 2) {
        return { error: `\`${name}\` needs a sequence [steps, features], got shape ${describe(input)}`, problem: 'time-axis' };
      }
      const units = p.units as number;
      return { shape: p.return_sequences === true ? [input[0], units] : [units] };
    },
    count: (input, p) => {
      const units = p.units as number;
      const bias = p.use_bias === false ? 0 : 1;
      return { trainable: gates * ((last(input) + units + bias) * units), nonTrainable: 0 };
    },
  };
}

const LAYER_SPECS: LayerSpec[] = [
  {
    name: 'input',
    doc: 'the shape of one example',
    params: [param('shape', { kind: 'shape' }, 'shape of one example, without the batch axis', { position: 0 })],
    shape: same,
  },
  {
    name: 'dense',
    doc: 'fully connected layer',
    params: [
      param('units', INT, 'number of outputs', { position: 0, min: 1 }),
      activation('linear'),
      param('use_bias', BOOL, 'add a bias', { default: true }),
      init('kernel_initializer', 'glorot_uniform'),
      init('bias_initializer', 'zeros'),
      reg('kernel_regularizer'),
      reg('bias_regularizer'),
    ],
    shape: (input, params) =>
      input.length !== 1
        ? { error: `\`dense\` expects a vector, got shape ${describe(input)} (rank ${input.length})`, problem: 'rank' }
        : { shape: [params.units as number] },
    count: (input, params) => {
      const units = params.units as number;
      return { trainable: last(input) * units + (params.use_bias === false ? 0 : units), nonTrainable: 0 };
    },
  },
  { name: 'activation', doc: 'applies an activation', params: [param('activation', { kind: 'enum', values: ACTIVATIONS }, 'activation function', { position: 0 })], shape: same },
  {
    name: 'flatten',
    doc: 'flattens to a vector',
    params: [],
    shape: (input) => {
      const count = product(input);
      return count === null ? { error: `\`flatten\` needs every axis known, got ${describe(input)}`, problem: 'other' } : { shape: [count] };
    },
  },
  {
    name: 'reshape',
    doc: 'rearranges values into a new shape',
    params: [param('target_shape', { kind: 'shape' }, 'the new shape, without the batch axis', { position: 0 })],
    shape: (input, params) => {
      const target = nums(params.target_shape);
      const from = product(input);
      const to = product(target);
      if (from !== null && from !== to) {
        return { error: `cannot reshape ${describe(input)} (${from} values) into ${describe(target)} (${to} values)`, problem: 'reshape', param: 'target_shape' };
      }
      return { shape: target };
    },
  },
  { name: 'dropout', doc: 'drops a fraction of values while training', params: [rate('rate', 'fraction of values dropped', 0)], shape: same },
  { name: 'gaussian_dropout', doc: 'multiplicative Gaussian noise while training', params: [rate('rate', 'drop probability', 0)], shape: same },
  { name: 'alpha_dropout', doc: 'dropout that keeps SELU statistics', params: [rate('rate', 'drop probability', 0)], shape: same },
  { name: 'gaussian_noise', doc: 'additive Gaussian noise while training', params: [param('stddev', NUMBER, 'noise standard deviation', { position: 0, min: 0 })], shape: same },
  {
    name: 'spatial_dropout1d',
    doc: 'drops whole channels of a sequence',
    params: [rate('rate', 'fraction of channels dropped', 0)],
    shape: (input) => needRank('spatial_dropout1d', input, 2, 'a sequence [steps, channels]') ?? same(input),
  },
  {
    name: 'batch_norm',
    doc: 'batch normalisation over the last axis',
    params: [
      param('momentum', NUMBER, 'moving-average momentum', { default: 0.99, min: 0, max: 1 }),
      param('epsilon', NUMBER, 'added to the variance', { default: 0.001, minExclusive: 0 }),
      param('center', BOOL, 'learn an offset', { default: true }),
      param('scale', BOOL, 'learn a scale', { default: true }),
    ],
    shape: same,
    count: (input, params) => {
      const channels = last(input);
      return { trainable: channels * ((params.center === false ? 0 : 1) + (params.scale === false ? 0 : 1)), nonTrainable: 2 * channels };
    },
  },
  {
    name: 'layer_norm',
    doc: 'layer normalisation over the last axis',
    params: [
      param('epsilon', NUMBER, 'added to the variance', { default: 0.001, minExclusive: 0 }),
      param('center', BOOL, 'learn an offset', { default: true }),
      param('scale', BOOL, 'learn a scale', { default: true }),
    ],
    shape: same,
    count: (input, params) => ({ trainable: last(input) * ((params.center === false ? 0 : 1) + (params.scale === false ? 0 : 1)), nonTrainable: 0 }),
  },
  conv(1),
  conv(2),
  pool('max', 1),
  pool('max', 2),
  pool('avg', 1),
  pool('avg', 2),
  globalPool('avg', 1),
  globalPool('avg', 2),
  globalPool('max', 1),
  globalPool('max', 2),
  {
    name: 'embedding',
    doc: 'maps token indices to vectors',
    params: [
      param('input_dim', INT, 'vocabulary size', { position: 0, min: 1 }),
      param('output_dim', INT, 'vector size', { position: 1, min: 1 }),
      init('embeddings_initializer', 'random_uniform', { minval: -0.05, maxval: 0.05 }),
      reg('embeddings_regularizer'),
    ],
    shape: (input, params) => needRank('embedding', input, 1, 'a sequence of token indices [steps]') ?? { shape: [input[0], params.output_dim as number] },
    count: (_input, params) => ({ trainable: (params.input_dim as number) * (params.output_dim as number), nonTrainable: 0 }),
  },
  recurrent('simple_rnn', 1),
  recurrent('lstm', 4),
  recurrent('gru', 3),
];

/** The fallback layer views, by name. */
export const LAYERS: ReadonlyMap<string, LayerView> = new Map(
  LAYER_SPECS.map((spec) => [
    spec.name,
    {
      name: spec.name,
      doc: spec.doc,
      params: spec.params,
      outputShape: spec.shape,
      countParams: spec.count ?? none,
      ...(spec.complete ? { completeParams: spec.complete } : {}),
    },
  ]),
);
