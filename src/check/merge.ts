/**
 * Merge layers in the graph: which outputs a merge reads (the names it lists, in order, and the
 * chain's current output first when it is not listed), and the error when their shapes cannot
 * be merged, at the merge, with each input's definition and shape.
 */
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { Argument, Identifier, LayerNode } from '../syntax/ast.js';
import type { Label } from '../diagnostics/diagnostic.js';
import type { LayerView, ShapeError } from '../catalogue/types.js';
import type { CheckContext } from './context.js';
import type { Cursor } from './expand.js';
import type { Shape } from './program.js';
import { describe } from '../catalogue/shape-rules.js';

/** A merge's inputs, and its parameter arguments (the named ones). */
export interface MergeInputs {
  inputs: Cursor[];
  args: Argument[];
}

/**
 * The inputs of a merge call: each positional argument must name an output; `current` comes
 * first unless it is listed. Too few or too many inputs, and a positional argument that is not
 * a name, are reported; the inputs then include an unknown one, so no shape is inferred.
 */
export function resolveMergeInputs(
  ctx: CheckContext,
  call: LayerNode,
  view: LayerView,
  current: Cursor,
  resolve: (name: Identifier) => Cursor | undefined,
): MergeInputs {
  const merge = view.merge!;
  const listed: Cursor[] = [];
  const args: Argument[] = [];
  let broken = false;
  for (const argument of call.args) {
    if (argument.name) {
      args.push(argument);
      continue;
    }
    const value = argument.value;
    if (!value) {
      broken = true;
      continue;
    }
    if (value.kind !== 'name' || value.path.length !== 1) {
      const params = view.params.map((param) => `\`${param.name}: ...\``);
      ctx.report({
        code: NAME_CODE.mergeArgument,
        message: `\`${view.name}\`'s positional arguments are the names of the outputs it merges`,
        range: argument.range,
        label: 'not the name of an output',
        help:
          params.length > 0
            ? `name an output here (\`h\` of \`h = dense(...)\`); give ${params.join(' and ')} by name`
            : 'name an output here (`h` of `h = dense(...)`)',
      });
      broken = true;
      continue;
    }
    const cursor = resolve(value.path[0]!);
    if (cursor) listed.push({ ...cursor, def: cursor.def ?? value.range });
    else broken = true;
  }
  const isListed = typeof current.node === 'number' && listed.some((input) => input.node === current.node);
  const inputs = isListed || current.node === 'data' ? listed : [current, ...listed];
  const count = inputs.length;
  if (!broken && count < merge.minInputs) {
    ctx.report({
      code: NAME_CODE.mergeInputCount,
      message: `\`${view.name}\` needs at least ${merge.minInputs} inputs, got ${count}`,
      range: call.name.range,
      label: `${count} input${count === 1 ? '' : 's'}`,
      help: isListed
        ? `\`${view.name}\` reads the chain's current output and the outputs it lists, and the current output is already listed: list another named output, e.g. \`${view.name}(${inputs.map((input) => input.name ?? '...').join(', ')}, other)\``
        : `list the named outputs to merge with the chain's current output: \`${view.name}(h)\` after \`h = ...\``,
    });
    broken = true;
  } else if (!broken && merge.maxInputs !== undefined && count > merge.maxInputs) {
    ctx.report({
      code: NAME_CODE.mergeInputCount,
      message: `\`${view.name}\` takes exactly ${merge.maxInputs} inputs, got ${count}`,
      range: call.name.range,
      label: `${count} inputs`,
      help: `\`${view.name}\` reads the chain's current output and the outputs it lists (the current one first, unless listed): list ${merge.maxInputs === 2 ? 'one name, or two with the current output among them' : `at most ${merge.maxInputs}`}`,
    });
    broken = true;
  }
  return { inputs: broken ? [...inputs, { node: 'broken' }] : inputs, args };
}

/** One input of a merge as the error shows it. */
export interface MergeInputShape {
  shape: Shape;
  def: Label['range'];
  name?: string;
}

/**
 * Reports a merge whose inputs cannot be merged, at the merge call, with a label at each
 * input's definition and its shape, and a fix for the common case (a residual path of another
 * width): "the skip path `h` is [64] and the main path [128]: add `dense(128)` after `h`".
 */
export function reportMergeShapes(
  ctx: CheckContext,
  call: LayerNode,
  view: LayerView,
  inputs: readonly MergeInputShape[],
  problem: ShapeError & { input?: number },
  code: string,
): void {
  const describeInput = (input: MergeInputShape, index: number): string =>
    input.name ? `\`${input.name}\`` : index === 0 ? 'the main path' : `input ${index + 1}`;
  const labels: Label[] = inputs.map((input, index) => ({ range: input.def, message: `${describeInput(input, index)} is ${describe(input.shape)}` }));
  let help = problem.help;
  const other = problem.input;
  if (other !== undefined && view.name !== 'concatenate') {
    const main = inputs[0]!;
    const skip = inputs[other]!;
    const skipWords = skip.name ? `the skip path \`${skip.name}\`` : `input ${other + 1}`;
    const mainWords = main.name ? `\`${main.name}\`` : 'the main path';
    const target = main.shape;
    const fix = fixFor(target, skip.shape);
    help =
      fix && skip.name
        ? `${skipWords} is ${describe(skip.shape)} and ${mainWords} ${describe(target)}: add \`${fix}\` after \`${skip.name}\`, or use \`concatenate\``
        : `${skipWords} is ${describe(skip.shape)} and ${mainWords} ${describe(target)}: make them the same shape, or use \`concatenate\``;
  }
  ctx.report({
    code,
    message: problem.error,
    range: problem.param ? (call.args.find((argument) => argument.name?.name === problem.param)?.range ?? call.name.range) : call.name.range,
    label: other !== undefined ? 'inputs of different shapes' : 'cannot merge these inputs',
    labels,
    ...(help ? { help } : {}),
  });
}

/** A layer that turns `from` into `shape`, when they differ only in their last axis. */
function fixFor(shape: Shape, from: Shape): string | undefined {
  const width = shape[shape.length - 1];
  if (width === null || width === undefined || from.length !== shape.length || from.some((axis, at) => at < shape.length - 1 && axis !== shape[at]))
    return undefined;
  if (shape.length === 1) return `dense(${width})`;
  if (shape.length === 3) return `conv2d(${width}, 1)`;
  if (shape.length === 2) return `conv1d(${width}, 1)`;
  return undefined;
}
