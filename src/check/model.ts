/**
 * Checks one `model` declaration: measures and expands it into a graph (repeats unrolled,
 * blocks expanded, names resolved), binds each layer's arguments, leaves out the layers that
 * do not reach the output, and infers shapes and parameter counts through the graph.
 */
import type { Argument, LayerNode, ModelDeclaration } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { SHAPE_CODE } from '../diagnostics/codes/shapes-codes.js';
import type { CheckContext } from './context.js';
import { reportUnknownName } from './context.js';
import type { CatalogueView, LayerView } from '../catalogue/types.js';
import { bindArguments } from './arguments.js';
import type { CheckedLayer, CheckedModel, Shape } from './program.js';
import { unrollModel } from './unroll.js';
import { MAX_MODEL_LAYERS } from '../catalogue/limits.js';
import type { BlockTable } from './blocks.js';
import { blockSizes } from './block-sizes.js';
import { DedupContext } from './use-context.js';
import { expandModel } from './expand.js';
import { inferShapes, type NodeBinding } from './graph-shapes.js';
import { reachableNodes } from './reach.js';
import type { BindingMemo } from './binding-memo.js';

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

/** Checks a model declaration (named `name`, already checked for being present), with the spec's blocks. */
export function checkModel(
  parent: CheckContext,
  catalogue: CatalogueView,
  declaration: ModelDeclaration,
  name: string,
  hint: ModelShapeHint | undefined,
  blocks: BlockTable = new Map(),
  memo?: BindingMemo<NodeBinding>,
): CheckedModel {
  const errorsBefore = parent.errorCount;
  const ctx = new DedupContext(parent);
  const { layers: listed, tooLarge, tooDeep } = unrollModel(ctx, declaration.items, MAX_MODEL_LAYERS, blockSizes(ctx, blocks));
  const nameRange = declaration.name?.range ?? declaration.keywordRange;
  if (tooLarge || tooDeep !== undefined) {
    // Each call once, so its arguments are still checked; there is no graph to infer shapes through.
    const cache = new BindingCache(catalogue, blocks, memo);
    const key = {};
    for (const { node } of listed) {
      const view = catalogue.layer(node.name.name);
      if (!blocks.has(node.name.name)) cache.bind(ctx, node, view, view?.merge ? node.args.filter((argument) => argument.name) : node.args, key);
    }
    checkInputPlacement(
      ctx,
      listed.map(({ node }) => node),
    );
    if (tooDeep !== undefined) {
      ctx.report({
        code: SHAPE_CODE.modelTooDeep,
        message: `model \`${name}\` has ${tooDeep.toLocaleString('en-US')} layers, more than the ${MAX_MODEL_LAYERS.toLocaleString('en-US')} TF.js can build`,
        range: nameRange,
        label: `${tooDeep.toLocaleString('en-US')} layers after unrolling`,
        help: `use at most ${MAX_MODEL_LAYERS.toLocaleString('en-US')} layers (a smaller \`repeat\` count); TF.js walks a model's layers recursively and runs out of stack past about 4,400`,
      });
    }
    return { name, range: declaration.range, nameRange, layers: [], inputFrom: 'none', trainableParams: 0, nonTrainableParams: 0, complete: false };
  }

  const expansion = expandModel(ctx, catalogue, blocks, declaration.items);
  const { nodes } = expansion;
  const cache = new BindingCache(catalogue, blocks, memo);
  const bindings: NodeBinding[] = nodes.map((node) => cache.bind(node.ctx, node.call, node.view, node.args, node.bindingKey));
  checkInputPlacement(
    ctx,
    nodes.map((node) => node.call),
  );

  let inputFrom: CheckedModel['inputFrom'] = 'none';
  let dataShape: Shape | undefined;
  const firstIsInput = nodes[0]?.type === 'input';
  if (firstIsInput) inputFrom = 'input';
  else if (hint) {
    dataShape = [...hint.featureShape];
    inputFrom = 'data';
  }
  if (!firstIsInput && !hint && !nodes.some((node) => node.type === 'input')) {
    ctx.report({
      code: SHAPE_CODE.noInputShape,
      message: `model \`${name}\` has no \`input\` layer and no data with a known shape`,
      range: nameRange,
      label: 'input shape unknown',
      help: 'start the model with `input(shape: [...])`',
    });
  }
  if (nodes.length > 0 && expansion.failedUses === 0 && nodes.every((node) => node.type === 'input')) {
    ctx.report({
      code: SHAPE_CODE.emptyModel,
      message: `model \`${name}\` has no layers after \`input\``,
      range: nameRange,
      label: 'no layers',
      help: 'add layers, e.g. `dense(10, activation: softmax)`',
    });
  }

  const output = typeof expansion.output.node === 'number' ? expansion.output.node : undefined;
  const kept = reachableNodes(nodes, output, expansion.output.node === 'broken');
  const shapes = inferShapes(nodes, kept, bindings, dataShape);
  reportUnusedNames(expansion.bindings, output);

  const layers: CheckedLayer[] = [];
  let trainable = 0;
  let nonTrainable = 0;
  let shapesKnown = true;
  for (const index of kept) {
    const node = nodes[index]!;
    const binding = bindings[index];
    const found = shapes.get(index)!;
    const layer: CheckedLayer = {
      name: node.name,
      type: node.type,
      params: binding ? binding.bound.params : {},
      inputs: node.inputs.map((input) => nodes[input]!.name),
      paramRanges: binding ? rangesOf(binding.bound.given) : {},
      trainableParams: found.trainable,
      nonTrainableParams: found.nonTrainable,
      range: node.call.range,
    };
    if (node.label !== undefined) layer.label = node.label;
    if (found.inputShapes && found.inputShapes.length > 0) {
      layer.inputShape = found.inputShapes[0];
      if (node.type !== 'input') layer.inputShapes = found.inputShapes;
    }
    if (found.outputShape) layer.outputShape = found.outputShape;
    else shapesKnown = false;
    if (node.repeatRange) layer.repeatRange = node.repeatRange;
    if (node.blockUses) layer.blockUses = node.blockUses;
    trainable += found.trainable;
    nonTrainable += found.nonTrainable;
    layers.push(layer);
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

  const outputLayer = output === undefined ? undefined : layers.find((layer) => layer.name === nodes[output]!.name);
  const firstShape = layers.find((layer) => layer.inputShape)?.inputShape;
  const model: CheckedModel = {
    name,
    range: declaration.range,
    nameRange,
    layers,
    inputFrom: firstIsInput && !layers[0]?.outputShape ? 'none' : inputFrom,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    complete: shapesKnown && (layers.length === 0 || outputLayer !== undefined) && parent.errorCount === errorsBefore,
  };
  if (firstShape) model.inputShape = firstShape;
  if (outputLayer) {
    model.output = outputLayer.name;
    if (outputLayer.outputShape && shapesKnown) model.outputShape = outputLayer.outputShape;
  } else if (layers.length === 0 && dataShape) model.outputShape = dataShape;
  return model;
}

function rangesOf(given: ReadonlyMap<string, { range: Range }>): Record<string, Range> {
  const ranges: Record<string, Range> = {};
  for (const [param, value] of given) ranges[param] = value.range;
  return ranges;
}

/**
 * Binds each layer call once per set of block arguments (a repeat unrolls a call many times
 * with the same arguments), so its problems are reported once and the work stays small.
 */
class BindingCache {
  private readonly cache = new Map<LayerNode, Map<object, NodeBinding>>();
  private readonly blockNames: string;
  constructor(
    private readonly catalogue: CatalogueView,
    private readonly blocks: BlockTable,
    private readonly memo?: BindingMemo<NodeBinding>,
  ) {
    this.blockNames = [...blocks.keys()].join('\u0000');
  }

  bind(ctx: CheckContext, call: LayerNode, view: LayerView | undefined, args: readonly Argument[], key: object): NodeBinding {
    let byKey = this.cache.get(call);
    if (!byKey) this.cache.set(call, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key)!;
    const binding = this.memo
      ? this.memo.bind(ctx, call, view, args, this.blockNames, (sink) => this.bindOnce(sink, call, view, args))
      : this.bindOnce(ctx, call, view, args);
    byKey.set(key, binding);
    return binding;
  }

  private bindOnce(ctx: CheckContext, call: LayerNode, view: LayerView | undefined, args: readonly Argument[]): NodeBinding {
    if (!view) {
      const candidates = [...this.catalogue.layerNames, ...this.blocks.keys()];
      reportUnknownName(ctx, {
        code: NAME_CODE.unknownLayer,
        message: `unknown layer \`${call.name.name}\``,
        range: call.name.range,
        suggestion: this.catalogue.suggest(call.name.name, candidates),
        label: 'unknown layer',
        help:
          this.blocks.size > 0
            ? 'see `docs/catalogue.md` for the layers nnspec knows; a block is used by its name'
            : 'see `docs/catalogue.md` for the layers nnspec knows',
      });
      return null;
    }
    const bound = bindArguments(ctx, this.catalogue, view, args, { owner: `\`${view.name}\``, calleeRange: call.name.range });
    if (bound.complete && view.completeParams) bound.params = view.completeParams(bound.params);
    return { bound };
  }
}

/** Warns at each written name no merge or `from` uses (the model's output excepted). */
function reportUnusedNames(bindings: ReturnType<typeof expandModel>['bindings'], output: number | undefined): void {
  for (const [binding, { used, nodes, ctx }] of bindings) {
    if (used || (output !== undefined && nodes.has(output))) continue;
    ctx.report({
      code: NAME_CODE.unusedOutput,
      message: `the output name \`${binding.name}\` is never used`,
      range: binding.range,
      label: 'unused name',
      help: `use it in a merge (\`add(${binding.name})\`) or a branch (\`from ${binding.name}\`), or remove \`${binding.name} =\``,
    });
  }
}

function checkInputPlacement(ctx: CheckContext, calls: readonly LayerNode[]): void {
  let first: LayerNode | undefined;
  const seen = new Set<LayerNode>();
  calls.forEach((node, index) => {
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
