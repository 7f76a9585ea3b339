/**
 * Each catalogue layer as a module of the runtime's `nnspec_torch.layers` (python/nnspec_torch/),
 * and the TF.js weights it holds (docs/export.md, "model.py"). Browser-safe.
 */
import type { IrNode, IrValue } from '../ir/schema.js';
import { pythonLiteral } from './python-text.js';

/** How a TF.js weight's array becomes the module's: see python/nnspec_torch/weights.py. */
export type WeightLayout = 'same' | 'transpose' | 'conv' | 'diagonal';

/** One TF.js weight of a layer: its name after `<layer>/`, the module's attribute, the layout conversion. */
export interface TorchWeight {
  tfjs: string;
  torch: string;
  layout: WeightLayout;
}

/** A layer as Python: the constructor expression (`layers.Dense(64, 256, ...)`) and its weights. */
export interface TorchLayer {
  constructor: string;
  weights: TorchWeight[];
}

/** The module class of each layer type (aliases included), and the arguments it takes positionally. */
const CLASSES: Record<string, { className: string; positional?: (node: IrNode) => string[]; omit?: string[] }> = {
  dense: { className: 'Dense', positional: (node) => [lastAxis(node), param(node, 'units')], omit: ['units'] },
  activation: { className: 'Activation', positional: (node) => [param(node, 'activation')], omit: ['activation'] },
  flatten: { className: 'Flatten' },
  reshape: { className: 'Reshape' },
  dropout: { className: 'Dropout' },
  gaussian_dropout: { className: 'GaussianDropout' },
  alpha_dropout: { className: 'AlphaDropout' },
  gaussian_noise: { className: 'GaussianNoise' },
  spatial_dropout1d: { className: 'SpatialDropout1D' },
  spatial_dropout2d: { className: 'SpatialDropout2D' },
  batch_norm: { className: 'BatchNorm', positional: (node) => [lastAxis(node)] },
  layer_norm: { className: 'LayerNorm', positional: (node) => [lastAxis(node)] },
  conv1d: { className: 'Conv1D', positional: (node) => [lastAxis(node), param(node, 'filters')], omit: ['filters'] },
  conv2d: { className: 'Conv2D', positional: (node) => [lastAxis(node), param(node, 'filters')], omit: ['filters'] },
  max_pool1d: { className: 'MaxPool1D' },
  max_pool2d: { className: 'MaxPool2D' },
  avg_pool1d: { className: 'AvgPool1D' },
  avg_pool2d: { className: 'AvgPool2D' },
  global_avg_pool1d: { className: 'GlobalPool', positional: () => ['"avg"'] },
  global_average_pool1d: { className: 'GlobalPool', positional: () => ['"avg"'] },
  global_avg_pool2d: { className: 'GlobalPool', positional: () => ['"avg"'] },
  global_average_pool2d: { className: 'GlobalPool', positional: () => ['"avg"'] },
  global_max_pool1d: { className: 'GlobalPool', positional: () => ['"max"'] },
  global_max_pool2d: { className: 'GlobalPool', positional: () => ['"max"'] },
  embedding: { className: 'Embedding' },
  simple_rnn: { className: 'SimpleRNN', positional: (node) => [lastAxis(node), param(node, 'units')], omit: ['units'] },
  lstm: { className: 'LSTM', positional: (node) => [lastAxis(node), param(node, 'units')], omit: ['units'] },
  gru: { className: 'GRU', positional: (node) => [lastAxis(node), param(node, 'units')], omit: ['units'] },
  add: { className: 'Merge', positional: () => ['"add"'] },
  subtract: { className: 'Merge', positional: () => ['"subtract"'] },
  multiply: { className: 'Merge', positional: () => ['"multiply"'] },
  average: { className: 'Merge', positional: () => ['"average"'] },
  maximum: { className: 'Merge', positional: () => ['"maximum"'] },
  minimum: { className: 'Merge', positional: () => ['"minimum"'] },
  concatenate: { className: 'Concatenate' },
};

/** The layer types {@link torchLayer} maps (every catalogue layer but `input`, and the aliases). */
export const TORCH_LAYER_TYPES: readonly string[] = Object.keys(CLASSES);

function param(node: IrNode, key: string): string {
  return argument(node.params[key] ?? null);
}

/** The size of the input's last axis (features or channels), which PyTorch's weights need up front. */
function lastAxis(node: IrNode): string {
  const shape = node.inputShapes[0] ?? [];
  return pythonLiteral(shape[shape.length - 1] ?? null);
}

/** An argument: initializer and regularizer calls as the runtime's objects, anything else a literal. */
function argument(value: IrValue, key = ''): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.type === 'string') {
    const params = value.params !== null && typeof value.params === 'object' && !Array.isArray(value.params) ? value.params : {};
    const args = [JSON.stringify(value.type), ...Object.entries(params).map(([key, item]) => `${key}=${pythonLiteral(item)}`)];
    return `${key.endsWith('_regularizer') ? 'Regularizer' : 'Initializer'}(${args.join(', ')})`;
  }
  return pythonLiteral(value);
}

/** The TF.js weights of a layer, in TF.js's order (it names them `<layer>/<weight>`). */
function weightsOf(node: IrNode): TorchWeight[] {
  const bias = node.params.use_bias === true ? [{ tfjs: 'bias', torch: 'bias', layout: 'same' as const }] : [];
  switch (node.type) {
    case 'dense':
      return [{ tfjs: 'kernel', torch: 'weight', layout: 'transpose' }, ...bias];
    case 'conv1d':
    case 'conv2d':
      return [{ tfjs: 'kernel', torch: 'weight', layout: 'conv' }, ...bias];
    case 'simple_rnn':
    case 'lstm':
    case 'gru':
      return [{ tfjs: 'kernel', torch: 'weight_ih', layout: 'transpose' }, { tfjs: 'recurrent_kernel', torch: 'weight_hh', layout: 'transpose' }, ...bias];
    case 'embedding':
      return [{ tfjs: 'embeddings', torch: 'weight', layout: 'same' }];
    case 'batch_norm':
    case 'layer_norm': {
      const weights: TorchWeight[] = [];
      if (node.params.scale === true) weights.push({ tfjs: 'gamma', torch: 'weight', layout: 'same' });
      if (node.params.center === true) weights.push({ tfjs: 'beta', torch: 'bias', layout: 'same' });
      if (node.type === 'batch_norm') {
        weights.push({ tfjs: 'moving_mean', torch: 'running_mean', layout: 'same' }, { tfjs: 'moving_variance', torch: 'running_var', layout: 'same' });
      }
      return weights;
    }
    default:
      return [];
  }
}

/**
 * The runtime module of an IR node and its weights, or undefined for a type PyTorch's exporter
 * does not map. Every argument comes from the node: its parameters (defaults filled in by
 * lowering) and its input shape.
 */
export function torchLayer(node: IrNode): TorchLayer | undefined {
  const entry = CLASSES[node.type];
  if (!entry) return undefined;
  const omit = new Set(entry.omit ?? []);
  const args = [
    ...(entry.positional?.(node) ?? []),
    ...Object.entries(node.params)
      .filter(([key]) => !omit.has(key))
      .map(([key, value]) => `${key}=${argument(value, key)}`),
  ];
  return { constructor: `layers.${entry.className}(${args.join(', ')})`, weights: weightsOf(node) };
}
