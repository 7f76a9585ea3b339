/**
 * The fused Adam step in WebAssembly SIMD, running on TF.js's own wasm memory.
 *
 * The module is a few hundred bytes written out below instruction by instruction (there is no
 * wasm toolchain at install time, and none is needed for one loop). It imports the wasm
 * backend's `WebAssembly.Memory`, so it reads and writes tensors where TF.js keeps them, four
 * floats at a time, in float32 arithmetic like TF.js's own kernels. Where SIMD or the memory is
 * unavailable, {@link simdAdamFor} returns undefined and the caller loops in JavaScript.
 */

/** Unsigned LEB128, as wasm encodes sizes, counts and indices. */
function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** A section: id, byte size, contents. */
function section(id: number, contents: number[]): number[] {
  return [id, ...leb(contents.length), ...contents];
}

/** A vector: count, then the items. */
function vec(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...leb(bytes.length), ...bytes];
}

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...leb(depth)],
  brIf: (depth: number) => [0x0d, ...leb(depth)],
  get: (local: number) => [0x20, ...leb(local)],
  set: (local: number) => [0x21, ...leb(local)],
  tee: (local: number) => [0x22, ...leb(local)],
  i32Const: (value: number) => [0x41, ...leb(value)],
  i32Add: [0x6a],
  i32GeU: [0x4f],
  // SIMD: the 0xfd prefix, then the opcode as LEB128; loads and stores take alignment and offset.
  load: [0xfd, ...leb(0x00), 0x00, 0x00],
  store: [0xfd, ...leb(0x0b), 0x00, 0x00],
  splat: [0xfd, ...leb(0x13)],
  sqrt: [0xfd, ...leb(227)],
  add: [0xfd, ...leb(228)],
  sub: [0xfd, ...leb(229)],
  mul: [0xfd, ...leb(230)],
  div: [0xfd, ...leb(231)],
};

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
  const code: number[] = [];
  for (let param = BETA1; param <= EPSILON; param++) code.push(...op.get(param), ...op.splat, ...op.set(SPLAT_BASE + (param - BETA1)));
  code.push(...op.i32Const(0), ...op.set(AT));
  code.push(...op.block, ...op.loop);
  code.push(...op.get(AT), ...op.get(BYTES), ...op.i32GeU, ...op.brIf(1));
  code.push(...addressOf(G), ...op.load, ...op.set(GI));
  // m' = m * β1 + g * (1 - β1)
  code.push(...addressOf(M), ...op.load, ...splatted(BETA1), ...op.mul, ...op.get(GI), ...splatted(KEEP1), ...op.mul, ...op.add, ...op.set(MI));
  // v' = v * β2 + g * g * (1 - β2)
  code.push(...addressOf(V), ...op.load, ...splatted(BETA2), ...op.mul, ...op.get(GI), ...op.get(GI), ...op.mul, ...splatted(KEEP2), ...op.mul, ...op.add, ...op.set(VI));
  code.push(...addressOf(OUT_M), ...op.get(MI), ...op.store);
  code.push(...addressOf(OUT_V), ...op.get(VI), ...op.store);
  // x' = x - (rate * m') / (sqrt(v' * unbias2) + ε)
  code.push(...addressOf(OUT_VALUE), ...addressOf(VALUE), ...op.load);
  code.push(...splatted(RATE), ...op.get(MI), ...op.mul);
  code.push(...op.get(VI), ...splatted(UNBIAS2), ...op.mul, ...op.sqrt, ...splatted(EPSILON), ...op.add);
  code.push(...op.div, ...op.sub, ...op.store);
  code.push(...op.get(AT), ...op.i32Const(16), ...op.i32Add, ...op.set(AT), ...op.br(0));
  code.push(...op.end, ...op.end, ...op.end);
  const locals = vec([
    [...leb(1), I32],
    [...leb(10), V128],
  ]);
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

/** The module's bytes: one exported function `adam`, the memory imported as `env.memory`. */
function adamModuleBytes(): Uint8Array<ArrayBuffer> {
  const params = [...new Array<number>(8).fill(I32), ...new Array<number>(7).fill(F32)];
  const type = [0x60, ...vec(params.map((p) => [p])), ...vec([])];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name('adam'), 0x00, 0x00]])),
    ...section(10, vec([adamBody()])),
  ];
  return new Uint8Array(bytes);
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

const instances = new WeakMap<WebAssembly.Memory, SimdAdam | null>();

/** The SIMD Adam step bound to `memory`, or undefined where wasm SIMD is not available. */
export function simdAdamFor(memory: WebAssembly.Memory): SimdAdam | undefined {
  let adam = instances.get(memory);
  if (adam === undefined) {
    try {
      const module = new WebAssembly.Module(adamModuleBytes());
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      adam = instance.exports['adam'] as SimdAdam;
    } catch {
      adam = null; // no SIMD in this engine: the JavaScript loop does the work
    }
    instances.set(memory, adam);
  }
  return adam ?? undefined;
}
