/**
 * `simple_rnn`, `lstm` and `gru` as ONNX's RNN, LSTM and GRU operators, or, when an activation
 * is one those operators do not take (relu6, selu, softmax, swish, mish, gelu), unrolled over the
 * steps into plain nodes with TF.js's cell formulas (@tensorflow/tfjs-layers' recurrent.js).
 *
 * Gate order: TF.js's LSTM kernel is [i, f, c, o], ONNX's [i, o, f, c]; both GRUs are [z, r, h].
 * TF.js's GRU applies the reset gate before the recurrent matrix (Keras's `reset_after: false`),
 * ONNX's `linear_before_reset: 0`, and has one bias (on the input side).
 */
import { emitActivation, recurrentActivation } from './activations.js';
import { ExportProblem, transpose2d, type EmitContext } from './emit-context.js';
import type { OnnxAttribute } from './graph.js';

type Kind = 'simple_rnn' | 'lstm' | 'gru';

const GATES: Record<Kind, number> = { simple_rnn: 1, lstm: 4, gru: 3 };
/** For each ONNX gate block, the TF.js gate block it comes from. */
const ONNX_GATE_SOURCE: Record<Kind, readonly number[]> = { simple_rnn: [0], lstm: [0, 3, 1, 2], gru: [0, 1, 2] };

interface RecurrentWeights {
  units: number;
  features: number;
  /** [features, gates * units], TF.js's gate order. */
  kernel: Float32Array;
  /** [units, gates * units]. */
  recurrent: Float32Array;
  /** [gates * units], zeros without `use_bias`. */
  bias: Float32Array;
}

/** A recurrent layer: the ONNX operator when it can apply the activations, else unrolled. */
export function emitRecurrent(ctx: EmitContext, kind: Kind): string {
  const units = ctx.number('units');
  const features = ctx.inputShape[1];
  if (typeof features !== 'number') throw new Error(`nnspec onnx: ${ctx.node.name}'s input has no known feature axis`);
  const width = GATES[kind] * units;
  const useBias = ctx.bool('use_bias');
  const [kernel, recurrent, bias] = ctx.takeWeights([[features, width], [units, width], ...(useBias ? [[width]] : [])]);
  const weights: RecurrentWeights = { units, features, kernel: kernel!.values, recurrent: recurrent!.values, bias: bias?.values ?? new Float32Array(width) };
  const activations =
    kind === 'simple_rnn'
      ? [ctx.text('activation')]
      : kind === 'lstm'
        ? [ctx.text('recurrent_activation'), ctx.text('activation'), ctx.text('activation')]
        : [ctx.text('recurrent_activation'), ctx.text('activation')];
  const native = activations.map(recurrentActivation);
  if (native.every((activation) => activation !== undefined)) return emitNative(ctx, kind, weights, native as NonNullable<(typeof native)[number]>[]);
  return emitUnrolled(ctx, kind, weights);
}

function emitNative(ctx: EmitContext, kind: Kind, weights: RecurrentWeights, activations: { op: string; alpha?: number; beta?: number }[]): string {
  const { graph } = ctx;
  const { units, features } = weights;
  const gates = GATES[kind];
  const width = gates * units;
  // ONNX wants W as [gates * units, features] (rows are gate units), R as [gates * units, units].
  const w = reorderRows(transpose2d(weights.kernel, features, width), units, features, ONNX_GATE_SOURCE[kind]);
  const r = reorderRows(transpose2d(weights.recurrent, units, width), units, units, ONNX_GATE_SOURCE[kind]);
  const b = new Float32Array(2 * width);
  b.set(reorderRows(weights.bias, units, 1, ONNX_GATE_SOURCE[kind]));
  const alphas = activations.flatMap((activation) => (activation.alpha === undefined ? [] : [activation.alpha]));
  const betas = activations.flatMap((activation) => (activation.beta === undefined ? [] : [activation.beta]));
  const attributes: Record<string, OnnxAttribute> = {
    hidden_size: { int: units },
    activations: { strings: activations.map((activation) => activation.op) },
    ...(alphas.length > 0 ? { activation_alpha: { floats: alphas } } : {}),
    ...(betas.length > 0 ? { activation_beta: { floats: betas } } : {}),
    ...(kind === 'gru' ? { linear_before_reset: { int: 0 } } : {}),
  };
  const op = kind === 'simple_rnn' ? 'RNN' : kind === 'lstm' ? 'LSTM' : 'GRU';
  const sequence = graph.op('Transpose', [ctx.x], ctx.name('steps_first'), { perm: { ints: [1, 0, 2] } });
  const inputs = [
    sequence,
    graph.floats(ctx.name('W'), [1, width, features], w),
    graph.floats(ctx.name('R'), [1, width, units], r),
    graph.floats(ctx.name('B'), [1, 2 * width], b),
  ];
  if (ctx.bool('return_sequences')) {
    // Y is [steps, directions, batch, units].
    const [y] = graph.opMulti(op, inputs, [ctx.name('Y')], attributes);
    const squeezed = graph.op('Squeeze', [y!, graph.int64s(ctx.name('direction_axis'), [1])], ctx.name('steps'));
    return graph.op('Transpose', [squeezed], ctx.name(''), { perm: { ints: [1, 0, 2] } });
  }
  // Y_h, the last step's output, is [directions, batch, units].
  const [, last] = graph.opMulti(op, inputs, ['', ctx.name('Y_h')], attributes);
  return graph.op('Squeeze', [last!, graph.int64s(ctx.name('direction_axis'), [0])], ctx.name(''));
}

/** Reorders the row blocks (`units` rows of `columns` each) of a [blocks * units, columns] matrix. */
function reorderRows(values: Float32Array, units: number, columns: number, source: readonly number[]): Float32Array {
  const block = units * columns;
  const out = new Float32Array(values.length);
  source.forEach((from, to) => out.set(values.subarray(from * block, (from + 1) * block), to * block));
  return out;
}

/** One gate's columns of a [rows, gates * units] matrix (TF.js's layout), as [rows, units]. */
function gateColumns(values: Float32Array, rows: number, units: number, gates: number, gate: number): Float32Array {
  const out = new Float32Array(rows * units);
  for (let row = 0; row < rows; row++) out.set(values.subarray(row * gates * units + gate * units, row * gates * units + (gate + 1) * units), row * units);
  return out;
}

/**
 * The layer unrolled over its (known) number of steps, with TF.js's cell: per gate, the input
 * projection of every step at once, then per step the recurrent part and the activations.
 */
function emitUnrolled(ctx: EmitContext, kind: Kind, weights: RecurrentWeights): string {
  const { graph } = ctx;
  const steps = ctx.inputShape[0];
  if (typeof steps !== 'number') {
    throw new ExportProblem(
      'unsupported',
      ctx.node,
      `\`${ctx.node.name}\` (${kind}) cannot be exported: ONNX's recurrent operators do not take its activations, and unrolling it needs a known number of steps`,
      "give the input a fixed sequence length, or use activations ONNX's RNN, LSTM and GRU operators take (tanh, sigmoid, relu, hard_sigmoid, softsign, softplus, elu, linear)",
    );
  }
  const { units, features } = weights;
  const gates = GATES[kind];
  const activation = ctx.text('activation');
  const gateActivation = kind === 'simple_rnn' ? activation : ctx.text('recurrent_activation');
  // Per gate: x·K_g + b_g over all steps ([batch, steps, units]) and R_g ([units, units]).
  const projected: string[] = [];
  const recurrentOf: string[] = [];
  for (let gate = 0; gate < gates; gate++) {
    const k = graph.floats(ctx.name(`kernel_${gate}`), [features, units], gateColumns(weights.kernel, features, units, gates, gate));
    const b = graph.floats(ctx.name(`bias_${gate}`), [units], weights.bias.subarray(gate * units, (gate + 1) * units));
    projected.push(graph.op('Add', [graph.op('MatMul', [ctx.x, k], ctx.name(`xk_${gate}`)), b], ctx.name(`xkb_${gate}`)));
    recurrentOf.push(graph.floats(ctx.name(`recurrent_${gate}`), [units, units], gateColumns(weights.recurrent, units, units, gates, gate)));
  }
  const outputs: string[] = [];
  let h: string | undefined;
  let c: string | undefined;
  for (let t = 0; t < steps; t++) {
    const at = graph.int64Scalar(ctx.name(`t${t}`), t);
    const x = projected.map((value, gate) => graph.op('Gather', [value, at], ctx.name(`x${gate}_t${t}`), { axis: { int: 1 } }));
    // The state starts at zero, so the first step has no recurrent term.
    const plusRecurrent = (value: string, gate: number, state: string | undefined, tag: string): string =>
      state === undefined
        ? value
        : graph.op('Add', [value, graph.op('MatMul', [state, recurrentOf[gate]!], ctx.name(`${tag}_rec_t${t}`))], ctx.name(`${tag}_sum_t${t}`));
    if (kind === 'simple_rnn') {
      h = emitActivation(graph, activation, plusRecurrent(x[0]!, 0, h, 'h'), ctx.name(`h_t${t}`));
    } else if (kind === 'lstm') {
      const i = emitActivation(graph, gateActivation, plusRecurrent(x[0]!, 0, h, 'i'), ctx.name(`i_t${t}`));
      const f = emitActivation(graph, gateActivation, plusRecurrent(x[1]!, 1, h, 'f'), ctx.name(`f_t${t}`));
      const g = emitActivation(graph, activation, plusRecurrent(x[2]!, 2, h, 'g'), ctx.name(`g_t${t}`));
      const o = emitActivation(graph, gateActivation, plusRecurrent(x[3]!, 3, h, 'o'), ctx.name(`o_t${t}`));
      const ig = graph.op('Mul', [i, g], ctx.name(`ig_t${t}`));
      c = c === undefined ? ig : graph.op('Add', [graph.op('Mul', [f, c], ctx.name(`fc_t${t}`)), ig], ctx.name(`c_t${t}`));
      h = graph.op('Mul', [o, emitActivation(graph, activation, c, ctx.name(`act_c_t${t}`))], ctx.name(`h_t${t}`));
    } else {
      const z = emitActivation(graph, gateActivation, plusRecurrent(x[0]!, 0, h, 'z'), ctx.name(`z_t${t}`));
      const r = emitActivation(graph, gateActivation, plusRecurrent(x[1]!, 1, h, 'r'), ctx.name(`r_t${t}`));
      const reset = h === undefined ? undefined : graph.op('Mul', [r, h], ctx.name(`rh_t${t}`));
      const candidate = emitActivation(graph, activation, plusRecurrent(x[2]!, 2, reset, 'hh'), ctx.name(`hh_t${t}`));
      const keep = graph.op('Sub', [graph.scalar(ctx.name(`one_t${t}`), 1), z], ctx.name(`keep_t${t}`));
      const fresh = graph.op('Mul', [keep, candidate], ctx.name(`new_t${t}`));
      h = h === undefined ? fresh : graph.op('Add', [graph.op('Mul', [z, h], ctx.name(`old_t${t}`)), fresh], ctx.name(`h_t${t}`));
    }
    outputs.push(h);
  }
  if (!ctx.bool('return_sequences')) return graph.op('Identity', [h!], ctx.name(''));
  const axis = graph.int64s(ctx.name('step_axis'), [1]);
  const expanded = outputs.map((value, t) => graph.op('Unsqueeze', [value, axis], ctx.name(`y_t${t}`)));
  return graph.op('Concat', expanded, ctx.name(''), { axis: { int: 1 } });
}
