/**
 * Which nodes of a model's graph reach its output. The others (a branch left by `from` whose
 * end nothing merges) are left out of the model and its counts, as TF.js leaves them out of a
 * `tf.model`, with a warning at each such branch's end.
 */
import { SHAPE_CODE } from '../diagnostics/codes/shapes-codes.js';
import type { GraphNode } from './expand.js';

/**
 * The indices of the nodes kept, in order: every ancestor of `output`, and the `input` node.
 * When the output is unknown (`unknownOutput`), or an input is (after an error), every node is kept.
 */
export function reachableNodes(nodes: readonly GraphNode[], output: number | undefined, unknownOutput: boolean): number[] {
  // After an unknown name or a failed block use the graph has holes: keep it whole and say nothing.
  if (output === undefined || unknownOutput || nodes.some((node) => node.brokenInput)) return nodes.map((_node, index) => index);
  const reached = new Set<number>([output]);
  for (let index = output; index >= 0; index--) {
    if (!reached.has(index)) continue;
    for (const input of nodes[index]!.inputs) reached.add(input);
  }
  const consumed = new Set<number>();
  for (const node of nodes) for (const input of node.inputs) consumed.add(input);
  const kept: number[] = [];
  nodes.forEach((node, index) => {
    if (reached.has(index) || node.type === 'input') {
      kept.push(index);
      return;
    }
    // Warn once per dead end; a named one is already warned about as an unused name.
    if (consumed.has(index) || node.label !== undefined) return;
    node.ctx.report({
      code: SHAPE_CODE.unreachableLayer,
      message: `the output of \`${node.type}\` does not reach the model's output, so this branch is left out of the model`,
      range: node.call.name.range,
      label: 'nothing uses this output',
      help: "name the branch's end and merge it (`b = ...`, then `add(b)` or `concatenate(b)`), or remove its layers",
    });
  });
  return kept;
}
