/**
 * The SIMD kernels of normalisation (wasm/normalize.c) on a memory of their own, fed rows in
 * chunks: the statistics of a training split and the scaling of a split compute the same bits as
 * the JavaScript loops of normalize.ts, several times faster (those loops remain for engines
 * without WebAssembly SIMD, and as the tests' reference). Browser-safe.
 */
import { compiledModule } from '../../backend/wasm/load-module.js';
import { MODULE_BASE64 } from '../../backend/wasm/normalize-module.js';

interface NormalizeExports {
  min_max(x: number, rows: number, width: number, lo: number, hi: number): void;
  sums(x: number, rows: number, width: number, sum: number): void;
  squared_deviations(x: number, rows: number, width: number, mean: number, square: number): void;
  scale(x: number, rows: number, width: number, offset: number, divisor: number): void;
}

/** Bytes below this belong to the compiled C code (its stack); the statistics start here. */
const RESERVED_BYTES = 1 << 17;
/** About this many bytes of rows are copied in per call (a few MB: in cache, few calls). */
const CHUNK_BYTES = 1 << 22;
const PAGE = 65536;

interface Kernels {
  exports: NormalizeExports;
  memory: WebAssembly.Memory;
}

let kernels: Kernels | null | undefined;

/** The kernels, or null where the engine has no WebAssembly SIMD. */
function loadKernels(): Kernels | null {
  if (kernels === undefined) {
    try {
      const memory = new WebAssembly.Memory({ initial: 2 * (RESERVED_BYTES / PAGE) });
      const instance = new WebAssembly.Instance(compiledModule(MODULE_BASE64), { env: { memory } });
      kernels = { exports: instance.exports as unknown as NormalizeExports, memory };
    } catch {
      kernels = null;
    }
  }
  return kernels;
}

/** Whether {@link minMaxOf} and the others run here (else the caller's JavaScript loops do). */
export function normalizeKernelsAvailable(): boolean {
  return loadKernels() !== null;
}

/** The memory grown to at least `bytes`, with fresh views. */
function ensure(k: Kernels, bytes: number): { f32: Float32Array; f64: Float64Array } {
  const missing = bytes - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / PAGE));
  return { f32: new Float32Array(k.memory.buffer), f64: new Float64Array(k.memory.buffer) };
}

/** Byte layout of one call: two statistics of `width` doubles, then a chunk of rows. */
function layout(width: number) {
  const stats = RESERVED_BYTES;
  const second = stats + Math.ceil((width * 8) / 16) * 16;
  const rowsAt = second + Math.ceil((width * 8) / 16) * 16;
  const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (width * 4)));
  return { first: stats, second, rowsAt, chunkRows, end: rowsAt + chunkRows * width * 4 };
}

/**
 * Runs `body` on the rows (row `r` of the pass is row `rows[r]` of `features`, or row `r`),
 * copied into the memory in chunks; `after` may read each chunk back.
 */
function forChunks(
  k: Kernels,
  features: Float32Array,
  width: number,
  count: number,
  rows: ArrayLike<number> | undefined,
  prepare: (views: { f32: Float32Array; f64: Float64Array }, place: ReturnType<typeof layout>) => void,
  body: (address: number, chunk: number) => void,
  after?: (f32: Float32Array, address: number, start: number, chunk: number) => void,
): { f32: Float32Array; f64: Float64Array } {
  const place = layout(width);
  const views = ensure(k, place.end);
  prepare(views, place);
  const base = place.rowsAt / 4;
  for (let start = 0; start < count; start += place.chunkRows) {
    const chunk = Math.min(place.chunkRows, count - start);
    if (rows === undefined) views.f32.set(features.subarray(start * width, (start + chunk) * width), base);
    else {
      for (let r = 0; r < chunk; r++) {
        const from = rows[start + r]! * width;
        views.f32.set(features.subarray(from, from + width), base + r * width);
      }
    }
    body(place.rowsAt, chunk);
    after?.(views.f32, base, start, chunk);
  }
  return views;
}

/** Per-feature min and max of the rows (NaN skipped, as `value < min` skips it); ±Infinity when there are none. */
export function minMaxOf(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): { min: Float32Array; max: Float32Array } {
  const k = loadKernels()!;
  let first = 0;
  let second = 0;
  const views = forChunks(
    k,
    features,
    width,
    count,
    rows,
    ({ f32 }, place) => {
      first = place.first;
      second = place.second;
      f32.fill(Infinity, first / 4, first / 4 + width);
      f32.fill(-Infinity, second / 4, second / 4 + width);
    },
    (address, chunk) => k.exports.min_max(address, chunk, width, first, second),
  );
  return { min: views.f32.slice(first / 4, first / 4 + width), max: views.f32.slice(second / 4, second / 4 + width) };
}

/** Per-feature sums of the rows in double precision, row after row. */
export function sumsOf(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): Float64Array {
  const k = loadKernels()!;
  let first = 0;
  const views = forChunks(
    k,
    features,
    width,
    count,
    rows,
    ({ f64 }, place) => {
      first = place.first;
      f64.fill(0, first / 8, first / 8 + width);
    },
    (address, chunk) => k.exports.sums(address, chunk, width, first),
  );
  return views.f64.slice(first / 8, first / 8 + width);
}

/** Per-feature sums of `(x - mean)^2` over the rows in double precision, row after row. */
export function squaredDeviationsOf(features: Float32Array, width: number, count: number, mean: Float64Array, rows?: ArrayLike<number>): Float64Array {
  const k = loadKernels()!;
  let first = 0;
  let second = 0;
  const views = forChunks(
    k,
    features,
    width,
    count,
    rows,
    ({ f64 }, place) => {
      first = place.first;
      second = place.second;
      f64.set(mean, first / 8);
      f64.fill(0, second / 8, second / 8 + width);
    },
    (address, chunk) => k.exports.squared_deviations(address, chunk, width, first, second),
  );
  return views.f64.slice(second / 8, second / 8 + width);
}

/** The rows scaled into a new array: `(x - offset) / divisor` in double precision, rounded once to float32, 0 where the divisor is not above 0. */
export function scaledRowsOf(
  features: Float32Array,
  width: number,
  count: number,
  offset: Float64Array,
  divisor: Float64Array,
  rows?: ArrayLike<number>,
): Float32Array {
  const k = loadKernels()!;
  const scaled = new Float32Array(count * width);
  let first = 0;
  let second = 0;
  forChunks(
    k,
    features,
    width,
    count,
    rows,
    ({ f64 }, place) => {
      first = place.first;
      second = place.second;
      f64.set(offset, first / 8);
      f64.set(divisor, second / 8);
    },
    (address, chunk) => k.exports.scale(address, chunk, width, first, second),
    (f32, base, start, chunk) => scaled.set(f32.subarray(base, base + chunk * width), start * width),
  );
  return scaled;
}
