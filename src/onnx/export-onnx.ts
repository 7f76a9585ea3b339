/**
 * The ONNX export stage: an IR model, its weights, the normalization and the target scaling
 * (plain data) in, the bytes of an ONNX model out. The graph takes raw features as `predict`
 * does: the normalization is folded in as its first nodes, the target scaling as its last.
 * Opset 17 (the first with LayerNormalization), a dynamic batch axis. Browser-safe: no TF.js.
 */
import { DOCUMENT_START, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { SourceText } from '../diagnostics/source-text.js';
import { EXPORT_CODE } from '../diagnostics/codes/export-codes.js';
import type { IrModel, IrNode } from '../ir/schema.js';
import type { Preprocessing, TargetScaling } from '../train/data/preprocessing.js';
import { NNSPEC_VERSION } from '../cli/version.js';
import { OnnxGraph } from './graph.js';
import { EmitContext, ExportProblem, type LayerWeight } from './emit-context.js';
import { emitLayer } from './emit-layer.js';

/** The ONNX operator set the export writes (17: the first with LayerNormalization). */
export const ONNX_OPSET = 17;
/** ONNX's IR version for opset 17. */
export const ONNX_IR_VERSION = 8;
/** The graph's input: raw features, `[batch, ...the IR's input shape]`. */
export const ONNX_INPUT_NAME = 'input';
/** The graph's output: `[batch, ...the IR's output shape]`, in the target's units. */
export const ONNX_OUTPUT_NAME = 'output';
/** The symbolic name of the batch axis (the first of the input and of the output). */
export const ONNX_BATCH_AXIS = 'batch';

/** Weights per layer (IR node) name, each layer's in TF.js's `layer.getWeights()` order. */
export type OnnxWeights = ReadonlyMap<string, readonly LayerWeight[]>;

/** What {@link exportOnnx} exports: plain data, no TF.js objects. */
export interface OnnxExportInput {
  /** The model as the IR describes it. */
  model: IrModel;
  /** The weights of each layer that has some (see {@link OnnxWeights}); layers without weights may be absent. */
  weights: OnnxWeights;
  /** The fitted normalization to fold in (the preprocessing record's); absent or `none`: raw inputs go straight in. */
  normalization?: Preprocessing['normalization'];
  /** The regression target's scaling (`y * std + mean` after the model's output); absent or `none`: nothing. */
  target?: TargetScaling;
  /** The spec's text, so a diagnostic about a layer points at it; without it, diagnostics point at the start. */
  specText?: string;
  /** Written as the model's `metadata_props` (e.g. `nnspec.classNames`), for whoever reads the file. */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes the ONNX model of `input` (see {@link OnnxExportInput}). Errors (a layer ONNX cannot
 * express, NN5201; weights or a normalization that do not fit, NN5202) are diagnostics, and the
 * value is then undefined.
 */
export function exportOnnx(input: OnnxExportInput): StageResult<Uint8Array | undefined> {
  const { model } = input;
  const graph = new OnnxGraph();
  const inputName = graph.reserve(ONNX_INPUT_NAME);
  const outputName = graph.reserve(ONNX_OUTPUT_NAME);
  const [first, ...rest] = model.nodes;
  if (first?.type !== 'input') throw new Error(`nnspec onnx: model ${model.name} does not start with its input node`);
  const values = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  // A layer that cannot be written is reported and the export goes on past it (its output a
  // placeholder name), so one run names every such layer; nothing is encoded then.
  const attempt = (node: IrNode, emit: () => string): string => {
    try {
      return emit();
    } catch (error) {
      if (!(error instanceof ExportProblem)) throw error;
      diagnostics.push(problemDiagnostic(error, input.specText));
      return graph.fresh(`${node.name}_not_exported`);
    }
  };
  values.set(
    first.name,
    attempt(first, () => foldNormalization(graph, first, model.inputShape, input.normalization)),
  );
  for (const node of rest) {
    const inputs = node.inputs.map((name) => {
      const value = values.get(name);
      if (value === undefined) throw new Error(`nnspec onnx: ${node.name} reads '${name}', which no earlier node makes`);
      return value;
    });
    values.set(
      node.name,
      attempt(node, () => emitLayer(new EmitContext(graph, node, inputs, input.weights.get(node.name) ?? []))),
    );
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  let output = values.get(model.output);
  if (output === undefined) throw new Error(`nnspec onnx: model ${model.name}'s output '${model.output}' is no node of it`);
  if (input.target?.kind === 'standard') {
    // TF.js's `target_scale` Dense layer (kernel std·I, bias mean) is exactly y * std + mean.
    output = graph.op('Mul', [output, graph.scalar('target_std', input.target.std)], 'target_scaled');
    output = graph.op('Add', [output, graph.scalar('target_mean', input.target.mean)], 'target_shifted');
  }
  graph.opInto('Identity', [output], outputName);
  const bytes = graph.encode({
    producerVersion: NNSPEC_VERSION,
    graphName: model.name,
    input: { name: inputName, shape: [ONNX_BATCH_AXIS, ...model.inputShape.map((size, axis) => size ?? `input_axis_${axis + 1}`)] },
    output: { name: outputName, shape: [ONNX_BATCH_AXIS, ...model.outputShape.map((size, axis) => size ?? `output_axis_${axis + 1}`)] },
    opset: ONNX_OPSET,
    irVersion: ONNX_IR_VERSION,
    metadata: input.metadata ?? {},
  });
  return { value: bytes, diagnostics: [] };
}

/**
 * The normalization as the graph's first nodes, exactly as training applied it
 * (src/train/data/normalize.ts): `(x - offset) / divisor` per feature, and 0 where the divisor is
 * not positive (a constant feature): there the divisor is 1 and a mask of 0 multiplies.
 */
function foldNormalization(
  graph: OnnxGraph,
  node: IrNode,
  shape: readonly (number | null)[],
  normalization: Preprocessing['normalization'] | undefined,
): string {
  if (normalization === undefined || normalization.kind === 'none') return ONNX_INPUT_NAME;
  const [offsets, ends] = normalization.kind === 'minmax' ? [normalization.min, normalization.max] : [normalization.mean, normalization.std];
  const divisors = normalization.kind === 'minmax' ? ends.map((max, j) => max - offsets[j]!) : ends;
  const width = shape.every((size): size is number => size !== null) ? shape.reduce((a, b) => a * b, 1) : undefined;
  if (width === undefined || offsets.length !== width || ends.length !== width) {
    throw new ExportProblem(
      'weights',
      node,
      `the normalization has ${offsets.length} features, but the model's input ${width === undefined ? 'has axes of unknown size' : `has ${width}`}`,
      'export the bundle the normalization was fitted for, whole',
    );
  }
  const dims = shape as number[];
  const positive = divisors.map((divisor) => divisor > 0);
  const safe = divisors.map((divisor, j) => (positive[j] ? divisor : 1));
  const centered = graph.op('Sub', [ONNX_INPUT_NAME, graph.floats('normalization_offset', dims, offsets)], 'normalization_centered');
  const scaled = graph.op('Div', [centered, graph.floats('normalization_divisor', dims, safe)], 'normalization_scaled');
  if (positive.every(Boolean)) return scaled;
  return graph.op(
    'Mul',
    [
      scaled,
      graph.floats(
        'normalization_mask',
        dims,
        positive.map((keep) => (keep ? 1 : 0)),
      ),
    ],
    'normalized',
  );
}

function problemDiagnostic(problem: ExportProblem, specText: string | undefined): Diagnostic {
  const span = problem.node.source;
  const range = span !== undefined && specText !== undefined ? new SourceText(specText).rangeOf(span.start, span.end) : DOCUMENT_START;
  return {
    code: problem.kind === 'unsupported' ? EXPORT_CODE.layerNotExportable : EXPORT_CODE.exportInputMismatch,
    severity: 'error',
    message: problem.message,
    range,
    label: problem.kind === 'unsupported' ? 'this layer has no ONNX form' : 'weights do not fit',
    help: problem.help,
  };
}
