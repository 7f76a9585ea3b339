/**
 * Reading data files in Node: path resolution against the spec's folder, missing files and
 * directories as diagnostics, transparent gunzip (detected by the `1f 8b` magic, not the name).
 * Node-only.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { FILE_START, fileDiagnostic } from './data-diagnostic.js';

/** Resolves a path from a spec against the spec's folder (absolute paths stay as they are). */
export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** A file as read from disk (before gunzip): its resolved path, size and SHA-256. */
export interface FileRead {
  path: string;
  bytes: number;
  /** Lowercase hex, as `sha256sum` prints it. */
  sha256: string;
}

/**
 * Reads a file's bytes, decompressing gzip. Diagnostics name the resolved path. When `reads`
 * is given, the file's size and SHA-256 (of the bytes on disk) are appended to it.
 */
export async function readDataFile(path: string, reads?: FileRead[]): Promise<StageResult<Uint8Array | undefined>> {
  const failed = (code: typeof DATA_CODE[keyof typeof DATA_CODE], message: string, help?: string): StageResult<Uint8Array | undefined> => ({
    value: undefined,
    diagnostics: [fileDiagnostic(code, path, FILE_START, message, help !== undefined ? { help } : {})],
  });
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return failed(DATA_CODE.pathIsDirectory, `data path \`${path}\` is a directory, not a file`, 'name a file inside it');
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return failed(DATA_CODE.fileNotFound, `data file \`${path}\` does not exist`, 'paths in a spec are relative to the spec file\'s folder');
    }
    return failed(DATA_CODE.fileUnreadable, `data file \`${path}\` cannot be read: ${(error as Error).message}`);
  }
  reads?.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return failed(DATA_CODE.badGzip, `data file \`${path}\` looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`, 'the file is damaged or truncated; download it again');
    }
  }
  return { value: bytes, diagnostics: [] };
}

/** Reads a text file (UTF-8, gzip allowed); `reads` as for {@link readDataFile}. */
export async function readDataText(path: string, reads?: FileRead[]): Promise<StageResult<string | undefined>> {
  const result = await readDataFile(path, reads);
  if (result.value === undefined) return { value: undefined, diagnostics: result.diagnostics };
  return { value: new TextDecoder('utf-8').decode(result.value), diagnostics: result.diagnostics };
}
