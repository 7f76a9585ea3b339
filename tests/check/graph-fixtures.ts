import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { brief, checkText } from './helpers.js';

/** The two models (untrained: the unused-model warning is left out of the assertions). */
export const RESIDUAL_MLP = `model residual_mlp {
  input(shape: [64])
  h = dense(128, activation: relu)
  dense(128, activation: relu)
  dropout(0.3)
  add(h)                            // the chain's current output + h
  dense(10, activation: softmax)
}
`;

export const BRANCHES = `block conv_block(filters, rate) {
  conv2d(filters, 3, padding: same, activation: relu)
  batch_norm()
  spatial_dropout2d(rate)
}

model branches {
  input(shape: [8, 8, 1])
  stem = conv2d(16, 3, padding: same, activation: relu)
  a = conv_block(16, 0.1)
  from stem
  b = conv2d(16, 1, padding: same, activation: relu)
  concatenate(a, b)
  global_average_pool2d()
  dense(10, activation: softmax)
}
`;

/** The diagnostics of a spec without the unused-model warning (these models are not trained). */
export function diagnostics(text: string): Diagnostic[] {
  return checkText(text).diagnostics.filter((diagnostic) => diagnostic.code !== 'NN2050');
}

/** {@link diagnostics}, briefly. */
export const briefs = (text: string): string[] => diagnostics(text).map(brief);

/** Each label of a diagnostic as `line:column message`. */
export const labels = (diagnostic: Diagnostic): string[] =>
  (diagnostic.labels ?? []).map((label) => `${label.range.start.line}:${label.range.start.column} ${label.message}`);

/** `name<inputs>shape` for each node of the first model. */
export function graph(text: string): string[] {
  return checkText(text).value.models[0]!.layers.map((layer) => `${layer.name}<${layer.inputs.join(',')}>${JSON.stringify(layer.outputShape ?? null)}`);
}
