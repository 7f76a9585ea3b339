/**
 * One max-pooling window's gradient in WebAssembly SIMD, on TF.js's own wasm memory (see
 * ./simd-adam.ts for how the module is built and bound). Four channels at a time, it keeps the
 * running maximum and the element index where it was first reached, without a branch per pixel
 * (a comparison mask and `bitselect`: random data made the JavaScript loop's `if` mispredict
 * about every other pixel), then adds the window's `dy` at those indices.
 */
import { I32, V128, forRange, instantiateOn, moduleBytes, op } from './wasm-assembler.js';

// Parameters (i32): see SimdPoolWindow.
const [X, DX, DY, CHANNELS, ROW_ELEMENTS, ROWS, COLS, FIRST] = [0, 1, 2, 3, 4, 5, 6, 7];
// Locals: i32 group byte offset, row, column, element offset, lane index, group limit; v128 best, index, value, mask.
const [GROUP, ROW, COL, OFFSET, LANE_INDEX, LIMIT] = [8, 9, 10, 11, 12, 13];
const [BEST, INDEX, VALUE, MASK] = [14, 15, 16, 17];

const NEGATIVE_INFINITY_BITS = 0xff800000;
const zero = op.i32Const(0);

function windowBody(): number[] {
  // One pixel of the window: offset = row * rowElements + col * channels (elements from its first).
  const pixel = [
    ...op.get(ROW),
    ...op.get(ROW_ELEMENTS),
    ...op.i32Mul,
    ...op.get(COL),
    ...op.get(CHANNELS),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(OFFSET),
    // value = x[offset*4 + group]; mask = value > best; best = mask ? value : best
    ...op.get(X),
    ...op.get(OFFSET),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.get(GROUP),
    ...op.i32Add,
    ...op.load,
    ...op.set(VALUE),
    ...op.get(VALUE),
    ...op.get(BEST),
    ...op.f32x4Gt,
    ...op.set(MASK),
    ...op.get(VALUE),
    ...op.get(BEST),
    ...op.get(MASK),
    ...op.bitselect,
    ...op.set(BEST),
    // index = mask ? first + offset + group/4 + lane : index
    ...op.get(FIRST),
    ...op.get(OFFSET),
    ...op.i32Add,
    ...op.get(GROUP),
    ...op.i32Const(2),
    ...op.i32ShrU,
    ...op.i32Add,
    ...op.i32x4Splat,
    ...op.i32x4Const([0, 1, 2, 3]),
    ...op.i32x4Add,
    ...op.get(INDEX),
    ...op.get(MASK),
    ...op.bitselect,
    ...op.set(INDEX),
  ];
  // dx[index[lane]] += dy[group/4 + lane], for lanes whose window had a maximum
  const scatter: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    const dxAddress = [...op.get(DX), ...op.get(LANE_INDEX), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add];
    scatter.push(...op.get(INDEX), ...op.i32x4ExtractLane(lane), ...op.set(LANE_INDEX));
    scatter.push(...op.get(LANE_INDEX), ...op.i32Const(0), ...op.i32GeS, ...op.if);
    scatter.push(
      ...dxAddress,
      ...dxAddress,
      ...op.f32Load,
      ...op.get(DY),
      ...op.get(GROUP),
      ...op.i32Add,
      ...op.f32LoadAt(lane * 4),
      ...op.f32Add,
      ...op.f32Store,
    );
    scatter.push(...op.end);
  }
  const group = [
    ...op.i32x4Const([NEGATIVE_INFINITY_BITS, NEGATIVE_INFINITY_BITS, NEGATIVE_INFINITY_BITS, NEGATIVE_INFINITY_BITS]),
    ...op.set(BEST),
    ...op.i32x4Const([-1, -1, -1, -1]),
    ...op.set(INDEX),
    ...forRange(ROW, zero, op.get(ROWS), 1, forRange(COL, zero, op.get(COLS), 1, pixel)),
    ...scatter,
  ];
  return [...op.get(CHANNELS), ...op.i32Const(2), ...op.i32Shl, ...op.set(LIMIT), ...forRange(GROUP, zero, op.get(LIMIT), 16, group)];
}

function poolModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([
    {
      name: 'window',
      params: new Array<number>(8).fill(I32),
      locals: [
        [6, I32],
        [4, V128],
      ],
      body: windowBody(),
    },
  ]);
}

/**
 * Routes one window's gradient: `x` is the byte address of the window's top-left pixel (channel
 * 0) after clipping to the input, `dx` the byte address of the whole input gradient, `dy` that of
 * this output pixel's gradient; `channels` (a multiple of 4), `rowElements` (width × channels),
 * the clipped `rows` and `cols`, and `first`, the element index of the window's top-left pixel.
 */
export type SimdPoolWindow = (x: number, dx: number, dy: number, channels: number, rowElements: number, rows: number, cols: number, first: number) => void;

const instances = new WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>();

/** The SIMD window function bound to `memory`, or undefined where wasm SIMD is not available. */
export function simdPoolWindowFor(memory: WebAssembly.Memory | undefined): SimdPoolWindow | undefined {
  return instantiateOn(instances, memory, poolModuleBytes)?.window as SimdPoolWindow | undefined;
}
