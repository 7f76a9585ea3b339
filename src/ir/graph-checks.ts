/**
 * The rules of the model graph that a per-node schema cannot see: unique names, one `input`
 * node and it first, inputs that name earlier nodes (so the order is topological and there is
 * no cycle), one shape per input, merges with as many inputs as their catalogue rule takes,
 * and an `output` that names a node.
 */
import type { CatalogueView } from '../catalogue/types.js';
import type { IrModel } from './schema.js';

/** One problem: the path inside the document (`model.nodes[2].inputs[0]`) and what is wrong. */
export interface IrProblem {
  path: string;
  message: string;
}

/** What is wrong with a model's graph; empty when nothing is. Params are the schema's business. */
export function graphProblems(model: IrModel, catalogue: CatalogueView): IrProblem[] {
  const problems: IrProblem[] = [];
  const seen = new Set<string>();
  const at = (index: number, rest = ''): string => `model.nodes[${index}]${rest}`;
  if (model.nodes.length === 0) return [{ path: 'model.nodes', message: 'a model needs at least its `input` node' }];
  if (model.nodes[0]!.type !== 'input')
    problems.push({ path: at(0, '.type'), message: `the first node must be the \`input\` node, got \`${model.nodes[0]!.type}\`` });
  model.nodes.forEach((node, index) => {
    if (seen.has(node.name)) problems.push({ path: at(index, '.name'), message: `the name \`${node.name}\` is taken by an earlier node` });
    if (index > 0 && node.type === 'input')
      problems.push({ path: at(index, '.type'), message: 'only the first node may be an `input` node (a model has one input)' });
    node.inputs.forEach((input, position) => {
      if (!seen.has(input)) {
        const later = model.nodes.some((other, otherIndex) => otherIndex >= index && other.name === input);
        problems.push({
          path: at(index, `.inputs[${position}]`),
          message: later ? `\`${input}\` is not an earlier node (nodes are in topological order)` : `no node \`${input}\``,
        });
      }
    });
    if (node.inputShapes.length !== node.inputs.length) {
      problems.push({ path: at(index, '.inputShapes'), message: `${node.inputShapes.length} shapes for ${node.inputs.length} inputs (one shape per input)` });
    }
    const merge = catalogue.layer(node.type)?.merge;
    const count = node.inputs.length;
    if (node.type === 'input') {
      if (count !== 0) problems.push({ path: at(index, '.inputs'), message: `the \`input\` node reads nothing, got ${count} inputs` });
    } else if (index === 0) {
      // Already reported: the first node is not the input node.
    } else if (merge) {
      if (count < merge.minInputs)
        problems.push({ path: at(index, '.inputs'), message: `\`${node.type}\` merges at least ${merge.minInputs} inputs, got ${count}` });
      if (merge.maxInputs !== undefined && count > merge.maxInputs)
        problems.push({ path: at(index, '.inputs'), message: `\`${node.type}\` merges at most ${merge.maxInputs} inputs, got ${count}` });
    } else if (count !== 1) {
      problems.push({ path: at(index, '.inputs'), message: `\`${node.type}\` reads exactly 1 input, got ${count}` });
    }
    seen.add(node.name);
  });
  if (!seen.has(model.output)) problems.push({ path: 'model.output', message: `no node \`${model.output}\`` });
  return problems;
}
