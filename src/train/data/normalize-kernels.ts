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

/** Byte layout of one pass over `width` features: two statistics of `width` doubles, then a chunk of rows. */
interface Layout {
  first: number;
  second: number;
  rowsAt: number;
  chunkRows: number;
  end: number;
}

function layout(width: number): Layout {
  const first = RESERVED_BYTES;
  const second = first + Math.ceil((width * 8) / 16) * 16;
  const rowsAt = second + Math.ceil((width * 8) / 16) * 16;
  const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (width * 4)));
  return { first, second, rowsAt, chunkRows, end: rowsAt + chunkRows * width * 4 };
}

type Views = { f32: Float32Array; f64: Float64Array };

/** One pass of a kernel over some rows of a data set. */
interface Pass {
  features: Float32Array;
  width: number;
  count: number;
  /** Row `r` of the pass is row `rows[r]` of `features`, or row `r` without them. */
  rows: ArrayLike<number> | undefined;
  /** Sets the statistics up before the first chunk. */
  setup(views: Views, place: Layout): void;
  /** The kernel on one chunk of rows at byte `address`. */
  run(kernels: NormalizeExports, address: number, chunk: number, place: Layout): void;
  /** Reads a chunk back (scaling). */
  after?(f32: Float32Array, index: number, start: number, chunk: number): void;
}

/** Runs a pass: the rows copied into the memory a chunk at a time; returns the memory's views and layout. */
function runPass(pass: Pass): { views: Views; place: Layout } {
  const k = loadKernels()!;
  const { features, width, count, rows } = pass;
  const place = layout(width);
  const views = ensure(k, place.end);
  pass.setup(views, place);
  const index = place.rowsAt / 4;
  for (let start = 0; start < count; start += place.chunkRows) {
    const chunk = Math.min(place.chunkRows, count - start);
    if (rows === undefined) views.f32.set(features.subarray(start * width, (start + chunk) * width), index);
    else {
      for (let r = 0; r < chunk; r++) {
        const from = rows[start + r]! * width;
        views.f32.set(features.subarray(from, from + width), index + r * width);
      }
    }
    pass.run(k.exports, place.rowsAt, chunk, place);
    pass.after?.(views.f32, index, start, chunk);
  }
  return { views, place };
}

/** Per-feature min and max of the rows (NaN skipped, as `value < min` skips it); ±Infinity when there are none. */
export function minMaxOf(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): { min: Float32Array; max: Float32Array } {
  const { views, place } = runPass({
    features,
    width,
    count,
    rows,
    setup: ({ f32 }, { first, second }) => {
      f32.fill(Infinity, first / 4, first / 4 + width);
      f32.fill(-Infinity, second / 4, second / 4 + width);
    },
    run: (k, address, chunk, { first, second }) => k.min_max(address, chunk, width, first, second),
  });
  return { min: views.f32.slice(place.first / 4, place.first / 4 + width), max: views.f32.slice(place.second / 4, place.second / 4 + width) };
}

/** Per-feature sums of the rows in double precision, row after row. */
export function sumsOf(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): Float64Array {
  const { views, place } = runPass({
    features,
    width,
    count,
    rows,
    setup: ({ f64 }, { first }) => f64.fill(0, first / 8, first / 8 + width),
    run: (k, address, chunk, { first }) => k.sums(address, chunk, width, first),
  });
  return views.f64.slice(place.first / 8, place.first / 8 + width);
}

/** Per-feature sums of `(x - mean)^2` over the rows in double precision, row after row. */
export function squaredDeviationsOf(features: Float32Array, width: number, count: number, mean: Float64Array, rows?: ArrayLike<number>): Float64Array {
  const { views, place } = runPass({
    features,
    width,
    count,
    rows,
    setup: ({ f64 }, { first, second }) => {
      f64.set(mean, first / 8);
      f64.fill(0, second / 8, second / 8 + width);
    },
    run: (k, address, chunk, { first, second }) => k.squared_deviations(address, chunk, width, first, second),
  });
  return views.f64.slice(place.second / 8, place.second / 8 + width);
}

/**
 * The rows scaled into a new array: `(x - offset) / divisor` in double precision, rounded once to
 * float32, 0 where the divisor is not above 0 (the contract of `scaledRowsLoop`).
 */
export function scaledRowsOf(
  features: Float32Array,
  width: number,
  count: number,
  offset: Float64Array,
  divisor: Float64Array,
  rows?: ArrayLike<number>,
): Float32Array {
  const scaled = new Float32Array(count * width);
  runPass({
    features,
    width,
    count,
    rows,
    setup: ({ f64 }, { first, second }) => {
      f64.set(offset, first / 8);
      f64.set(divisor, second / 8);
    },
    run: (k, address, chunk, { first, second }) => k.scale(address, chunk, width, first, second),
    after: (f32, index, start, chunk) => scaled.set(f32.subarray(index, index + chunk * width), start * width),
  });
  return scaled;
}
