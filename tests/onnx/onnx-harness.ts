/**
 * Shared by the ONNX tests: compile a tiny spec to its IR model, build it in TF.js with seeded
 * weights, export it, run the ONNX file in onnxruntime-web (one WASM runtime, one thread) and
 * compare with TF.js's `predict` on the same random batch, within
 * |onnx - tfjs| <= 1e-5 * max(1e-6, max |tfjs| over the output row) (docs/export.md).
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { expect } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument, IrModel } from '../../src/ir/schema.js';
import { buildModel, initBackend } from '../../src/backend/index.js';
import { collectOnnxWeights, exportOnnx, type OnnxExportInput } from '../../src/onnx/index.js';

ort.env.wasm.numThreads = 1;

let backend: Promise<unknown> | undefined;
/** TF.js on WASM, as nnspec trains, started once per test file. */
export function startTfjs(): Promise<unknown> {
  backend ??= initBackend('wasm');
  return backend;
}

/** The IR documents of a spec's source (no errors allowed). */
export function documentsOf(source: string): IrDocument[] {
  const checked = checkSource(source);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(checked.value).value;
}

/** The IR model of `model m { input(shape: SHAPE) <body> }`. */
export function modelOf(body: string, shape: readonly number[]): IrModel {
  const documents = documentsOf(`model m {\n  input(shape: [${shape.join(', ')}])\n  ${body}\n}\n`);
  expect(documents).toHaveLength(1);
  return documents[0]!.model;
}

/** Seeded numbers in [-spread, spread), or whole numbers in [0, spread) when `integers`. */
export function randomInputs(count: number, seed: number, spread = 2, integers = false): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const unit = state / 2 ** 32;
    return integers ? Math.floor(unit * spread) : (unit * 2 - 1) * spread;
  });
}

/** Runs an ONNX model on one float32 batch and returns its output. */
export async function runOnnx(bytes: Uint8Array, x: Float32Array, shape: readonly number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ input: new ort.Tensor('float32', x, [...shape]) });
    const output = result.output!;
    return { data: output.data as Float32Array, dims: output.dims };
  } finally {
    await session.release();
  }
}

/** Asserts the tolerance row by row (a row: one sample's whole output). */
export function expectClose(onnx: Float32Array, expected: Float32Array, rows: number, what: string): void {
  expect(onnx.length, `${what}: output size`).toBe(expected.length);
  const width = expected.length / rows;
  for (let row = 0; row < rows; row++) {
    const slice = expected.subarray(row * width, (row + 1) * width);
    const scale = Math.max(1e-6, ...Array.from(slice, Math.abs));
    for (let j = 0; j < width; j++) {
      const difference = Math.abs(onnx[row * width + j]! - slice[j]!);
      if (!(difference <= 1e-5 * scale)) {
        expect.fail(`${what}: row ${row} value ${j}: onnx ${onnx[row * width + j]} vs tfjs ${slice[j]} (|diff| ${difference} > ${1e-5 * scale})`);
      }
    }
  }
}

/** What {@link checkAgainstTfjs} compares. */
export interface Comparison {
  /** The TF.js model's input (already normalised when `normalize` is given). */
  tfjsInput?: Float32Array;
}

/**
 * Builds `ir` with `seed`, exports it (with `extra`: normalization, target), and checks ONNX on
 * `x` against TF.js's `predict` on `tfjsInput` (default `x`). Returns the ONNX bytes.
 */
export async function checkAgainstTfjs(
  ir: IrModel,
  options: {
    seed?: number;
    rows?: number;
    x?: Float32Array;
    tfjsInput?: Float32Array;
    extra?: Partial<OnnxExportInput>;
    what?: string;
    targetScaling?: { mean: number; std: number };
    randomize?: boolean;
  } = {},
): Promise<Uint8Array> {
  await startTfjs();
  const rows = options.rows ?? 5;
  const shape = ir.inputShape as number[];
  const width = shape.reduce((a, b) => a * b, 1);
  const embedding = ir.nodes.find((node) => node.type === 'embedding');
  const x = options.x ?? randomInputs(rows * width, options.seed ?? 7, embedding ? (embedding.params.input_dim as number) : 2, embedding !== undefined);
  const model = buildModel(ir, { seed: options.seed ?? 7, ...(options.targetScaling ? { targetScaling: options.targetScaling } : {}) });
  try {
    if (options.randomize) randomizeWeights(model, options.seed ?? 7);
    const result = exportOnnx({ model: ir, weights: collectOnnxWeights(model, ir), ...options.extra });
    expect(result.diagnostics).toEqual([]);
    const bytes = result.value!;
    const predicted = tf.tidy(() => model.predict(tf.tensor(options.tfjsInput ?? x, [rows, ...shape])) as tf.Tensor);
    const expected = predicted.dataSync() as Float32Array;
    predicted.dispose();
    const onnx = await runOnnx(bytes, x, [rows, ...shape]);
    expect(predicted.shape, 'TF.js output shape').toEqual([rows, ...ir.outputShape]);
    expect(onnx.dims, 'ONNX output shape').toEqual([rows, ...ir.outputShape]);
    expectClose(onnx.data, Float32Array.from(expected), rows, options.what ?? ir.name);
    return bytes;
  } finally {
    model.dispose();
  }
}

/**
 * Gives every weight seeded values away from its initial ones (zero biases, batch norm's
 * unit variance), so a weight taken in the wrong order or place shows. Variances stay positive.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  let round = 0;
  for (const layer of model.layers) {
    if (layer.name === 'target_scale') continue;
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    layer.setWeights(
      weights.map((weight, index) => {
        const values = randomInputs(weight.size, seed * 1000 + ++round, 0.5);
        const positive = layer.getClassName() === 'BatchNormalization' && index === weights.length - 1;
        return tf.tensor(positive ? values.map((v) => v + 0.75) : values, weight.shape);
      }),
    );
  }
}
