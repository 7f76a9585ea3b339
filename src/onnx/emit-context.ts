/**
 * What a layer emitter gets: the graph, the IR node, its inputs' value names and its weights,
 * plus typed reads of the node's parameters. A layer that cannot be written, or weights that do
 * not fit it, is an {@link ExportProblem}, which `exportOnnx` turns into a diagnostic.
 */
import type { IrNode } from '../ir/schema.js';
import { booleanParam, nullableStringParam, numberParam, sizesParam } from '../ir/read-params.js';
import type { OnnxGraph } from './graph.js';

/** One weight tensor of a layer, as TF.js's `layer.getWeights()` gives it (row-major values). */
export interface LayerWeight {
  shape: readonly number[];
  values: Float32Array;
}

/** Why a layer cannot be exported: reported as an error naming the layer. */
export class ExportProblem extends Error {
  constructor(
    readonly kind: 'unsupported' | 'weights',
    readonly node: IrNode,
    message: string,
    readonly help: string,
  ) {
    super(message);
  }
}

/** The state one layer emitter works with. */
export class EmitContext {
  constructor(
    readonly graph: OnnxGraph,
    readonly node: IrNode,
    /** The value names of the node's inputs, in the order of `node.inputs`. */
    readonly inputs: readonly string[],
    private readonly weights: readonly LayerWeight[],
  ) {}

  /** The first (for most layers the only) input's value name. */
  get x(): string {
    return this.inputs[0]!;
  }

  /** The first input's shape, without the batch axis. */
  get inputShape(): readonly (number | null)[] {
    return this.node.inputShapes[0] ?? [];
  }

  /** A value name derived from the node's name. */
  name(suffix: string): string {
    return suffix === '' ? this.node.name : `${this.node.name}_${suffix}`;
  }

  /**
   * The node's weights, checked against the shapes the layer needs in TF.js's `getWeights()`
   * order; a weight missing or of another shape is an {@link ExportProblem}.
   */
  takeWeights(expected: readonly (readonly number[])[]): LayerWeight[] {
    const given = this.weights;
    const describe = (shapes: readonly (readonly number[])[]): string => shapes.map((shape) => `[${shape.join(', ')}]`).join(', ') || 'none';
    const fits =
      given.length === expected.length &&
      given.every((weight, index) => {
        const shape = expected[index]!;
        return (
          weight.shape.length === shape.length &&
          weight.shape.every((size, axis) => size === shape[axis]) &&
          weight.values.length === shape.reduce((a, b) => a * b, 1)
        );
      });
    if (!fits) {
      throw new ExportProblem(
        'weights',
        this.node,
        `the weights of \`${this.node.name}\` (${this.node.type}) do not fit it: expected ${describe(expected)}, got ${describe(given.map((weight) => weight.shape))}`,
        'export the model the weights were trained for (the bundle or spec they came with)',
      );
    }
    return [...given];
  }

  /** A number parameter. */
  number(key: string): number {
    return numberParam(this.node, key);
  }

  /** A boolean parameter. */
  bool(key: string): boolean {
    return booleanParam(this.node, key);
  }

  /** A string-or-null parameter (an activation, a padding). */
  text(key: string): string | null {
    return nullableStringParam(this.node, key);
  }

  /** A list of sizes (a single number is a list of one). */
  sizes(key: string): number[] {
    return sizesParam(this.node, key);
  }
}

/** Transposes a row-major matrix of `rows` x `columns`. */
export function transpose2d(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
  return out;
}

/** Reorders a row-major tensor's axes: `out.shape[i] = shape[perm[i]]`. */
export function permute(values: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const rank = shape.length;
  const outShape = perm.map((axis) => shape[axis]!);
  const strides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  const out = new Float32Array(values.length);
  const index = new Array<number>(rank).fill(0);
  for (let at = 0; at < out.length; at++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis]! * strides[perm[axis]!]!;
    out[at] = values[source]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]! += 1;
      if (index[axis]! < outShape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}
