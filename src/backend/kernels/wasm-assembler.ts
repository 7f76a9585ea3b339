/**
 * Just enough of a WebAssembly binary encoder for nnspec's hand-written SIMD kernels: LEB128,
 * sections, the opcodes they use, and a module with one imported memory and exported functions.
 * There is no wasm toolchain at install time, and none is needed for a few loops.
 */

/** Unsigned LEB128, as wasm encodes sizes, counts and indices. */
export function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128, for `i32.const`. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function section(id: number, contents: number[]): number[] {
  return [id, ...leb(contents.length), ...contents];
}

function vec(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...leb(bytes.length), ...bytes];
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

const simd = (code: number, ...immediates: number[]) => [0xfd, ...leb(code), ...immediates];

/** The instructions the kernels use; SIMD loads and stores carry alignment 0 and offset 0. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...leb(depth)],
  brIf: (depth: number) => [0x0d, ...leb(depth)],
  get: (local: number) => [0x20, ...leb(local)],
  set: (local: number) => [0x21, ...leb(local)],
  tee: (local: number) => [0x22, ...leb(local)],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  f32Load: [0x2a, 0x02, 0x00],
  /** `f32.load` at a constant byte offset from the address on the stack. */
  f32LoadAt: (offset: number) => [0x2a, 0x02, ...leb(offset)],
  f32Store: [0x38, 0x02, 0x00],
  i32GeS: [0x4e],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f32Add: [0x92],
  load: simd(0x00, 0x00, 0x00),
  store: simd(0x0b, 0x00, 0x00),
  /** `v128.const` of four i32 lanes. */
  i32x4Const: (lanes: [number, number, number, number]) =>
    simd(0x0c, ...lanes.flatMap((lane) => [lane & 0xff, (lane >>> 8) & 0xff, (lane >>> 16) & 0xff, (lane >>> 24) & 0xff])),
  i32x4Splat: simd(0x11),
  f32x4Splat: simd(0x13),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  f32x4Gt: simd(0x44),
  bitselect: simd(0x52),
  i32x4Add: simd(0xae),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
};

/**
 * `for (counter = start; counter < limit; counter += step) body`, unsigned, with i32 `counter`;
 * `start` and `limit` are code that pushes one i32. `body` may hold further loops, not branches out.
 */
export function forRange(counter: number, start: number[], limit: number[], step: number, body: number[]): number[] {
  return [
    ...start,
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...limit,
    ...op.i32GeU,
    ...op.brIf(1),
    ...body,
    ...op.get(counter),
    ...op.i32Const(step),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** One function of a module: its parameter types, its locals (count and type) and its body. */
export interface WasmFunction {
  name: string;
  params: number[];
  locals: [count: number, type: number][];
  body: number[];
}

/** A module importing `env.memory` and exporting `functions`, none returning a value. */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec([])]);
  const bodies = functions.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...leb(count), type])), ...f.body, ...op.end];
    return [...leb(body.length), ...body];
  });
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec(functions.map((_, index) => leb(index)))),
    ...section(7, vec(functions.map((f, index) => [...name(f.name), 0x00, ...leb(index)]))),
    ...section(10, vec(bodies)),
  ];
  return new Uint8Array(bytes);
}

/**
 * Instantiates `bytes` on `memory` once per memory and returns its exports, or undefined where
 * there is no memory (a wasm backend without `asm.memory`) or the engine rejects the module (no
 * wasm SIMD): callers then use their JavaScript loops.
 */
export function instantiateOn(
  cache: WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>,
  memory: WebAssembly.Memory | undefined,
  bytes: () => Uint8Array<ArrayBuffer>,
): WebAssembly.Exports | undefined {
  if (memory === undefined) return undefined;
  let exports = cache.get(memory);
  if (exports === undefined) {
    try {
      exports = new WebAssembly.Instance(new WebAssembly.Module(bytes()), { env: { memory } }).exports;
    } catch {
      exports = null;
    }
    cache.set(memory, exports);
  }
  return exports ?? undefined;
}
