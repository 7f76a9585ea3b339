/**
 * Where the CLI reads and writes. Commands never touch `process` directly, so tests can run
 * them in-process and assert exactly what they print and return.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `nnspec check -`). */
  readStdin: () => Promise<string>;
  /** Whether standard output is a terminal: colours and progress bars only then. */
  isTty: boolean;
  /** The folder relative paths resolve against. */
  cwd: string;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`). */
  env: Record<string, string | undefined>;
  /**
   * Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. Tests inject
   * their own to interrupt a run at a chosen moment.
   */
  onInterrupt?: (handler: () => void) => () => void;
  /**
   * Calls `handler` once standard output is closed by its reader (`nnspec train | head`), until
   * the returned function is called. Output written after that is dropped.
   */
  onOutputClosed?: (handler: () => void) => () => void;
}

/** The real process's streams. */
export function processIo(): CliIo {
  // A reader that goes away (`| head`) makes writes fail with EPIPE, reported as an 'error'
  // event that would otherwise end the process with a stack trace.
  let outputClosed = false;
  const closedHandlers = new Set<() => void>();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (outputClosed) return;
    outputClosed = true;
    for (const handler of closedHandlers) handler();
  });
  return {
    stdout: (text) => {
      if (!outputClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const text = decodeUtf8(Buffer.concat(chunks));
      if (text === undefined) throw new CliUsageError('cannot read standard input: it is not valid UTF-8 text');
      return text;
    },
    isTty: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    onOutputClosed: (handler) => {
      closedHandlers.add(handler);
      return () => closedHandlers.delete(handler);
    },
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as UTF-8 text, or undefined when they are not valid UTF-8 (specs from files and stdin alike). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Colour on a TTY unless `NO_COLOR` is set; `FORCE_COLOR` forces it; `--no-color` turns it off. */
export function useColor(io: CliIo, noColorFlag: boolean | undefined): boolean {
  if (noColorFlag) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.isTty;
}

/** A usage or I/O problem: the CLI prints its message on one line and exits 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
