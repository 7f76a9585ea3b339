/** The bytes of an IDX file (the MNIST format): a header for `dims`, then `values` of `type` (unsigned bytes by default, one byte each). */
export function idxFile(dims: number[], values: number[], type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim, false));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(values, header.length);
  return out;
}
