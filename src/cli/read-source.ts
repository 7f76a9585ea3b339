import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from './io.js';
import { CliUsageError, decodeUtf8 } from './io.js';

/** A spec read from disk or standard input. */
export interface SourceFile {
  /** As shown in messages: the path as the user gave it, or `<stdin>`. */
  displayName: string;
  /** Absolute path, or undefined for standard input. */
  absolutePath: string | undefined;
  /** The folder relative data paths resolve against: the spec's folder, or the working folder for stdin. */
  baseDir: string;
  text: string;
}

/**
 * Reads a spec file (or `-` for standard input) as UTF-8 text.
 *
 * @throws CliUsageError with a one-line message for a missing file, a folder, an unreadable
 *   file, or content that is binary or not UTF-8; never a stack trace.
 */
export async function readSourceFile(argument: string, io: CliIo): Promise<SourceFile> {
  if (argument === '-') {
    return { displayName: '<stdin>', absolutePath: undefined, baseDir: io.cwd, text: withoutBom(await io.readStdin()) };
  }
  const absolutePath = path.resolve(io.cwd, argument);
  let bytes: Buffer;
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) throw new CliUsageError(`cannot read \`${argument}\`: it is a directory, not a .nn file`);
    bytes = await readFile(absolutePath);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliUsageError(`cannot read \`${argument}\`: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliUsageError(`cannot read \`${argument}\`: permission denied`);
    throw new CliUsageError(`cannot read \`${argument}\`: ${(error as Error).message}`);
  }
  if (bytes.includes(0)) throw new CliUsageError(`cannot read \`${argument}\`: it looks like a binary file, not a .nn spec`);
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new CliUsageError(`cannot read \`${argument}\`: it is not valid UTF-8 text`);
  return { displayName: argument, absolutePath, baseDir: path.dirname(absolutePath), text: withoutBom(text) };
}

/** The text without a leading byte-order mark, which editors on Windows may write. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
