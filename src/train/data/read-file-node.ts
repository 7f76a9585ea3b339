/**
 * Reading data files in Node: path resolution against the spec's folder, missing files and
 * directories as diagnostics, transparent gunzip (detected by the `1f 8b` magic, not the name),
 * and the limits of `read-limits.ts`: only regular files, of bounded size on disk and decompressed.
 * Node-only.
 */
import { constants as bufferConstants, kMaxLength } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE, type DataCode } from '../../diagnostics/codes/data-codes.js';
import { FILE_START, fileDiagnostic } from './data-diagnostic.js';
import { expandsTooLargeDiagnostic, fileTooLargeDiagnostic, notRegularFileDiagnostic, resolveReadLimits, type ReadLimits } from './read-limits.js';

/** V8's longest string, in UTF-16 code units: a CSV file's text must fit in one. */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** Resolves a path from a spec against the spec's folder (absolute paths stay as they are). */
export function resolveDataPath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** The diagnostic for a data path that cannot be read: missing (NN4501), a directory (NN4502), or another failure (NN4503). */
export function unreadableFileDiagnostic(path: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return directoryDiagnostic(path);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return readDiagnostic(path, DATA_CODE.fileNotFound, `data file \`${path}\` does not exist`, "paths in a spec are relative to the spec file's folder");
  }
  return readDiagnostic(path, DATA_CODE.fileUnreadable, `data file \`${path}\` cannot be read: ${(error as Error).message}`);
}

/** Whether the bytes start with gzip's magic number (`1f 8b`): content decides, not the file name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** NN4613 for a file that looks gzip-compressed but cannot be decompressed. */
export function badGzipDiagnostic(path: string, error: unknown): Diagnostic {
  return readDiagnostic(
    path,
    DATA_CODE.badGzip,
    `data file \`${path}\` looks gzip-compressed but cannot be decompressed: ${(error as Error).message}`,
    'the file is damaged or truncated; download it again',
  );
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
 * Reads a file's bytes, decompressing gzip, within `limits` (by default `DEFAULT_READ_LIMITS` of read-limits.ts):
 * only a regular file (NN4616 otherwise, found before opening it), of at most `maxFileBytes` on
 * disk (NN4614, found before reading a byte), whose content is at most `maxContentBytes`
 * (NN4615 for gzip, found while decompressing: it stops at the limit). Diagnostics name the
 * resolved path. When `reads` is given, the file's size and SHA-256 (of the bytes on disk) are
 * appended to it.
 */
export async function readDataFile(path: string, reads?: FileRead[], limits?: Partial<ReadLimits>): Promise<StageResult<Uint8Array | undefined>> {
  const { maxFileBytes, maxContentBytes } = resolveReadLimits(limits);
  const file = await openDataFile(path, maxFileBytes);
  if ('code' in file) return failedRead(file);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readAtMost(file, maxFileBytes);
  } catch (error) {
    return failedRead(unreadableFileDiagnostic(path, error));
  } finally {
    await file.handle.close();
  }
  if (bytes === undefined) return failedRead(fileTooLargeDiagnostic(path, undefined, maxFileBytes));
  reads?.push({ path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  if (!isGzip(bytes))
    return bytes.length > maxContentBytes ? failedRead(fileTooLargeDiagnostic(path, bytes.length, maxContentBytes)) : { value: bytes, diagnostics: [] };
  try {
    // maxOutputLength makes zlib stop (and throw) as soon as the output passes it: a bomb never expands further.
    return { value: gunzipSync(bytes, { maxOutputLength: Math.min(maxContentBytes, kMaxLength) }), diagnostics: [] };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return failedRead(expandsTooLargeDiagnostic(path, bytes.length, maxContentBytes));
    return failedRead(badGzipDiagnostic(path, error));
  }
}

/**
 * Reads a text file (UTF-8, gzip allowed); `reads` and `limits` as for {@link readDataFile}. The
 * text is one string, so its content is held under V8's longest string too (512 MiB less 24
 * characters in 64-bit Node), whatever `maxContentBytes` says: a UTF-8 byte is at most one character.
 */
export async function readDataText(path: string, reads?: FileRead[], limits?: Partial<ReadLimits>): Promise<StageResult<string | undefined>> {
  const resolved = resolveReadLimits(limits);
  const result = await readDataFile(path, reads, { ...resolved, maxContentBytes: Math.min(resolved.maxContentBytes, MAX_STRING_LENGTH) });
  if (result.value === undefined) return { value: undefined, diagnostics: result.diagnostics };
  return { value: new TextDecoder('utf-8').decode(result.value), diagnostics: result.diagnostics };
}

/**
 * `O_NONBLOCK` where the platform has it: should the path become a FIFO between `stat` and `open`,
 * opening it returns at once instead of waiting for a writer (the handle's `stat` then refuses
 * it). It changes nothing for regular files.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** An open regular data file and its size by `stat`; the caller closes `handle`. */
export interface OpenDataFile {
  handle: FileHandle;
  size: number;
}

/**
 * Opens `path` for reading if it is a regular file (after symbolic links) of at most
 * `maxFileBytes` bytes; else the diagnostic: NN4501/NN4503 as for any failed read, NN4502 a
 * directory, NN4616 a device, FIFO or socket (found before opening), NN4614 too large (found
 * before reading).
 */
export async function openDataFile(path: string, maxFileBytes: number): Promise<OpenDataFile | Diagnostic> {
  try {
    const refused = refuseUnlessRegular(path, await stat(path), maxFileBytes);
    if (refused !== undefined) return refused;
    const handle = await open(path, OPEN_FLAGS);
    try {
      // The path may have been replaced between `stat` and `open`: what counts is what was opened.
      const info = await handle.stat();
      const changed = refuseUnlessRegular(path, info, maxFileBytes);
      if (changed === undefined) return { handle, size: info.size };
      await handle.close();
      return changed;
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    return unreadableFileDiagnostic(path, error);
  }
}

function refuseUnlessRegular(path: string, info: Stats, maxFileBytes: number): Diagnostic | undefined {
  if (info.isDirectory()) return directoryDiagnostic(path);
  if (!info.isFile()) return notRegularFileDiagnostic(path, info);
  if (info.size > maxFileBytes) return fileTooLargeDiagnostic(path, info.size, maxFileBytes);
  return undefined;
}

/**
 * Reads an open file from its start to its end, or to `limit + 1` bytes, whichever comes first:
 * `undefined` when there were more than `limit` (the file grew after `stat`, or says 0 as `/proc`
 * files do). One buffer of the size `stat` gave, grown only when the file holds more.
 */
export async function readAtMost(file: OpenDataFile, limit: number): Promise<Uint8Array | undefined> {
  let buffer = new Uint8Array(Math.min(Math.max(file.size, 64 * 1024), limit) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > limit) return undefined;
      const grown = new Uint8Array(Math.min(buffer.length * 2, limit + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const { bytesRead } = await file.handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled > limit ? undefined : buffer.subarray(0, filled);
}

/**
 * A data file's text to show the lines a diagnostic points into, or `undefined` when it is not
 * a regular file within `maxContentBytes` (default 500 MiB), cannot be read, or is binary (holds
 * a NUL byte: gzip, IDX). Synchronous, for printing; the same checks as {@link readDataFile}, so
 * printing an error about `/dev/zero` or a FIFO does not read forever or block.
 */
export function readTextToShow(path: string, maxContentBytes = resolveReadLimits().maxContentBytes): string | undefined {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return undefined;
    fd = openSync(path, OPEN_FLAGS);
    const info = fstatSync(fd);
    const limit = Math.min(maxContentBytes, MAX_STRING_LENGTH);
    if (!info.isFile() || info.size > limit) return undefined;
    const buffer = new Uint8Array(info.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    const text = new TextDecoder('utf-8').decode(buffer.subarray(0, filled));
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
