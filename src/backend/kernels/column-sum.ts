/**
 * `Sum` over every axis but the last, in WebAssembly SIMD: a bias gradient. The wasm package
 * moves the reduced axes innermost first (a transpose of the whole tensor) and then sums; for a
 * conv layer's bias, `dy` of `[64,26,26,16]`, that took 1.8 ms of a 30 ms training step. This
 * adds each row into the output four columns at a time, in one pass over the data. Other sums
 * (other axes, int32, a last axis not a multiple of 4, no SIMD) go to the package's kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { I32, forRange, instantiateOn, moduleBytes, op } from './wasm-assembler.js';
import { replacementKernel, type WasmBackendLike } from './tensor-info.js';

// Parameters (i32): source address, output address, rows, bytes per row. Locals: row, offset, row address.
const [SOURCE, OUTPUT, ROWS, ROW_BYTES] = [0, 1, 2, 3];
const [ROW, OFFSET, ROW_ADDRESS] = [4, 5, 6];
const zero = op.i32Const(0);

function columnSumBody(): number[] {
  // output[offset] += row[offset], four floats at a time
  const outputAddress = [...op.get(OUTPUT), ...op.get(OFFSET), ...op.i32Add];
  const columns = forRange(OFFSET, zero, op.get(ROW_BYTES), 16, [
    ...outputAddress,
    ...outputAddress,
    ...op.load,
    ...op.get(ROW_ADDRESS),
    ...op.get(OFFSET),
    ...op.i32Add,
    ...op.load,
    ...op.add,
    ...op.store,
  ]);
  return forRange(ROW, zero, op.get(ROWS), 1, [
    ...op.get(SOURCE),
    ...op.get(ROW),
    ...op.get(ROW_BYTES),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(ROW_ADDRESS),
    ...columns,
  ]);
}

type ColumnSum = (source: number, output: number, rows: number, rowBytes: number) => void;
const instances = new WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>();

/** The SIMD column sum bound to `memory`, or undefined where wasm SIMD is not available. */
export function columnSumFor(memory: WebAssembly.Memory | undefined): ColumnSum | undefined {
  const bytes = () => moduleBytes([{ name: 'columnSum', params: [I32, I32, I32, I32], locals: [[3, I32]], body: columnSumBody() }]);
  return instantiateOn(instances, memory, bytes)?.columnSum as ColumnSum | undefined;
}

/** The axes of a `Sum` as a sorted list of non-negative axes. */
function normalizedAxes(axis: number | number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, index) => index);
  return (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/** Kernel config replacing wasm's `Sum`; `replaced` (the package's) handles everything but bias-gradient sums. */
export function sumConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const columns = x.shape[rank - 1] ?? 0;
    const axes = normalizedAxes(axis, rank);
    const allButLast = rank >= 2 && axes.length === rank - 1 && axes.every((a, index) => a === index);
    const wasm = args.backend as unknown as WasmBackendLike;
    const columnSum = allButLast && x.dtype === 'float32' && columns % 4 === 0 && columns > 0 ? columnSumFor(wasm.wasm.asm?.memory) : undefined;
    if (columnSum === undefined) return replaced.kernelFunc(args);
    const out = wasm.makeOutput(keepDims ? [...new Array<number>(rank - 1).fill(1), columns] : [columns], 'float32');
    const source = wasm.typedArrayFromHeap(x);
    const output = wasm.typedArrayFromHeap(out);
    output.fill(0);
    columnSum(source.byteOffset, output.byteOffset, source.length / columns, columns * 4);
    return out;
  });
}
