/**
 * Reading only the start of a data file in Node, for `nnspec check --data` and the language
 * server: a CSV header, an IDX header. Gzip is decompressed only as far as the head needs.
 * Errors are the loader's own diagnostics (NN4501-NN4503, NN4613, NN4614, NN4616). Node-only.
 */
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { StageResult } from '../../diagnostics/diagnostic.js';
import type { DataHead } from './probe.js';
import { badGzipDiagnostic, failedRead, isGzip, openDataFile, unreadableFileDiagnostic } from './read-file-node.js';
import { resolveReadLimits, type ReadLimits } from './read-limits.js';

/**
 * Reads at most `maxBytes` bytes of a file's content from its start: the file's own bytes, or
 * the decompressed ones when it is gzip-compressed. `complete` tells whether that is all of it.
 * The file is refused as training would refuse it, before it is opened (not a regular file,
 * NN4616) or read (larger than `limits.maxFileBytes`, NN4614); only training, which
 * decompresses all of a gzip file, can tell whether it expands past `maxContentBytes`.
 */
export async function readDataHead(path: string, maxBytes: number, limits?: Partial<ReadLimits>): Promise<StageResult<DataHead | undefined>> {
  const file = await openDataFile(path, resolveReadLimits(limits).maxFileBytes);
  if ('code' in file) return failedRead(file);
  try {
    let raw: Uint8Array;
    try {
      raw = await readStart(file.handle, Math.min(file.size, maxBytes));
    } catch (error) {
      return failedRead(unreadableFileDiagnostic(path, error));
    }
    if (!isGzip(raw)) return { value: { bytes: raw, complete: raw.length >= file.size }, diagnostics: [] };
    try {
      return { value: await gunzipHead(file.handle, maxBytes), diagnostics: [] };
    } catch (error) {
      return failedRead(badGzipDiagnostic(path, error));
    }
  } finally {
    await file.handle.close();
  }
}

async function readStart(handle: FileHandle, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Decompresses a gzip file until `maxBytes` bytes come out (or it ends), then stops reading it. */
async function gunzipHead(handle: FileHandle, maxBytes: number): Promise<DataHead> {
  // The stream reads the handle already open (and checked) from its start; it must not close it: the caller does.
  const file = handle.createReadStream({ start: 0, highWaterMark: 16 * 1024, autoClose: false });
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length > maxBytes) break;
    }
  } finally {
    file.destroy();
    gunzip.destroy();
  }
  const bytes = new Uint8Array(Math.min(length, maxBytes));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= bytes.length) break;
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, complete: length <= maxBytes };
}
