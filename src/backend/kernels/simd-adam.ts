/**
 * The fused Adam step in WebAssembly SIMD, running on TF.js's own wasm memory.
 *
 * The module is a few hundred bytes written out below instruction by instruction (see
 * ./wasm-assembler.ts). It imports the wasm backend's `WebAssembly.Memory`, so it reads and
 * writes tensors where TF.js keeps them, four floats at a time, in float32 arithmetic like
 * TF.js's own kernels. Where SIMD or the memory is unavailable, {@link simdAdamFor} returns
 * undefined and the caller loops in JavaScript.
 */
import { F32, I32, V128, forRange, instantiateOn, moduleBytes, op } from './wasm-assembler.js';

// Parameters: 8 i32 (7 byte addresses and the byte length), then 7 f32 constants.
const [VALUE, M, V, G, OUT_VALUE, OUT_M, OUT_V, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const [BETA1, KEEP1, BETA2, KEEP2, RATE, UNBIAS2, EPSILON] = [8, 9, 10, 11, 12, 13, 14];
// Locals: the byte offset, then v128s: the constants splatted, and g, m, v of the current lanes.
const AT = 15;
const SPLAT_BASE = 16; // 7 splatted constants: 16..22, in the parameters' order
const [GI, MI, VI] = [23, 24, 25];

/** `address + offset` of a tensor parameter, as the next load or store wants it. */
const addressOf = (param: number) => [...op.get(param), ...op.get(AT), ...op.i32Add];
const splatted = (param: number) => op.get(SPLAT_BASE + (param - BETA1));

/** The function body: for each 16 bytes, m' = β1 m + (1-β1) g; v' = β2 v + (1-β2) g²; x' = x - rate m' / (sqrt(v' / c2) + ε). */
function adamBody(): number[] {
  const splats: number[] = [];
  for (let param = BETA1; param <= EPSILON; param++) splats.push(...op.get(param), ...op.f32x4Splat, ...op.set(SPLAT_BASE + (param - BETA1)));
  const lanes = [
    ...addressOf(G),
    ...op.load,
    ...op.set(GI),
    // m' = m * β1 + g * (1 - β1)
    ...addressOf(M),
    ...op.load,
    ...splatted(BETA1),
    ...op.mul,
    ...op.get(GI),
    ...splatted(KEEP1),
    ...op.mul,
    ...op.add,
    ...op.set(MI),
    // v' = v * β2 + g * g * (1 - β2)
    ...addressOf(V),
    ...op.load,
    ...splatted(BETA2),
    ...op.mul,
    ...op.get(GI),
    ...op.get(GI),
    ...op.mul,
    ...splatted(KEEP2),
    ...op.mul,
    ...op.add,
    ...op.set(VI),
    ...addressOf(OUT_M),
    ...op.get(MI),
    ...op.store,
    ...addressOf(OUT_V),
    ...op.get(VI),
    ...op.store,
    // x' = x - (rate * m') / (sqrt(v' * unbias2) + ε)
    ...addressOf(OUT_VALUE),
    ...addressOf(VALUE),
    ...op.load,
    ...splatted(RATE),
    ...op.get(MI),
    ...op.mul,
    ...op.get(VI),
    ...splatted(UNBIAS2),
    ...op.mul,
    ...op.sqrt,
    ...splatted(EPSILON),
    ...op.add,
    ...op.div,
    ...op.sub,
    ...op.store,
  ];
  return [...splats, ...forRange(AT, op.i32Const(0), op.get(BYTES), 16, lanes)];
}

/** The module's bytes: one exported function `adam`, the memory imported as `env.memory`. */
function adamModuleBytes(): Uint8Array<ArrayBuffer> {
  const params = [...new Array<number>(8).fill(I32), ...new Array<number>(7).fill(F32)];
  return moduleBytes([
    {
      name: 'adam',
      params,
      locals: [
        [1, I32],
        [10, V128],
      ],
      body: adamBody(),
    },
  ]);
}

/** One Adam step over `bytes` bytes (a multiple of 16) at the given addresses in the wasm memory. */
export type SimdAdam = (
  value: number,
  m: number,
  v: number,
  g: number,
  outValue: number,
  outM: number,
  outV: number,
  bytes: number,
  beta1: number,
  keep1: number,
  beta2: number,
  keep2: number,
  rate: number,
  unbias2: number,
  epsilon: number,
) => void;

const instances = new WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>();

/** The SIMD Adam step bound to `memory`, or undefined where wasm SIMD is not available. */
export function simdAdamFor(memory: WebAssembly.Memory | undefined): SimdAdam | undefined {
  return instantiateOn(instances, memory, adamModuleBytes)?.adam as SimdAdam | undefined;
}
