/**
 * What `nnspec predict` and `nnspec evaluate` share: loading the bundle folder, reading the
 * input (a file, or standard input given as `-`), and printing diagnostics that point into the
 * input files (shown with their lines, as train's data errors) or into the bundle. Loaded lazily
 * with the commands (it pulls in TF.js).
 */
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { readTextToShow } from '../train/data/read-file-node.js';
import { readBundleFolder } from '../bundle/read-bundle-node.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { parseTextInput, readModelInput, type ReadInputOptions } from '../predict/read-input-node.js';
import type { ModelInput } from '../predict/model-input.js';
import { initBackend } from '../backend/index.js';
import { parseBackendOption } from './options.js';

/** The name standard input has in messages. */
const STDIN = '<stdin>';

/** Collects diagnostics and prints them once, each input file's lines shown from the file (or from standard input's text). */
export class BundleDiagnostics {
  readonly all: Diagnostic[] = [];
  private stdinText: string | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly color: boolean,
    /** How a diagnostic without a file is placed: the bundle folder as given. */
    private readonly fileName: string,
  ) {}

  /** Keeps `result`'s diagnostics and gives its value. */
  take<T>(result: StageResult<T>): T {
    this.all.push(...result.diagnostics);
    return result.value;
  }

  rememberStdin(text: string): void {
    this.stdinText = text;
  }

  print(): void {
    if (this.all.length === 0) return;
    // A diagnostic about the model or the run (no input file) is placed at the bundle folder, with no frame.
    const placed = this.all.map((diagnostic) => (diagnostic.file === undefined ? { ...diagnostic, file: this.fileName } : diagnostic));
    const sourceOf = (file: string): string | undefined =>
      file === STDIN ? this.stdinText : file === this.fileName ? undefined : readTextToShow(path.resolve(this.io.cwd, file));
    this.io.stderr(renderDiagnostics(placed, '', { fileName: this.fileName, color: this.color, sourceOf }));
  }
}

/**
 * Initialises the backend (`--backend`), loads the bundle folder `dir` (relative to the working
 * folder) and runs `use` on it, then prints the diagnostics and disposes the bundle. A bundle that
 * cannot be loaded is exit code 1 after its diagnostics.
 */
export async function withBundle(
  dir: string,
  values: OptionValues,
  io: CliIo,
  use: (bundle: LoadedBundle, diagnostics: BundleDiagnostics) => Promise<number>,
): Promise<number> {
  const diagnostics = new BundleDiagnostics(io, useColor(io, values['no-color'] as boolean | undefined), dir);
  await initBackend(parseBackendOption(values.backend));
  const bundle = diagnostics.take(await readBundleFolder(path.resolve(io.cwd, dir)));
  if (bundle === undefined) {
    diagnostics.print();
    return 1;
  }
  try {
    return await use(bundle, diagnostics);
  } finally {
    bundle.dispose();
  }
}

/** Reads INPUT: `-` is standard input (JSON lines, or CSV when it does not start with `{` or `[`), else a file as given. */
export async function readInput(
  input: string,
  json: BundleJson,
  io: CliIo,
  diagnostics: BundleDiagnostics,
  options: ReadInputOptions = {},
): Promise<ModelInput | undefined> {
  if (input === '') throw new CliUsageError('INPUT must be a file name, or `-` for standard input');
  if (input === '-') {
    const text = await io.readStdin();
    diagnostics.rememberStdin(text);
    return diagnostics.take(parseTextInput(text, json, STDIN, options));
  }
  return diagnostics.take(await readModelInput(path.resolve(io.cwd, input), json, { ...options, displayName: input }));
}
