/**
 * The filter gradient of a stride-1, undilated, unpadded convolution in WebAssembly SIMD, for
 * filters with few weights per output channel (a first layer: 3x3 over 1 or 3 channels).
 *
 * `dW[i, j, ci, co] = Σ x[n, oh + i, ow + j, ci] · dy[n, oh, ow, co]`. The XNNPACK route (a
 * convolution with `dy` as its filter, see ./conv2d-backprop-filter.ts) packs `dy`, the largest
 * tensor of the layer, at every call: 5.2 ms of the benchmark conv net's first layer. When each
 * output channel has few weights (`KH·KW·Cin`), adding `x · dy` four output channels at a time
 * straight into `dW` (which stays in the cache) is cheaper. One call covers one output row; the
 * caller loops over batch and rows.
 */
import { I32, V128, forRange, instantiateOn, moduleBytes, op } from './wasm-assembler.js';

// Parameters (i32): see SimdFilterGradientRow.
const [DY_ROW, X_ROW, DW, OUT_WIDTH, KH, KW, CIN, COUT_BYTES, ROW_BYTES, PIXEL_BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
// Locals: loop counters and running addresses (i32), then the broadcast input value (v128).
const [OW, I, J, CI, CO, DY_PIXEL, X_PIXEL, DW_ROW] = [10, 11, 12, 13, 14, 15, 16, 17];
const XS = 18;

const zero = op.i32Const(0);
const mul = (a: number[], b: number[]) => [...a, ...b, ...op.i32Mul];
const add = (a: number[], b: number[]) => [...a, ...b, ...op.i32Add];
const get = op.get;

function rowBody(): number[] {
  // for co: dW[row + co] += xs * dy[pixel + co]
  const channels = forRange(CO, zero, get(COUT_BYTES), 16, [
    ...add(get(DW_ROW), get(CO)),
    ...add(get(DW_ROW), get(CO)),
    ...op.load,
    ...get(XS),
    ...add(get(DY_PIXEL), get(CO)),
    ...op.load,
    ...op.mul,
    ...op.add,
    ...op.store,
  ]);
  // for ci: xs = splat(x[pixel + ci]); then the channel loop; dwRow moves to the next input channel
  const inputChannels = forRange(CI, zero, get(CIN), 1, [
    ...add(get(X_PIXEL), mul(get(CI), op.i32Const(4))),
    ...op.f32Load,
    ...op.f32x4Splat,
    ...op.set(XS),
    ...channels,
    ...add(get(DW_ROW), get(COUT_BYTES)),
    ...op.set(DW_ROW),
  ]);
  // for j: xPixel = xRow + i·rowBytes + (ow + j)·pixelBytes; dwRow = dW + (i·KW + j)·Cin·CoutBytes
  const filterColumns = forRange(J, zero, get(KW), 1, [
    ...add(add(get(X_ROW), mul(get(I), get(ROW_BYTES))), mul(add(get(OW), get(J)), get(PIXEL_BYTES))),
    ...op.set(X_PIXEL),
    ...add(get(DW), mul(mul(add(mul(get(I), get(KW)), get(J)), get(CIN)), get(COUT_BYTES))),
    ...op.set(DW_ROW),
    ...inputChannels,
  ]);
  const filterRows = forRange(I, zero, get(KH), 1, filterColumns);
  // for ow: dyPixel = dyRow + ow·CoutBytes
  return forRange(OW, zero, get(OUT_WIDTH), 1, [...add(get(DY_ROW), mul(get(OW), get(COUT_BYTES))), ...op.set(DY_PIXEL), ...filterRows]);
}

function filterGradientModuleBytes(): Uint8Array<ArrayBuffer> {
  return moduleBytes([
    {
      name: 'row',
      params: new Array<number>(10).fill(I32),
      locals: [
        [8, I32],
        [1, V128],
      ],
      body: rowBody(),
    },
  ]);
}

/**
 * Adds one output row's contribution to `dW` (byte addresses into the wasm memory): `dyRow` is
 * `dy[n, oh, 0, 0]`, `xRow` is `x[n, oh, 0, 0]`; then the output width, the filter's height and
 * width, the input channels, the output channels in bytes (a multiple of 16), and the input's row
 * and pixel sizes in bytes.
 */
export type SimdFilterGradientRow = (
  dyRow: number,
  xRow: number,
  dw: number,
  outWidth: number,
  kh: number,
  kw: number,
  cin: number,
  coutBytes: number,
  rowBytes: number,
  pixelBytes: number,
) => void;

const instances = new WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>();

/** The SIMD row function bound to `memory`, or undefined where wasm SIMD is not available. */
export function simdFilterGradientRowFor(memory: WebAssembly.Memory | undefined): SimdFilterGradientRow | undefined {
  return instantiateOn(instances, memory, filterGradientModuleBytes)?.row as SimdFilterGradientRow | undefined;
}

/** The most weights per output channel (`KH·KW·Cin`) for which the SIMD loop beats XNNPACK. */
export const SIMD_FILTER_GRADIENT_MAX_WEIGHTS = 32;
