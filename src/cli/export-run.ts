/** What `nnspec export` does once its options are parsed (loaded lazily: it pulls in TF.js). */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import { readSourceFile } from './read-source.js';
import { compileSourceForCli } from './front-end.js';
import { checkOutputTarget, displayPath, resolveOutput } from './output-paths.js';
import { parseSeedOption } from './options.js';
import { pickTrainingDocument } from './pick-training.js';
import { renderRunDiagnostics } from './run-diagnostics.js';
import { buildModel, initBackend } from '../backend/index.js';
import { collectOnnxWeights, exportOnnx } from '../onnx/index.js';
import { exportBundleFolderOnnx } from '../node/write-onnx.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { readTextToShow } from '../train/data/read-file-node.js';
import { escapeControlChars } from '../util/terminal-text.js';
import { runExportPytorch } from './export-pytorch-run.js';

const FORMATS = ['onnx', 'pytorch'];

/** Runs `nnspec export` and returns its exit code. */
export async function runExport(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new CliUsageError('`nnspec export` takes one bundle folder or spec file (see `nnspec export --help`)');
  const format = values.to;
  if (format === undefined) throw new CliUsageError('`nnspec export` needs `--to onnx` or `--to pytorch`');
  if (typeof format !== 'string' || !FORMATS.includes(format)) {
    throw new CliUsageError(`--to: unknown format \`${String(format)}\`; the formats are \`onnx\` and \`pytorch\``);
  }
  const target = resolveOutput(io, values.output);
  const argument = positionals[0]!;
  // A folder is read as a bundle, a file as a spec.
  const isFolder = await stat(path.resolve(io.cwd, argument)).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (format === 'pytorch') {
    if (target === undefined) throw new CliUsageError('`nnspec export --to pytorch` needs `-o DIR`, the project folder to write');
    return runExportPytorch(values, argument, isFolder, target, io);
  }
  if (values.weights !== undefined || values['data-root'] !== undefined) throw new CliUsageError('--weights and --data-root are for `--to pytorch`');
  if (target === undefined) throw new CliUsageError('`nnspec export` needs `-o FILE`, the ONNX file to write');
  checkOutputTarget('-o', target, 'file');
  const color = useColor(io, values['no-color'] as boolean | undefined);
  const written = isFolder ? await exportBundle(argument, target, values, io, color) : await exportSpec(argument, target, values, io, color);
  if (!written) return 1;
  io.stderr(`wrote ${escapeControlChars(displayPath(io, target))}\n`);
  return 0;
}

/** `export DIR`: the trained bundle. */
async function exportBundle(argument: string, target: string, values: OptionValues, io: CliIo, color: boolean): Promise<boolean> {
  if (values.model !== undefined || values.seed !== undefined) {
    throw new CliUsageError('--model and --seed are for a spec; a bundle holds one trained model with its weights');
  }
  await initBackend('wasm');
  const dir = path.resolve(io.cwd, argument);
  const result = await exportBundleFolderOnnx(dir, target);
  if (result.diagnostics.length > 0) {
    // Bundle diagnostics point into the bundle's files; show their lines when they are text.
    const fileName = displayPath(io, path.join(dir, 'nnspec.json'));
    io.stderr(renderDiagnostics(result.diagnostics, '', { fileName, color, sourceOf: (file) => readTextToShow(path.resolve(io.cwd, file)) }));
  }
  return result.value && !hasErrors(result.diagnostics);
}

/** `export SPEC`: the untrained model, with its seed's initial weights. */
async function exportSpec(argument: string, target: string, values: OptionValues, io: CliIo, color: boolean): Promise<boolean> {
  const seedOverride = parseSeedOption(values.seed);
  const source = await readSourceFile(argument, io);
  const documents = compileSourceForCli(source, io, color);
  if (!documents) return false;
  const document = pickTrainingDocument(documents, values.model as string | undefined);
  const seed = seedOverride ?? document.training.seed;
  await initBackend('wasm');
  const model = buildModel(document.model, { seed });
  try {
    const result = exportOnnx({ model: document.model, weights: collectOnnxWeights(model, document.model), specText: source.text });
    renderRunDiagnostics(result.diagnostics, source, io, color);
    if (!result.value) return false;
    io.stderr(
      `note: exported \`${escapeControlChars(document.model.name)}\` untrained (the initial weights of seed ${seed}) and without normalization, since nothing is fitted; export the folder \`nnspec train --save DIR\` writes for the trained model\n`,
    );
    await writeFileAtomic(target, result.value);
    return true;
  } finally {
    model.dispose();
  }
}
