/**
 * The merge layers: `add`, `subtract`, `multiply`, `average`, `maximum`, `minimum` and
 * `concatenate`. Each reads two or more outputs (the chain's current one and the named ones it
 * lists) and has no weights; its {@link MergeRule} says how many inputs it takes and what shape
 * they merge into (a test compares both with TF.js's own merge layers).
 */
import type { IrValue } from '../ir/schema.js';
import type { LayerView, MergeRule, Shape, ShapeResult } from './types.js';
import { describe } from './shape-rules.js';

type MergeResult = ShapeResult & { input?: number };

/** Two axes agree when they are equal or one is only known at run time. */
const axisAgrees = (a: number | null, b: number | null): boolean => a === null || b === null || a === b;

/** The rule of the element-wise merges: every input has the first one's shape. */
function sameShapes(layer: string): (inputs: readonly Shape[]) => MergeResult {
  return (inputs) => {
    const first = inputs[0] ?? [];
    for (let index = 1; index < inputs.length; index++) {
      const other = inputs[index]!;
      if (other.length !== first.length || other.some((axis, at) => !axisAgrees(axis, first[at] ?? null))) {
        return {
          error: `\`${layer}\` needs inputs of the same shape, got ${describe(first)} and ${describe(other)}`,
          problem: 'other',
          help: 'make the shapes equal, or use `concatenate`',
          input: index,
        };
      }
    }
    // An axis known in any input is known in the output.
    return { shape: first.map((axis, at) => axis ?? inputs.find((shape) => shape[at] !== null)?.[at] ?? null) };
  };
}

/**
 * The axis `axis` names in a shape of `rank` axes (without the batch), or undefined when it
 * names none: `-1` is the last axis, `1` the first after the batch, as in Keras; `0` is the batch.
 */
export function concatAxis(axis: number, rank: number): number | undefined {
  if (axis < 0) return axis >= -rank ? rank + axis : undefined;
  return axis >= 1 && axis <= rank ? axis - 1 : undefined;
}

function concatenateShape(inputs: readonly Shape[], params: Readonly<Record<string, IrValue>>): MergeResult {
  const first = inputs[0] ?? [];
  const axis = typeof params.axis === 'number' ? params.axis : -1;
  const at = concatAxis(axis, first.length);
  if (at === undefined) {
    return {
      error: `\`concatenate\` cannot join along axis ${axis} of inputs of rank ${first.length} (${describe(first)})${axis === 0 ? ': axis 0 is the batch' : ''}`,
      problem: 'other',
      param: 'axis',
      help: `use an axis from 1 to ${first.length}, or from -1 to -${first.length} counting from the end (\`-1\`, the channels, is usual)`,
    };
  }
  let joined: number | null = 0;
  for (let index = 0; index < inputs.length; index++) {
    const shape = inputs[index]!;
    if (shape.length !== first.length || shape.some((size, axisIndex) => axisIndex !== at && !axisAgrees(size, first[axisIndex] ?? null))) {
      return {
        error: `\`concatenate\` along axis ${axis} needs every other axis equal, got ${describe(first)} and ${describe(shape)}`,
        problem: 'other',
        help:
          shape.length !== first.length
            ? 'give both inputs the same rank (`flatten()` or `reshape(...)`)'
            : 'make the other axes equal, or join along another `axis`',
        input: index,
      };
    }
    const size = shape[at] ?? null;
    joined = joined === null || size === null ? null : joined + size;
  }
  return { shape: first.map((size, axisIndex) => (axisIndex === at ? joined : size)) };
}

interface MergeSpec {
  name: string;
  className: string;
  note?: string;
  doc: string;
  rule: string;
  merge: MergeRule;
  params?: LayerView['params'];
}

const SAME_RULE = 'Every input has the same shape, which is the output shape.';

const elementwise = (name: string, className: string, doc: string, maxInputs?: number, note?: string): MergeSpec => ({
  name,
  className,
  ...(note ? { note } : {}),
  doc,
  rule: maxInputs === 2 ? `Exactly two inputs of the same shape, which is the output shape.` : SAME_RULE,
  merge: { minInputs: 2, ...(maxInputs === undefined ? {} : { maxInputs }), outputShape: sameShapes(name) },
});

const MERGE_SPECS: MergeSpec[] = [
  elementwise('add', 'Add', 'sums its inputs element-wise (a residual connection)'),
  elementwise(
    'subtract',
    'Subtract',
    'subtracts its second input from its first, element-wise',
    2,
    "Keras's `Subtract`; TF.js 4 has no `tf.layers.subtract`, so the backend provides the layer",
  ),
  elementwise('multiply', 'Multiply', 'multiplies its inputs element-wise'),
  elementwise('average', 'Average', 'averages its inputs element-wise'),
  elementwise('maximum', 'Maximum', 'the element-wise maximum of its inputs'),
  elementwise('minimum', 'Minimum', 'the element-wise minimum of its inputs'),
  {
    name: 'concatenate',
    className: 'Concatenate',
    doc: 'joins its inputs along an axis',
    rule: 'Inputs of the same rank, equal on every axis but `axis`, which is summed: `[8, 8, 16]` and `[8, 8, 4]` become `[8, 8, 20]`. `axis: -1` is the last axis; `1` the first after the batch, as in Keras.',
    params: [{ name: 'axis', type: { kind: 'int' }, doc: 'the axis joined along: -1 is the last, 1 the first after the batch', required: false, default: -1 }],
    merge: { minInputs: 2, outputShape: concatenateShape },
  },
];

const noWeights = (): { trainable: number; nonTrainable: number } => ({ trainable: 0, nonTrainable: 0 });

/** The merge layers' views, by name. */
export const MERGE_LAYERS: readonly LayerView[] = MERGE_SPECS.map((spec) => ({
  name: spec.name,
  doc: spec.doc,
  params: spec.params ?? [],
  merge: spec.merge,
  shapeRule: spec.rule,
  tfjs: { className: spec.className, ...(spec.note ? { note: spec.note } : {}) },
  // A merge given one shape (a chain reading it as a plain layer) merges that shape with itself.
  outputShape: (input: Shape, params: Readonly<Record<string, IrValue>>) => {
    const result = spec.merge.outputShape([input, input], params);
    return 'error' in result ? result : { shape: result.shape };
  },
  countParams: noWeights,
}));
