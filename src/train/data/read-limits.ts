/**
 * The limits on what reading a data file may cost, and the diagnostics for files past them or
 * that are no files at all (devices, FIFOs). A data path comes from a spec, which may come from
 * someone else: a 2 MB gzip file can expand to gigabytes, `/dev/zero` never ends and a FIFO
 * blocks forever, so every reader checks these before (or, for gzip, while) it reads.
 * Browser-safe: the Node readers apply them.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { formatCount } from '../../check/summary.js';
import { FILE_START, fileDiagnostic } from './data-diagnostic.js';

/** How large a data file may be, on disk and once decompressed. Whole numbers of bytes. */
export interface ReadLimits {
  /** The most bytes a data file may have on disk (checked with `stat` before a byte is read). */
  maxFileBytes: number;
  /**
   * The most bytes a data file's content may have: a plain file's own bytes, a gzip file's
   * decompressed ones (checked while decompressing: decompression stops at the limit).
   */
  maxContentBytes: number;
}

/** 500 MiB: under V8's longest string (512 MiB less 24 characters), which a CSV file's text becomes. */
const DEFAULT_LIMIT = 500 * 1024 * 1024;

/** The default limits: 500 MiB (524,288,000 bytes) on disk and 500 MiB decompressed. */
export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({ maxFileBytes: DEFAULT_LIMIT, maxContentBytes: DEFAULT_LIMIT });

/**
 * The limits to apply: the defaults, with the ones given replacing them. A limit that is not a
 * whole number of bytes of at least 1 is a caller's bug, and throws a `RangeError`.
 */
export function resolveReadLimits(limits: Partial<ReadLimits> = {}): ReadLimits {
  const resolved = { ...DEFAULT_READ_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`nnspec: read limit \`${name}\` must be a whole number of bytes of at least 1, got ${String(value)}`);
  }
  return resolved;
}

/** A byte count for a message: `524,288,000 bytes`, with binary units when 1 KiB or more: `500 MiB (524,288,000 bytes)`. */
export function describeBytes(bytes: number): string {
  const exact = `${formatCount(bytes)} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit < 0) return exact;
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]} (${exact})`;
}

/** What a path that is not a regular file is, for a message (from `fs.Stats`). */
export interface FileKind {
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}

/** `a character device`, `a FIFO (named pipe)`, ... */
export function describeKind(kind: FileKind): string {
  if (kind.isCharacterDevice()) return 'a character device';
  if (kind.isBlockDevice()) return 'a block device';
  if (kind.isFIFO()) return 'a FIFO (named pipe)';
  if (kind.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** NN4616: a device, FIFO or socket where a data file belongs; found with `stat`, before the path is opened. */
export function notRegularFileDiagnostic(path: string, kind: FileKind): Diagnostic {
  const what = describeKind(kind);
  return fileDiagnostic(
    DATA_CODE.notRegularFile,
    path,
    FILE_START,
    `data path \`${path}\` is ${what === 'not a regular file' ? what : `${what}, not a regular file`}`,
    {
      help: 'name a regular file (a symbolic link to one is fine); devices, FIFOs and sockets are never read: they can block or never end',
    },
  );
}

/**
 * NN4614: a file larger than the limit. `size` is what `stat` says; `undefined` when the file
 * turned out larger than `stat` said (it grew, or it is a `/proc` file that says 0), and reading stopped at the limit.
 */
export function fileTooLargeDiagnostic(path: string, size: number | undefined, limit: number): Diagnostic {
  const found = size === undefined ? 'is larger than' : `is ${describeBytes(size)}, over`;
  return fileDiagnostic(DATA_CODE.fileTooLarge, path, FILE_START, `data file \`${path}\` ${found} the limit of ${describeBytes(limit)} for a data file`, {
    help: 'train on a sample of the data, or split it; hosts of the API can change the limit (`readLimits`, see docs/data.md)',
  });
}

/** NN4615: a gzip file whose content grew past the limit while it was being decompressed (decompression stopped there). */
export function expandsTooLargeDiagnostic(path: string, compressedSize: number, limit: number): Diagnostic {
  return fileDiagnostic(
    DATA_CODE.expandsTooLarge,
    path,
    FILE_START,
    `data file \`${path}\` is ${describeBytes(compressedSize)} gzip-compressed, and expands past the limit of ${describeBytes(limit)}`,
    {
      help: 'a file that expands this much is a decompression bomb or more data than training can hold; check where it comes from, or train on a sample',
    },
  );
}
