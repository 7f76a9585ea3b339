/**
 * nnspec's 2-D convolution kernels in WebAssembly SIMD (wasm/conv.c), run on TF.js's own wasm
 * memory: forward, filter gradient and input gradient for NHWC float32 data, any stride,
 * dilation and padding.
 *
 * XNNPACK, which runs the wasm package's convolutions, packs its filter operand before every
 * call. In training both gradients are convolutions whose "filter" is a tensor made in the same
 * step (`dy`, or the rotated filter), so every call paid the packing, often more than the
 * arithmetic. These kernels read the input's patches in place (a patch is an address plus one
 * offset per filter tap) and copy only what must move: the input once when it needs padding,
 * the output gradient once when it needs spreading, and the small filter once when it is rotated.
 * Scratch space comes from the backend's allocator and is freed before the kernel returns.
 *
 * The module is built twice, like the fused step's (wasm/conv.c): a relaxed-SIMD build whose
 * products use fused multiply-adds where the processor has FMA, and a plain one. This thread runs
 * the relaxed one where the engine has relaxed SIMD, unless {@link useConvFusedMultiplyAdd} asks
 * for the plain one (`runTraining`'s `step: 'plain'`, to repeat a run of an engine without it).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry.js';
import { type ConvForwardArgs, EVERYWHERE, convInputGradientCalls, type InputGradientGeometry, inputGradientScratch } from './conv-calls.js';
import { heapAddress, type WasmBackendLike } from './tensor-info.js';
import { compiledModule } from '../wasm/load-module.js';
import { MODULE_BASE64 as PLAIN_MODULE_BASE64 } from '../wasm/conv-module.js';
import { MODULE_BASE64 as RELAXED_MODULE_BASE64 } from '../wasm/conv-relaxed-module.js';
import { maddFuses, relaxedSimdAvailable, type MaddProbe } from '../wasm/relaxed-simd.js';

/** The input's layout as the C kernels walk it, in floats: per image, per row; then channels. */
type Walk = [image: number, row: number, channels: number];
/** The output size, the strides, the dilations and the filter size, as the C kernels take them. */
type Taps = [outHeight: number, outWidth: number, sh: number, sw: number, dh: number, dw: number, kh: number, kw: number];

/** The exports of wasm/conv.c (every pointer a byte address in the wasm memory). */
interface ConvExports extends MaddProbe {
  spread(src: number, n: number, h: number, w: number, c: number, dst: number, hd: number, wd: number, top: number, left: number, sh: number, sw: number): void;
  rotate_filter(src: number, kh: number, kw: number, cin: number, cout: number, dst: number): void;
  conv_forward(...args: ConvForwardArgs): void;
  conv_filter_gradient(x: number, n: number, ...rest: [...Walk, ...Taps, number, number, number]): void;
}

type Build = 'relaxed' | 'plain';

/** Whether this thread's conv kernels may use the relaxed build (see {@link useConvFusedMultiplyAdd}). */
let relaxedWanted = true;

/**
 * Chooses this thread's build of the conv kernels from the next call on: `true` (the default) the
 * relaxed-SIMD build where the engine has relaxed SIMD, `false` the plain build (multiply, round,
 * add), which computes to the bit what an engine without relaxed SIMD computes. Returns the
 * previous choice, for restoring it. `runTraining` sets it for a run (`step: 'plain'`), and each
 * worker replica from its init message.
 */
export function useConvFusedMultiplyAdd(wanted: boolean): boolean {
  const previous = relaxedWanted;
  relaxedWanted = wanted;
  return previous;
}

function currentBuild(): Build {
  return relaxedWanted && relaxedSimdAvailable() ? 'relaxed' : 'plain';
}

function instantiate(build: Build, memory: WebAssembly.Memory): ConvExports {
  const module = compiledModule(build === 'relaxed' ? RELAXED_MODULE_BASE64 : PLAIN_MODULE_BASE64);
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as ConvExports;
}

const fuses = new Map<Build, boolean>();

/**
 * Whether the conv kernels this thread runs now use fused multiply-adds (the relaxed build on a
 * processor with FMA): where they do not, the same convolutions round differently in the last bits.
 */
export function convFusedMultiplyAdd(): boolean {
  const build = currentBuild();
  let fused = fuses.get(build);
  if (fused === undefined) {
    try {
      // The probe reads no memory, but the module asks for the 2 pages wasm-ld reserves for the
      // stack it never uses.
      fused = maddFuses(instantiate(build, new WebAssembly.Memory({ initial: 2 })));
    } catch {
      fused = false;
    }
    fuses.set(build, fused);
  }
  return fused;
}

const instances = new WeakMap<WebAssembly.Memory, Map<Build, ConvExports | null>>();

/** The kernels bound to `memory`, in this thread's build, or undefined where the module cannot run (no wasm SIMD). */
export function convKernelsFor(memory: WebAssembly.Memory | undefined): ConvExports | undefined {
  if (memory === undefined) return undefined;
  const build = currentBuild();
  let builds = instances.get(memory);
  if (builds === undefined) instances.set(memory, (builds = new Map()));
  let exports = builds.get(build);
  if (exports === undefined) {
    try {
      exports = instantiate(build, memory);
    } catch {
      exports = null;
    }
    builds.set(build, exports);
  }
  return exports ?? undefined;
}

/** Runs `body` with a float scratch buffer of `size` floats from the backend, freed afterwards. */
function withScratch<T>(backend: WasmBackendLike, sizes: readonly number[], body: (scratch: tf.TensorInfo[]) => T): T {
  const scratch = sizes.map((size) => backend.makeOutput([Math.max(1, size)], 'float32'));
  try {
    return body(scratch);
  } finally {
    for (const info of scratch) backend.disposeData(info.dataId);
  }
}

/** Rows and columns of the (padded) input that the filter taps reach. */
function span(g: ConvGeometry): [number, number] {
  return [
    (g.filterHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1,
    (g.filterWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1,
  ];
}

function taps(g: ConvGeometry): Taps {
  return [g.outHeight, g.outWidth, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.filterHeight, g.filterWidth];
}

/**
 * Calls `body` with the byte address and walk of `x` ([N, H, W, C]) as the kernels read it:
 * `x` itself when no padding is needed, else a zero-padded copy cut to the rows and columns the
 * taps reach.
 */
function withPaddedInput<T>(
  backend: WasmBackendLike,
  kernels: ConvExports,
  x: tf.TensorInfo,
  g: ConvGeometry,
  outputs: () => T,
  body: (at: number, walk: Walk) => void,
): T {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [spanH, spanW] = span(g);
  if (g.padTop === 0 && g.padLeft === 0 && h >= spanH && w >= spanW) {
    const result = outputs();
    body(heapAddress(backend, x), [h * w * c, w * c, c]);
    return result;
  }
  return withScratch(backend, [n * spanH * spanW * c], ([padded]) => {
    const result = outputs();
    const to = heapAddress(backend, padded!);
    kernels.spread(heapAddress(backend, x), n, h, w, c, to, spanH, spanW, g.padTop, g.padLeft, 1, 1);
    body(to, [spanH * spanW * c, spanW * c, c]);
    return result;
  });
}

/** What the forward kernel applies as it stores each output block: a `[Cout]` bias, then relu. */
export interface ConvEpilogue {
  readonly bias: tf.TensorInfo | null;
  readonly relu: boolean;
}

/** `y = conv2d(x, filter)` ([N, OH, OW, Cout]) with the geometry `g`, then the bias and relu of `after`. */
export function wasmConv2d(
  backend: WasmBackendLike,
  kernels: ConvExports,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  g: ConvGeometry,
  after: ConvEpilogue,
): tf.TensorInfo {
  const cout = filter.shape[3]!;
  let y: tf.TensorInfo | undefined;
  return withPaddedInput(
    backend,
    kernels,
    x,
    g,
    () => (y = backend.makeOutput([g.batch, g.outHeight, g.outWidth, cout], 'float32')),
    (at, walk) =>
      kernels.conv_forward(
        at,
        g.batch,
        ...walk,
        ...taps(g),
        heapAddress(backend, filter),
        cout,
        after.bias === null ? 0 : heapAddress(backend, after.bias),
        after.relu ? 1 : 0,
        heapAddress(backend, y!),
        ...EVERYWHERE,
      ),
  );
}

/** The filter gradient `[KH, KW, Cin, Cout]` of `conv2d(x, filter)` with the geometry `g`, given `dy`. */
export function wasmConv2dFilterGradient(backend: WasmBackendLike, kernels: ConvExports, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const cin = x.shape[3]!;
  const cout = dy.shape[3]!;
  let grad: tf.TensorInfo | undefined;
  return withPaddedInput(
    backend,
    kernels,
    x,
    g,
    () => (grad = backend.makeOutput([g.filterHeight, g.filterWidth, cin, cout], 'float32')),
    (at, walk) => kernels.conv_filter_gradient(at, g.batch, ...walk, ...taps(g), heapAddress(backend, dy), cout, heapAddress(backend, grad!)),
  );
}

/**
 * The input gradient `[N, H, W, Cin]` of `conv2d(x, filter)` with the geometry `g` (dilation 1
 * or more), given `dy` (see conv-input-gradient.ts).
 */
export function wasmConv2dInputGradient(
  backend: WasmBackendLike,
  kernels: ConvExports,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  inputShape: readonly number[],
  g: ConvGeometry,
): tf.TensorInfo {
  const [n, h, w, cin] = inputShape as [number, number, number, number];
  const [kh, kw, , cout] = filter.shape as [number, number, number, number];
  const geometry: InputGradientGeometry = {
    height: h,
    width: w,
    channels: cin,
    filters: cout,
    outHeight: g.outHeight,
    outWidth: g.outWidth,
    filter: [kh, kw],
    strides: [g.strideHeight, g.strideWidth],
    dilations: [g.dilationHeight, g.dilationWidth],
    padTop: g.padTop,
    padLeft: g.padLeft,
  };
  const scratch = inputGradientScratch(geometry);
  return withScratch(backend, [n * scratch.spreadPerExample, scratch.rotated], ([spread, rotated]) => {
    const dx = backend.makeOutput([n, h, w, cin], 'float32');
    const calls = { spread: kernels.spread, rotate_filter: kernels.rotate_filter, forward: (args: ConvForwardArgs) => kernels.conv_forward(...args) };
    convInputGradientCalls(calls, geometry, n, {
      dy: heapAddress(backend, dy),
      filter: heapAddress(backend, filter),
      dx: heapAddress(backend, dx),
      spread: heapAddress(backend, spread!),
      rotated: heapAddress(backend, rotated!),
    });
    return dx;
  });
}
