/**
 * The IDX format (MNIST's): `00 00 type ndims`, then `ndims` big-endian uint32 sizes, then the
 * values, big-endian, row-major. Works on already-decompressed bytes; gzip is the Node reader's
 * job. Browser-safe.
 */
import type { Diagnostic, Range, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { encodeNumericClasses } from './class-labels.js';
import { FILE_START, fileDiagnostic, spanAt } from './data-diagnostic.js';
import type { Dataset } from './dataset.js';

/** An IDX array: its dimensions (the first is the example count) and values as floats. */
export interface IdxArray {
  dims: number[];
  values: Float32Array;
}

/** The element types of IDX: byte size and reader. */
const IDX_TYPES: Record<number, { name: string; size: number; read: (view: DataView, at: number) => number }> = {
  8: { name: 'unsigned byte', size: 1, read: (view, at) => view.getUint8(at) },
  9: { name: 'signed byte', size: 1, read: (view, at) => view.getInt8(at) },
  11: { name: 'int16', size: 2, read: (view, at) => view.getInt16(at, false) },
  12: { name: 'int32', size: 4, read: (view, at) => view.getInt32(at, false) },
  13: { name: 'float32', size: 4, read: (view, at) => view.getFloat32(at, false) },
  14: { name: 'float64', size: 8, read: (view, at) => view.getFloat64(at, false) },
};

/**
 * The number of values dimensions describe: 0 when any is 0, else their product, which may be
 * Infinity for lying headers (255 dimensions of 2^32 - 1) but never NaN (Infinity times 0).
 */
function elementCount(dims: readonly number[]): number {
  return dims.includes(0) ? 0 : dims.reduce((product, dim) => product * dim, 1);
}

/** IDX files are binary: ranges are byte offsets on "line 1", column = offset + 1. */
function byteRange(offset: number, length: number) {
  return spanAt(offset, 1, offset + 1, length);
}

/** An IDX header: the dimensions (the first is the example count) and where the values start. */
export interface IdxHeader {
  dims: number[];
  /** The element type byte (`0x08` unsigned byte, ...). */
  type: number;
  /** Bytes before the first value: `4 + 4 * dims.length`. */
  headerSize: number;
}

/** The most bytes an IDX header can take (255 dimensions): enough of a file's head to parse it. */
export const IDX_MAX_HEADER_BYTES = 4 + 4 * 255;

type IdxHeaderCode = typeof DATA_CODE.badIdxHeader | typeof DATA_CODE.idxSizeMismatch;

function idxFailure<T>(
  file: string,
  offset: number,
  length: number,
  message: string,
  help: string,
  code: IdxHeaderCode = DATA_CODE.badIdxHeader,
): StageResult<T | undefined> {
  return {
    value: undefined,
    diagnostics: [fileDiagnostic(code, file, length === 0 && offset === 0 ? FILE_START : byteRange(offset, length), message, { help })],
  };
}

/**
 * Parses the header of an IDX file from its first bytes: the whole file, or a head of at least
 * {@link IDX_MAX_HEADER_BYTES} bytes (or the whole file when it is shorter), so that a file
 * ending inside its header is told apart from a head that was cut short. `at` is where the spec
 * names the file: a file without the IDX magic number (NN4610) is reported there (see {@link notIdx}).
 */
export function parseIdxHeader(bytes: Uint8Array, file: string, at?: Range): StageResult<IdxHeader | undefined> {
  const fail = (offset: number, length: number, message: string, help: string, code?: IdxHeaderCode) =>
    idxFailure<IdxHeader>(file, offset, length, message, help, code);
  // A file that starts as an IDX file should but ends within 4 bytes is cut short, not foreign.
  if (bytes.length < 4 && bytes.subarray(0, 2).every((byte) => byte === 0)) {
    const what = bytes.length === 0 ? 'is empty' : `has only ${bytes.length} byte${bytes.length === 1 ? '' : 's'}`;
    return fail(
      0,
      0,
      `\`${file}\` ${what}; an IDX header needs at least 4`,
      'the file is truncated or not the one meant; check the path, or download it again',
      DATA_CODE.idxSizeMismatch,
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return { value: undefined, diagnostics: [notIdx(file, at)] };
  if (IDX_TYPES[bytes[2]] === undefined) {
    return fail(
      2,
      1,
      `\`${file}\` has an unknown IDX element type \`0x${bytes[2].toString(16).padStart(2, '0')}\``,
      'known types are 0x08 (unsigned byte), 0x09, 0x0b, 0x0c, 0x0d and 0x0e',
    );
  }
  const ndims = bytes[3];
  if (ndims === 0) return fail(3, 1, `\`${file}\` declares 0 dimensions`, 'an IDX file has at least one dimension (the count)');
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) {
    return fail(
      bytes.length,
      0,
      `\`${file}\` ends inside its IDX header (${bytes.length} bytes, the header needs ${headerSize})`,
      'the file is truncated; download it again',
      DATA_CODE.idxSizeMismatch,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let axis = 0; axis < ndims; axis++) dims.push(view.getUint32(4 + 4 * axis, false));
  return { value: { dims, type: bytes[2], headerSize }, diagnostics: [] };
}

/**
 * NN4610 for a file that does not start as an IDX file does (`00 00`): it quotes no byte of the
 * file and carries no `file` (a renderer would print the "line" a file range points into, the
 * start of a text file), at the spec's `images:` or `labels:` value when known.
 */
function notIdx(file: string, at: Range | undefined): Diagnostic {
  return {
    code: DATA_CODE.badIdxHeader,
    severity: 'error',
    message: `\`${file}\` is not an IDX file: it does not start with the IDX magic number (two zero bytes, a type byte, the number of dimensions)`,
    range: at ?? FILE_START,
    ...(at !== undefined ? { label: 'not an IDX file' } : {}),
    help: "check the path, and that `images` and `labels` name IDX files (MNIST's format, gzip allowed); nothing of a file that is not IDX is shown",
  };
}

/** Parses one IDX file's bytes; `at` as for {@link parseIdxHeader}. */
export function parseIdx(bytes: Uint8Array, file: string, at?: Range): StageResult<IdxArray | undefined> {
  const header = parseIdxHeader(bytes, file, at);
  if (header.value === undefined) return { value: undefined, diagnostics: header.diagnostics };
  const { dims, headerSize } = header.value;
  const type = IDX_TYPES[header.value.type];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Checked against the bytes there are before anything is allocated: lying or huge dimensions
  // (a product past 2^53, or Infinity, never equals a real length) end here.
  const elements = elementCount(dims);
  const expected = headerSize + elements * type.size;
  if (bytes.length !== expected) {
    const truncated = bytes.length < expected;
    return idxFailure(
      file,
      Math.min(bytes.length, expected),
      0,
      `\`${file}\` has ${bytes.length} bytes, but its header [${dims.join(', ')}] of ${type.name}s needs ${expected <= Number.MAX_SAFE_INTEGER ? expected : `more than ${Number.MAX_SAFE_INTEGER}`}`,
      truncated ? 'the file is truncated; download it again' : 'the file has trailing data; is it really one IDX array?',
      DATA_CODE.idxSizeMismatch,
    );
  }
  const values = new Float32Array(elements);
  if (type.size === 1 && header.value.type === 0x08) values.set(bytes.subarray(headerSize));
  else for (let index = 0; index < elements; index++) values[index] = type.read(view, headerSize + index * type.size);
  // Only floats can be NaN or infinite (a float64 also by overflowing float32); training cannot use either.
  if (type.name === 'float32' || type.name === 'float64') {
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) return nonFiniteValue(file, dims, type, headerSize, bad, type.read(view, headerSize + bad * type.size));
  }
  return { value: { dims, values }, diagnostics: [] };
}

/** NN4617 for the first value that is not a finite 32-bit float, at its byte offset, with its example. */
function nonFiniteValue(
  file: string,
  dims: readonly number[],
  type: { name: string; size: number },
  headerSize: number,
  index: number,
  value: number,
): StageResult<IdxArray | undefined> {
  const offset = headerSize + index * type.size;
  const perExample = dims.slice(1).reduce((product, dim) => product * dim, 1);
  const what = Number.isFinite(value) ? `${value}, too large for a 32-bit float,` : String(value);
  const message = `\`${file}\` holds ${what} at byte ${offset} (value ${index + 1}, in example ${Math.floor(index / perExample) + 1} of ${dims[0]})`;
  return {
    value: undefined,
    diagnostics: [
      fileDiagnostic(DATA_CODE.idxNotFinite, file, byteRange(offset, type.size), message, {
        help: 'training needs finite numbers: fix or drop that example where the file is made',
      }),
    ],
  };
}

/** What the headers of an images and a labels file tell: the example count and one example's shape. */
export interface IdxExamples {
  count: number;
  featureShape: number[];
}

/**
 * Checks that the dimensions of an images and a labels file pair up (images of 2 to 4
 * dimensions, labels of 1, the same count, not 0) and gives one example's shape. Images of
 * `[n, rows, cols]` get feature shape `[rows, cols, 1]` (one channel, what `conv2d` expects);
 * `[n, features]` and `[n, rows, cols, channels]` keep their shape. Needs the headers only.
 */
export function idxExamples(
  imageDims: readonly number[],
  labelDims: readonly number[],
  files: { images: string; labels: string },
): StageResult<IdxExamples | undefined> {
  const diagnostics: Diagnostic[] = [];
  if (imageDims.length < 2 || imageDims.length > 4) {
    diagnostics.push(
      fileDiagnostic(
        DATA_CODE.badIdxHeader,
        files.images,
        byteRange(3, 1),
        `images file \`${files.images}\` has ${imageDims.length} dimension${imageDims.length === 1 ? '' : 's'} [${imageDims.join(', ')}]; images need 2 to 4`,
        {
          help: 'expected [count, rows, cols] (MNIST), [count, features] or [count, rows, cols, channels]; are `images` and `labels` swapped?',
        },
      ),
    );
  }
  if (labelDims.length !== 1) {
    diagnostics.push(
      fileDiagnostic(
        DATA_CODE.badIdxHeader,
        files.labels,
        byteRange(3, 1),
        `labels file \`${files.labels}\` has ${labelDims.length} dimensions [${labelDims.join(', ')}]; labels need exactly 1`,
        {
          help: 'expected [count]; are `images` and `labels` swapped?',
        },
      ),
    );
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  const count = imageDims[0];
  if (labelDims[0] !== count) {
    diagnostics.push(
      fileDiagnostic(
        DATA_CODE.idxCountMismatch,
        files.labels,
        byteRange(4, 4),
        `labels file \`${files.labels}\` has ${labelDims[0]} labels but images file \`${files.images}\` has ${count} images`,
        {
          help: 'pair the images and labels of the same part (train with train, t10k with t10k)',
        },
      ),
    );
    return { value: undefined, diagnostics };
  }
  if (count === 0) {
    diagnostics.push(fileDiagnostic(DATA_CODE.noExamples, files.images, byteRange(4, 4), `images file \`${files.images}\` holds 0 images`));
    return { value: undefined, diagnostics };
  }
  const featureShape = imageDims.length === 3 ? [imageDims[1], imageDims[2], 1] : imageDims.slice(1);
  return { value: { count, featureShape }, diagnostics };
}

/**
 * Pairs an images array and a labels array into a classification data set, with the shape
 * {@link idxExamples} gives. Labels become classes by the common rule (sorted distinct values;
 * MNIST's 0-9 map to themselves).
 */
export function idxDataset(images: IdxArray, labels: IdxArray, files: { images: string; labels: string }): StageResult<Dataset | undefined> {
  const examples = idxExamples(images.dims, labels.dims, files);
  if (examples.value === undefined) return { value: undefined, diagnostics: examples.diagnostics };
  const { count, featureShape } = examples.value;
  const encoded = encodeNumericClasses(labels.values);
  return {
    value: {
      features: images.values,
      featureShape,
      labels: encoded.labels,
      task: 'classification',
      classNames: encoded.classNames,
      count,
      origin: { file: files.images },
    },
    diagnostics: examples.diagnostics,
  };
}
