/**
 * Every layer of the language, as data: its parameters (docs/ir.md names, types, ranges,
 * defaults, one-line docs), its shape rule and its parameter count as TF.js counts it (a test
 * compares both with TF.js's own layers).
 */
import type { IrValue } from '../ir/schema.js';
import type { LayerView, ParamType, ParamView, ShapeResult, TfjsMapping, TrainingOnlyEffect, TrainingOnlyRule } from './types.js';
import type { Shape } from './types.js';
import { MERGE_LAYERS } from './merge-layers.js';
import { IMAGE, SEQUENCE, WINDOW_RULE, describe, last, needRank, nums, product, windowed } from './shape-rules.js';

/** Every activation function, as the `activation` parameters accept them. */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
] as const;

type ParamOptions = Partial<Omit<ParamView, 'name' | 'type' | 'doc'>>;

/** Builds a parameter; `required` unless a default is given. */
export function param(name: string, type: ParamType, doc: string, options: ParamOptions = {}): ParamView {
  return { name, type, doc, required: options.default === undefined && !options.nullable, ...options };
}

const INT: ParamType = { kind: 'int' };
const NUMBER: ParamType = { kind: 'number' };
const BOOL: ParamType = { kind: 'boolean' };
const INIT_DOCS: Record<string, string> = {
  kernel_initializer: 'how the input weights start',
  recurrent_initializer: 'how the state-to-state weights start',
  bias_initializer: 'how the bias starts',
  embeddings_initializer: 'how the vectors start',
};
const init = (name: string, fallback: string, params: Record<string, IrValue> = {}): ParamView =>
  param(name, { kind: 'initializer' }, INIT_DOCS[name] ?? 'initializer', { default: { type: fallback, params } });
const reg = (name: string): ParamView =>
  param(
    name,
    { kind: 'regularizer' },
    `penalty on the ${name.replace('_regularizer', '').replace('embeddings', 'vectors')} weights (\`l1\`, \`l2\`, \`l1l2\`) or \`none\``,
    { default: null, nullable: true },
  );
const activation = (fallback: string, name = 'activation'): ParamView =>
  param(name, { kind: 'enum', values: ACTIVATIONS, group: 'activation' }, name === 'activation' ? 'applied to the output' : 'applied to the gates', {
    default: fallback,
  });
const rate = (name: string, doc: string, position?: number, fallback?: number): ParamView =>
  param(name, NUMBER, doc, {
    min: 0,
    maxExclusive: 1,
    ...(position === undefined ? {} : { position }),
    ...(fallback === undefined ? {} : { default: fallback }),
  });

interface LayerSpec {
  name: string;
  doc: string;
  params: ParamView[];
  /** The shape rule in words. */
  rule: string;
  /** The input it takes, in words, when only one rank goes. */
  expects?: string;
  tfjs: TfjsMapping;
  /** See `LayerView.indexBound`. */
  indexBound?: string;
  shape: (input: Shape, params: Readonly<Record<string, IrValue>>) => ShapeResult;
  count?: (input: Shape, params: Readonly<Record<string, IrValue>>) => { trainable: number; nonTrainable: number };
  complete?: (params: Record<string, IrValue>) => Record<string, IrValue>;
  /** What the layer does only while training (see {@link LayerView.trainingOnly}). */
  trainingOnly?: TrainingOnlyRule;
  /** Other names for the layer (see {@link LayerView.aliases}). */
  aliases?: string[];
}

/** A layer that does `effect` in training whenever one of `params` is above 0. */
const whenPositive = (effect: TrainingOnlyEffect, ...params: string[]): TrainingOnlyRule => ({ effect, whenPositive: params });

const none = (): { trainable: number; nonTrainable: number } => ({ trainable: 0, nonTrainable: 0 });
const same = (input: Shape): ShapeResult => ({ shape: [...input] });

function conv(spatial: number): LayerSpec {
  const name = `conv${spatial}d`;
  const size = { kind: 'size', rank: spatial } as const;
  return {
    name,
    doc: `${spatial}-D convolution`,
    expects: spatial === 1 ? SEQUENCE : IMAGE,
    rule: `${WINDOW_RULE} The last axis becomes \`filters\`.`,
    tfjs: { className: spatial === 1 ? 'Conv1D' : 'Conv2D' },
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
    expects: spatial === 1 ? SEQUENCE : IMAGE,
    rule: `${WINDOW_RULE} The channels are kept. \`strides\` defaults to \`pool_size\`.`,
    tfjs: { className: `${kind === 'max' ? 'Max' : 'Average'}Pooling${spatial}D` },
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
    // Keras's own spelling (`GlobalAveragePooling2D`) is accepted for the average pools.
    ...(kind === 'avg' ? { aliases: [`global_average_pool${spatial}d`] } : {}),
    doc: `global ${kind} pooling over ${spatial === 1 ? 'steps' : 'height and width'}`,
    params: [],
    expects: spatial === 1 ? SEQUENCE : IMAGE,
    rule: 'Keeps only the channels: `[..., channels]` becomes `[channels]`.',
    tfjs: { className: `Global${kind === 'max' ? 'Max' : 'Average'}Pooling${spatial}D` },
    shape: (input) => needRank(name, input, spatial + 1, spatial === 1 ? SEQUENCE : IMAGE) ?? { shape: [last(input)] },
  };
}

const RECURRENT_DOCS = {
  simple_rnn: 'fully connected recurrent layer',
  lstm: 'long short-term memory recurrent layer',
  gru: 'gated recurrent unit layer (TF.js variant: `reset_after` false)',
};

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
    doc: RECURRENT_DOCS[name],
    params,
    expects: 'a sequence [steps, features]',
    trainingOnly: whenPositive('dropout', 'dropout', 'recurrent_dropout'),
    rule: '`[steps, features]` becomes `[units]`, or `[steps, units]` with `return_sequences: true`.',
    tfjs: {
      className: { simple_rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' }[name],
      ...(name === 'simple_rnn'
        ? {}
        : {
            note:
              "`recurrent_activation` defaults to `sigmoid` (Keras 2.3+ and TF 2), not TF.js's `hard_sigmoid`; nnspec always passes it explicitly" +
              (name === 'gru' ? ". TF.js's GRU has no `reset_after`: one bias per gate, 3 × units fewer parameters than Keras 2's default GRU" : ''),
          }),
    },
    shape: (input, p) => {
      if (input.length !== 2) {
        return {
          error: `\`${name}\` needs a sequence [steps, features], got shape ${describe(input)}`,
          problem: 'time-axis',
          help:
            input.length === 1
              ? 'give the previous recurrent layer `return_sequences: true`, or an input of shape `[steps, features]`'
              : 'reshape the input to `[steps, features]` first',
        };
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
    rule: 'Declares the shape of one example (without the batch axis); the layers after it receive that shape.',
    tfjs: { className: 'InputLayer', note: 'becomes the `inputShape` of the first layer' },
    params: [param('shape', { kind: 'shape' }, 'shape of one example, without the batch axis', { position: 0 })],
    shape: same,
  },
  {
    name: 'dense',
    doc: 'fully connected layer',
    expects: 'a vector [features]',
    rule: '`[features]` becomes `[units]`. nnspec requires a vector input (Keras would apply it to the last axis); flatten first.',
    tfjs: { className: 'Dense' },
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
        ? {
            error: `\`dense\` expects a vector, got shape ${describe(input)} (rank ${input.length})`,
            problem: 'rank',
            help: input.length >= 2 ? 'insert `flatten()` before this layer' : 'give the model an input with at least one axis',
          }
        : { shape: [params.units as number] },
    count: (input, params) => {
      const units = params.units as number;
      return { trainable: last(input) * units + (params.use_bias === false ? 0 : units), nonTrainable: 0 };
    },
  },
  {
    name: 'activation',
    doc: 'applies an activation',
    rule: 'Keeps the shape.',
    tfjs: { className: 'Activation' },
    params: [param('activation', { kind: 'enum', values: ACTIVATIONS, group: 'activation' }, 'activation function', { position: 0 })],
    shape: same,
  },
  {
    name: 'flatten',
    doc: 'flattens to a vector',
    expects: 'at least two axes',
    rule: 'Any shape of rank 2 or more becomes a vector of the product of its axes: `[8, 8, 3]` becomes `[192]`.',
    tfjs: { className: 'Flatten' },
    params: [],
    shape: (input) => {
      // TF.js's Flatten refuses an input that is already a vector (it wants rank >= 2 without the batch).
      if (input.length < 2) {
        return {
          error: `\`flatten\` expects at least two axes, got shape ${describe(input)} (rank ${input.length}), which is already flat`,
          problem: 'rank',
          help: 'remove this `flatten()`',
        };
      }
      const count = product(input);
      return count === null
        ? { error: `\`flatten\` needs every axis known, got ${describe(input)}`, problem: 'other', help: 'give the `input` a fixed shape' }
        : { shape: [count] };
    },
  },
  {
    name: 'reshape',
    doc: 'rearranges values into a new shape',
    rule: 'Becomes `target_shape`, which must hold the same number of values as the input.',
    tfjs: { className: 'Reshape' },
    params: [param('target_shape', { kind: 'shape' }, 'the new shape, without the batch axis', { position: 0 })],
    shape: (input, params) => {
      const target = nums(params.target_shape);
      const from = product(input);
      const to = product(target);
      if (from !== null && from !== to) {
        return {
          error: `cannot reshape ${describe(input)} (${from} values) into ${describe(target)} (${to} values)`,
          problem: 'reshape',
          param: 'target_shape',
          help: 'the product of `target_shape` must equal the number of values of the input',
        };
      }
      return { shape: target };
    },
  },
  {
    name: 'dropout',
    doc: 'drops a fraction of values while training',
    rule: 'Keeps the shape.',
    tfjs: { className: 'Dropout' },
    params: [rate('rate', 'fraction of values dropped', 0)],
    shape: same,
    trainingOnly: whenPositive('dropout', 'rate'),
  },
  {
    name: 'gaussian_dropout',
    doc: 'multiplicative Gaussian noise while training',
    rule: 'Keeps the shape.',
    tfjs: { className: 'GaussianDropout' },
    params: [rate('rate', 'drop probability', 0)],
    shape: same,
    trainingOnly: whenPositive('dropout', 'rate'),
  },
  {
    name: 'alpha_dropout',
    doc: 'dropout that keeps SELU statistics',
    rule: 'Keeps the shape.',
    tfjs: { className: 'AlphaDropout' },
    params: [rate('rate', 'drop probability', 0)],
    shape: same,
    trainingOnly: whenPositive('dropout', 'rate'),
  },
  {
    name: 'gaussian_noise',
    doc: 'additive Gaussian noise while training',
    rule: 'Keeps the shape.',
    tfjs: { className: 'GaussianNoise' },
    params: [param('stddev', NUMBER, 'noise standard deviation', { position: 0, min: 0 })],
    shape: same,
    trainingOnly: whenPositive('noise', 'stddev'),
  },
  {
    name: 'spatial_dropout1d',
    doc: 'drops whole channels of a sequence',
    expects: SEQUENCE,
    rule: 'Keeps the shape.',
    tfjs: { className: 'SpatialDropout1D' },
    params: [rate('rate', 'fraction of channels dropped', 0)],
    trainingOnly: whenPositive('dropout', 'rate'),
    shape: (input) => needRank('spatial_dropout1d', input, 2, 'a sequence [steps, channels]') ?? same(input),
  },
  {
    name: 'spatial_dropout2d',
    doc: 'drops whole channels of an image',
    expects: IMAGE,
    rule: 'Keeps the shape.',
    tfjs: {
      className: 'SpatialDropout2D',
      note: "Keras's `SpatialDropout2D`; TF.js 4 has none, so the backend provides it: a dropout whose noise shape is `[batch, 1, 1, channels]`, which drops whole channels",
    },
    params: [rate('rate', 'fraction of channels dropped', 0)],
    trainingOnly: whenPositive('dropout', 'rate'),
    shape: (input) => needRank('spatial_dropout2d', input, 3, IMAGE) ?? same(input),
  },
  {
    name: 'batch_norm',
    doc: 'batch normalisation over the last axis',
    rule: 'Keeps the shape; learns a scale and an offset per entry of the last axis and keeps a moving mean and variance (not trained).',
    tfjs: { className: 'BatchNormalization' },
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
    rule: 'Keeps the shape; learns a scale and an offset per entry of the last axis.',
    tfjs: { className: 'LayerNormalization' },
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
    expects: 'a sequence of token indices [steps]',
    rule: '`[steps]` of token indices becomes `[steps, output_dim]`.',
    tfjs: { className: 'Embedding' },
    indexBound: 'input_dim',
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

/** The layer views, by canonical name (aliases are not keys: see {@link lookupLayer}). */
export const LAYERS: ReadonlyMap<string, LayerView> = new Map([
  ...LAYER_SPECS.map((spec): [string, LayerView] => [
    spec.name,
    {
      name: spec.name,
      doc: spec.doc,
      params: spec.params,
      outputShape: spec.shape,
      countParams: spec.count ?? none,
      shapeRule: spec.rule,
      tfjs: spec.tfjs,
      ...(spec.expects ? { expectsRank: spec.expects } : {}),
      ...(spec.complete ? { completeParams: spec.complete } : {}),
      ...(spec.trainingOnly ? { trainingOnly: spec.trainingOnly } : {}),
      ...(spec.indexBound ? { indexBound: spec.indexBound } : {}),
      ...(spec.aliases ? { aliases: spec.aliases } : {}),
    },
  ]),
  ...MERGE_LAYERS.map((view): [string, LayerView] => [view.name, view]),
]);

/** Each alias with the canonical name it stands for (`global_average_pool2d` is `global_avg_pool2d`). */
const LAYER_ALIASES: ReadonlyMap<string, LayerView> = new Map(
  [...LAYERS.values()].flatMap((view) => (view.aliases ?? []).map((alias): [string, LayerView] => [alias, view])),
);

/**
 * What the model's layers do only while training, each effect once, in a fixed order
 * (`dropout` before `noise`); empty when training and inference compute the same.
 */
export function trainingOnlyEffects(layers: readonly { type: string; params: Readonly<Record<string, IrValue>> }[]): TrainingOnlyEffect[] {
  const found = new Set<TrainingOnlyEffect>();
  for (const layer of layers) {
    const rule = LAYERS.get(layer.type)?.trainingOnly;
    if (
      rule?.whenPositive.some((name) => {
        const value = layer.params[name];
        return typeof value === 'number' && value > 0;
      })
    )
      found.add(rule.effect);
  }
  return (['dropout', 'noise'] as const).filter((effect) => found.has(effect));
}

/** The layer called `name` (or an alias of it: the view has the canonical name), if the language has one. */
export function lookupLayer(name: string): LayerView | undefined {
  return LAYERS.get(name) ?? LAYER_ALIASES.get(name);
}
