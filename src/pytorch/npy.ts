/**
 * A tiny writer of NumPy's `.npy` format (version 1.0), so nnspec can hand arrays to the
 * exported Python project without a dependency: the magic string, a little-endian header length,
 * a Python-literal header dict padded to a multiple of 64 bytes, then the values little-endian.
 * See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html. Browser-safe.
 */

/** The element types nnspec writes: float32 features and targets, int64 row indices. */
export type NpyType = 'float32' | 'int64';

const DESCR: Record<NpyType, { descr: string; size: number }> = {
  float32: { descr: '<f4', size: 4 },
  int64: { descr: '<i8', size: 8 },
};

/** NumPy aligns the data to 64 bytes (the header length counts its magic string and length fields). */
const ALIGNMENT = 64;

/** `\x93NUMPY` then version 1.0. */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00];

/**
 * The bytes of a `.npy` file holding `values` (row-major) with `shape`.
 *
 * @throws Error when the shape does not hold `values.length` values (a bug of the caller).
 */
export function encodeNpy(type: NpyType, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const count = shape.reduce((product, dim) => product * dim, 1);
  if (count !== values.length) throw new Error(`nnspec npy: shape [${shape.join(', ')}] holds ${count} values, got ${values.length}`);
  const { descr, size } = DESCR[type];
  // A one-element tuple needs its trailing comma in Python: `(5,)`.
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const unpadded = MAGIC.length + 2 + dict.length + 1;
  const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const bytes = new Uint8Array(MAGIC.length + 2 + header.length + count * size);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(MAGIC.length, header.length, true);
  for (let index = 0; index < header.length; index++) bytes[MAGIC.length + 2 + index] = header.charCodeAt(index);
  const start = MAGIC.length + 2 + header.length;
  for (let index = 0; index < count; index++) {
    if (type === 'float32') view.setFloat32(start + index * size, values[index], true);
    else view.setBigInt64(start + index * size, BigInt(values[index]), true);
  }
  return bytes;
}
