/**
 * Checks one `model` declaration: unrolls `repeat` blocks, binds each layer's arguments,
 * and infers shapes and parameter counts through every layer.
 */
import type { LayerNode, ModelDeclaration } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { SHAPE_CODE } from '../diagnostics/codes/shapes-codes.js';
import type { CheckContext } from './context.js';
import { reportUnknownName } from './context.js';
import type { CatalogueView, LayerView, ShapeProblem } from '../catalogue/types.js';
import type { BoundArguments } from './arguments.js';
import { bindArguments } from './arguments.js';
import type { CheckedLayer, CheckedModel, Shape } from './program.js';
import { formatShape } from './summary.js';
import { unrollModel, type UnrolledLayer } from './unroll.js';
import { MAX_MODEL_LAYERS } from '../catalogue/limits.js';

/** The data shape a model without `input` falls back on. */
export interface ModelShapeHint {
  featureShape: number[];
  dataName: string;
}

/**
 * The most parameters a model may have: 1 GiB of float32 weights. Training holds weights,
 * gradients and two optimizer moments, which is the 4 GiB a WASM instance can address.
 */
const MAX_PARAMS = 268_435_456;

function formatGiB(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1024 ? `${(gib / 1024).toFixed(1)} TiB` : `${gib.toFixed(1)} GiB`;
}

/** Checks a model declaration (named `name`, already checked for being present). */
export function checkModel(
  ctx: CheckContext,
  catalogue: CatalogueView,
  declaration: ModelDeclaration,
  name: string,
  hint: ModelShapeHint | undefined,
): CheckedModel {
  const errorsBefore = ctx.errorCount;
  const { layers: unrolled, tooLarge, tooDeep } = unrollModel(ctx, declaration.items, MAX_MODEL_LAYERS);
  const nameRange = declaration.name?.range ?? declaration.keywordRange;

  // Bind each layer call once, even when a repeat unrolls it many times, so its problems are reported once.
  const bindings = new Map<LayerNode, { view: LayerView; bound: BoundArguments; ranges: Record<string, Range> } | null>();
  for (const { node } of unrolled) {
    if (bindings.has(node)) continue;
    bindings.set(node, bindLayer(ctx, catalogue, node));
  }

  checkInputPlacement(ctx, unrolled);
  if (tooDeep !== undefined) {
    ctx.report({
      code: SHAPE_CODE.modelTooDeep,
      message: `model \`${name}\` has ${tooDeep.toLocaleString('en-US')} layers, more than the ${MAX_MODEL_LAYERS.toLocaleString('en-US')} TF.js can build`,
      range: nameRange,
      label: `${tooDeep.toLocaleString('en-US')} layers after unrolling`,
      help: `use at most ${MAX_MODEL_LAYERS.toLocaleString('en-US')} layers (a smaller \`repeat\` count); TF.js walks a model's layers recursively and runs out of stack past about 4,400`,
    });
  }
  if (tooLarge || tooDeep !== undefined) {
    // Not unrolled (the count or the depth was reported): there is no model to infer shapes through.
    return { name, range: declaration.range, nameRange, layers: [], inputFrom: 'none', trainableParams: 0, nonTrainableParams: 0, complete: false };
  }

  const layers: CheckedLayer[] = [];
  const counters = new Map<string, number>();
  let shape: Shape | undefined;
  let inputFrom: CheckedModel['inputFrom'] = 'none';
  let shapeKnown = true;
  let trainable = 0;
  let nonTrainable = 0;
  const firstIsInput = unrolled.length > 0 && unrolled[0].node.name.name === 'input';
  if (!firstIsInput && hint) {
    shape = [...hint.featureShape];
    inputFrom = 'data';
  }
  if (!firstIsInput && !hint && !unrolled.some((layer) => layer.node.name.name === 'input')) {
    ctx.report({
      code: SHAPE_CODE.noInputShape,
      message: `model \`${name}\` has no \`input\` layer and no data with a known shape`,
      range: nameRange,
      label: 'input shape unknown',
      help: 'start the model with `input(shape: [...])`',
    });
    shapeKnown = false;
  }
  const computeLayers = unrolled.filter((layer) => layer.node.name.name !== 'input').length;
  if (unrolled.length > 0 && computeLayers === 0) {
    ctx.report({
      code: SHAPE_CODE.emptyModel,
      message: `model \`${name}\` has no layers after \`input\``,
      range: nameRange,
      label: 'no layers',
      help: 'add layers, e.g. `dense(10, activation: softmax)`',
    });
  }

  for (let index = 0; index < unrolled.length; index++) {
    const { node, repeatRange } = unrolled[index];
    const binding = bindings.get(node);
    const type = node.name.name;
    const count = (counters.get(type) ?? 0) + 1;
    counters.set(type, count);
    const layer: CheckedLayer = {
      name: `${type}_${count}`,
      type,
      params: binding ? binding.bound.params : {},
      inputs: index === 0 || type === 'input' ? [] : [layers[layers.length - 1]?.name ?? ''].filter((input) => input !== ''),
      paramRanges: binding ? binding.ranges : {},
      trainableParams: 0,
      nonTrainableParams: 0,
      range: node.range,
    };
    if (repeatRange) layer.repeatRange = repeatRange;
    layers.push(layer);
    if (!binding || !binding.bound.complete) {
      shapeKnown = false;
      continue;
    }
    if (type === 'input') {
      // Only the first input defines the shape; misplaced ones were reported above.
      if (index === 0) {
        const declared = binding.bound.params.shape;
        if (Array.isArray(declared)) {
          shape = declared as number[];
          inputFrom = 'input';
          layer.inputShape = [...shape];
          layer.outputShape = [...shape];
        }
      }
      continue;
    }
    if (!shapeKnown || !shape) {
      shapeKnown = false;
      continue;
    }
    const result = binding.view.outputShape(shape, binding.bound.params);
    if ('error' in result) {
      reportShapeProblem(ctx, node, binding.bound, result.problem, result.error, shape, result.param, result.help);
      shapeKnown = false;
      continue;
    }
    const counts = binding.view.countParams(shape, binding.bound.params);
    layer.inputShape = shape;
    layer.inputShapes = [shape];
    layer.outputShape = result.shape;
    layer.trainableParams = counts.trainable;
    layer.nonTrainableParams = counts.nonTrainable;
    trainable += counts.trainable;
    nonTrainable += counts.nonTrainable;
    shape = result.shape;
  }

  const paramCount = trainable + nonTrainable;
  if (paramCount > MAX_PARAMS) {
    ctx.report({
      code: SHAPE_CODE.modelTooLarge,
      message: `model \`${name}\` has ${paramCount.toLocaleString('en-US')} parameters, more than TF.js on WASM can train (${MAX_PARAMS.toLocaleString('en-US')})`,
      range: nameRange,
      label: `${formatGiB(paramCount * 4)} of weights`,
      help: `make its largest layers smaller (\`nnspec check\` lists each layer's count); a WASM instance has 4 GiB, and training holds the weights about four times over`,
    });
  }

  const firstShape = layers.find((layer) => layer.inputShape)?.inputShape;
  const model: CheckedModel = {
    name,
    range: declaration.range,
    nameRange,
    layers,
    inputFrom,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    complete: shapeKnown && ctx.errorCount === errorsBefore,
  };
  if (firstShape) model.inputShape = firstShape;
  if (shapeKnown && shape) model.outputShape = shape;
  if (layers.length > 0) model.output = layers[layers.length - 1]!.name;
  return model;
}

function bindLayer(ctx: CheckContext, catalogue: CatalogueView, node: LayerNode): { view: LayerView; bound: BoundArguments; ranges: Record<string, Range> } | null {
  const view = catalogue.layer(node.name.name);
  if (!view) {
    const suggestion = catalogue.suggest(node.name.name, catalogue.layerNames);
    reportUnknownName(ctx, {
      code: NAME_CODE.unknownLayer,
      message: `unknown layer \`${node.name.name}\``,
      range: node.name.range,
      suggestion,
      label: 'unknown layer',
      help: 'see `docs/catalogue.md` for the layers nnspec knows',
    });
    return null;
  }
  const bound = bindArguments(ctx, catalogue, view, node.args, { owner: `\`${view.name}\``, calleeRange: node.name.range });
  if (bound.complete && view.completeParams) bound.params = view.completeParams(bound.params);
  const ranges: Record<string, Range> = {};
  for (const [param, value] of bound.given) ranges[param] = value.range;
  return { view, bound, ranges };
}

function checkInputPlacement(ctx: CheckContext, unrolled: readonly UnrolledLayer[]): void {
  let first: LayerNode | undefined;
  const seen = new Set<LayerNode>();
  unrolled.forEach(({ node }, index) => {
    if (node.name.name !== 'input' || seen.has(node)) return;
    seen.add(node);
    if (first) {
      ctx.report({
        code: SHAPE_CODE.multipleInputs,
        message: 'a model has exactly one `input` layer',
        range: node.name.range,
        label: 'second `input`',
        labels: [{ range: first.name.range, message: 'first `input` here' }],
        help: 'remove this `input`; use `reshape` to change the shape inside the model',
      });
      return;
    }
    first = node;
    if (index !== 0) {
      ctx.report({
        code: SHAPE_CODE.inputNotFirst,
        message: '`input` must be the first layer of the model',
        range: node.name.range,
        label: 'not the first layer',
        help: 'move `input(...)` to the top of the model',
      });
    }
  });
}

const PROBLEM_CODES: Record<ShapeProblem, string> = {
  rank: SHAPE_CODE.rankMismatch,
  window: SHAPE_CODE.windowTooLarge,
  reshape: SHAPE_CODE.reshapeMismatch,
  'time-axis': SHAPE_CODE.noTimeAxis,
  other: SHAPE_CODE.invalidShape,
};

function reportShapeProblem(
  ctx: CheckContext,
  node: LayerNode,
  bound: BoundArguments,
  problem: ShapeProblem,
  message: string,
  input: Shape,
  param: string | undefined,
  catalogueHelp: string | undefined,
): void {
  const value = param ? bound.given.get(param) : undefined;
  const range = value?.range ?? node.name.range;
  const type = node.name.name;
  let help: string | undefined;
  let fixes;
  if (problem === 'rank' && type === 'dense' && input.length >= 2) {
    help = 'insert `flatten()` before this layer';
    const indent = ' '.repeat(Math.max(0, node.range.start.column - 1));
    fixes = [{ title: 'insert `flatten()`', edits: [{ range: { start: node.range.start, end: node.range.start }, newText: `flatten()\n${indent}` }] }];
  } else if (problem === 'window') help = 'use a smaller window, `padding: same`, or a larger input';
  else if (problem === 'time-axis') help = 'give the previous recurrent layer `return_sequences: true`, or an input of shape `[steps, features]`';
  else if (problem === 'reshape') help = 'the product of `target_shape` must equal the number of values of the input';
  // The catalogue knows the fix for its own layer-specific rules (a `flatten()` on a vector, ...).
  help ??= catalogueHelp;
  ctx.report({
    code: PROBLEM_CODES[problem],
    message,
    range,
    label: `input is ${formatShape(input)}`,
    help,
    fixes,
  });
}
