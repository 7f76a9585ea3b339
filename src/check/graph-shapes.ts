/**
 * Infers shapes and parameter counts through a model's graph, node by node in topological
 * order: a plain layer from its one input, a merge from all of them (an error at the merge
 * when they disagree), `input` from its declared shape.
 */
import type { LayerNode } from '../syntax/ast.js';
import type { ShapeProblem } from '../catalogue/types.js';
import type { Fix } from '../diagnostics/diagnostic.js';
import { SHAPE_CODE } from '../diagnostics/codes/shapes-codes.js';
import type { BoundArguments } from './arguments.js';
import type { CheckContext } from './context.js';
import type { GraphNode } from './expand.js';
import { reportMergeShapes } from './merge.js';
import type { Shape } from './program.js';
import { formatShape } from './summary.js';

/** A node's bound arguments (null when its layer is unknown). */
export type NodeBinding = { bound: BoundArguments } | null;

/** What the shape pass finds for one node. */
export interface NodeShapes {
  inputShapes?: Shape[];
  outputShape?: Shape;
  trainable: number;
  nonTrainable: number;
}

/**
 * Shapes and counts of the `kept` nodes (indices, in order). `dataShape` is what a node that
 * reads the data directly gets. The first `input` node defines its shape; misplaced ones were
 * reported and give none.
 */
export function inferShapes(
  nodes: readonly GraphNode[],
  kept: readonly number[],
  bindings: readonly NodeBinding[],
  dataShape: Shape | undefined,
): Map<number, NodeShapes> {
  const result = new Map<number, NodeShapes>();
  for (const index of kept) {
    const node = nodes[index]!;
    const binding = bindings[index];
    const found: NodeShapes = { trainable: 0, nonTrainable: 0 };
    result.set(index, found);
    if (!binding?.bound.complete || !node.view) continue;
    const params = binding.bound.params;
    if (node.type === 'input') {
      const declared = params.shape;
      if (index === 0 && Array.isArray(declared)) {
        found.inputShapes = [[...(declared as number[])]];
        found.outputShape = [...(declared as number[])];
      }
      continue;
    }
    if (node.brokenInput) continue;
    const inputShapes: Shape[] = node.readsData
      ? dataShape
        ? [dataShape]
        : []
      : node.inputs.flatMap((input) => (result.get(input)?.outputShape ? [result.get(input)!.outputShape!] : []));
    const expected = node.readsData ? 1 : node.inputs.length;
    if (inputShapes.length !== expected || expected === 0) continue;
    const merge = node.view.merge;
    if (merge) {
      const merged = merge.outputShape(inputShapes, params);
      if ('error' in merged) {
        const inputs = inputShapes.map((shape, at) => ({
          shape,
          def: node.inputDefs[at]!.range,
          ...(node.inputDefs[at]!.name ? { name: node.inputDefs[at]!.name } : {}),
        }));
        reportMergeShapes(node.ctx, node.call, node.view, inputs, merged, merged.param === 'axis' ? SHAPE_CODE.mergeAxis : SHAPE_CODE.mergeShapes);
        continue;
      }
      found.inputShapes = inputShapes;
      found.outputShape = merged.shape;
      continue;
    }
    const input = inputShapes[0]!;
    const shaped = node.view.outputShape(input, params);
    if ('error' in shaped) {
      reportShapeProblem(node.ctx, node.call, binding.bound, shaped.problem, shaped.error, input, shaped.param, shaped.help);
      continue;
    }
    const counts = node.view.countParams(input, params, shaped.shape);
    found.inputShapes = [input];
    found.outputShape = shaped.shape;
    found.trainable = counts.trainable;
    found.nonTrainable = counts.nonTrainable;
  }
  return result;
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
  let fixes: Fix[] | undefined;
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
