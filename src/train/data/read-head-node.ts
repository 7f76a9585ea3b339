/**
 * Reading only the start of a data file in Node, for `nnspec check --data` and the language
 * server: a CSV header, an IDX header. Gzip is decompressed only as far as the head needs.
 * Errors are the loader's own diagnostics (NN4501-NN4503, NN4613). Node-only.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { StageResult } from '../../diagnostics/diagnostic.js';
import type { DataHead } from './probe.js';
import { badGzipDiagnostic, directoryDiagnostic, failedRead, isGzip, unreadableFileDiagnostic } from './read-file-node.js';

/**
 * Reads at most `maxBytes` bytes of a file's content from its start: the file's own bytes, or
 * the decompressed ones when it is gzip-compressed. `complete` tells whether that is all of it.
 */
export async function readDataHead(path: string, maxBytes: number): Promise<StageResult<DataHead | undefined>> {
  let raw: Uint8Array;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return failedRead(directoryDiagnostic(path));
    size = info.size;
    raw = await readStart(path, Math.min(size, maxBytes));
  } catch (error) {
    return failedRead(unreadableFileDiagnostic(path, error));
  }
  if (!isGzip(raw)) return { value: { bytes: raw, complete: raw.length >= size }, diagnostics: [] };
  try {
    return { value: await gunzipHead(path, maxBytes), diagnostics: [] };
  } catch (error) {
    return failedRead(badGzipDiagnostic(path, error));
  }
}

async function readStart(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Decompresses a gzip file until `maxBytes` bytes come out (or it ends), then stops reading it. */
async function gunzipHead(path: string, maxBytes: number): Promise<DataHead> {
  const file = createReadStream(path, { highWaterMark: 16 * 1024 });
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
