/**
 * Reading data files in Node: path resolution against the spec's folder, missing files and
 * directories as diagnostics, transparent gunzip (detected by the `1f 8b` magic, not the name).
 * Node-only.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE, type DataCode } from '../../diagnostics/codes/data-codes.js';
import { FILE_START, fileDiagnostic } from './data-diagnostic.js';

/** Resolves a path from a spec against the spec's folder (absolute paths stay as they are). */
export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** The diagnostic for a data path that cannot be read: missing (NN4501), a directory (NN4502), or another failure (NN4503). */
export function unreadableFileDiagnostic(path: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return directoryDiagnostic(path);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return readDiagnostic(path, DATA_CODE.fileNotFound, `data file \`${path}\` does not exist`, 'paths in a spec are relative to the spec file\'s folder');
  }
  return readDiagnostic(path, DATA_CODE.fileUnreadable, `data file \`${path}\` cannot be read: ${(error as Error).message}`);
}

/** Whether the bytes start with gzip's magic number (`1f 8b`): content decides, not the file name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** NN4613 for a file that looks gzip-compressed but cannot be decompressed. */
export function badGzipDiagnostic(path: string, error: unknown): Diagnostic {
  return readDiagnostic(path, DATA_CODE.badGzip, `data file \`${path}\` looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`, 'the file is damaged or truncated; download it again');
}

function readDiagnostic(path: string, code: DataCode, message: string, help?: string): Diagnostic {
  return fileDiagnostic(code, path, FILE_START, message, help !== undefined ? { help } : {});
}

/** NN4502 for a directory where a data file belongs (found with `stat`: reading one fails differently on each platform). */
export function directoryDiagnostic(path: string): Diagnostic {
  return readDiagnostic(path, DATA_CODE.pathIsDirectory, `data path \`${path}\` is a directory, not a file`, 'name a file inside it');
}

/** A failed read: no value, one diagnostic. */
export function failedRead(diagnostic: Diagnostic): StageResult<undefined> {
  return { value: undefined, diagnostics: [diagnostic] };
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
  let bytes: Uint8Array;
  try {
    if ((await stat(path)).isDirectory()) return failedRead(directoryDiagnostic(path));
    bytes = await readFile(path);
  } catch (error) {
    return failedRead(unreadableFileDiagnostic(path, error));
  }
  reads?.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return failedRead(badGzipDiagnostic(path, error));
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
