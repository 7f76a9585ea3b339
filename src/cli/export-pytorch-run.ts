/** `nnspec export SPEC --to pytorch -o DIR`, once its options are parsed (loaded lazily: it pulls in TF.js). */
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import { readSourceFile } from './read-source.js';
import { compileSourceForCli } from './front-end.js';
import { checkOutputTarget, displayPath } from './output-paths.js';
import { parseSeedOption } from './options.js';
import { parseDataRootOption } from './data-root-option.js';
import { pickTrainingDocument } from './pick-training.js';
import { renderRunDiagnostics } from './run-diagnostics.js';
import { NNSPEC_VERSION } from './version.js';
import { initBackend } from '../backend/index.js';
import { exportPytorchProject } from '../node/write-pytorch.js';
import { escapeControlChars } from '../util/terminal-text.js';

/**
 * Writes the PyTorch project of the spec `argument` (`isFolder`: it names a folder, which is refused)
 * to `target` (a folder) and returns the exit code: 0
 * written, 1 errors in the spec, its data or the weights bundle (nothing written).
 */
export async function runExportPytorch(values: OptionValues, argument: string, isFolder: boolean, target: string, io: CliIo): Promise<number> {
  checkOutputTarget('-o', target, 'folder');
  if (isFolder) {
    throw new CliUsageError(
      `\`--to pytorch\` exports a spec (its model, data and training); \`${argument}\` is a folder. Give the spec, and the trained bundle as \`--weights ${argument}\``,
    );
  }
  const weights = values.weights;
  if (weights !== undefined && (typeof weights !== 'string' || weights === ''))
    throw new CliUsageError('--weights needs the folder `nnspec train --save DIR` wrote');
  const color = useColor(io, values['no-color'] as boolean | undefined);
  const seedOverride = parseSeedOption(values.seed);
  const dataRoot = parseDataRootOption(values['data-root'], io);
  const source = await readSourceFile(argument, io);
  if (source.absolutePath === undefined)
    throw new CliUsageError('`--to pytorch` needs a spec file, not standard input: its data paths are relative to its folder');
  const documents = compileSourceForCli(source, io, color);
  if (!documents) return 1;
  const picked = pickTrainingDocument(documents, values.model as string | undefined);
  const document = seedOverride === undefined ? picked : { ...picked, training: { ...picked.training, seed: seedOverride } };
  await initBackend('wasm');
  const result = await exportPytorchProject({
    document,
    specPath: source.absolutePath,
    specName: source.displayName,
    specText: source.text,
    outDir: target,
    ...(typeof weights === 'string' ? { weightsBundle: path.resolve(io.cwd, weights) } : {}),
    ...(dataRoot !== undefined ? { dataRoot } : {}),
    overrides: { epochs: null, seed: seedOverride ?? null },
    nnspecVersion: NNSPEC_VERSION,
  });
  renderRunDiagnostics(result.diagnostics, source, io, color);
  if (!result.value) return 1;
  const shown = escapeControlChars(displayPath(io, target));
  io.stderr(`wrote ${shown}\n`);
  io.stderr(`run it: cd ${shown} && python3 train.py --json report.json   (README.md there: more processes, GPUs, a cluster)\n`);
  return 0;
}
