/** What `nnspec train` does once its options are parsed (loaded lazily: it pulls in TF.js). */
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import { readSourceFile, type SourceFile } from './read-source.js';
import { compileSourceForCli } from './front-end.js';
import { checkOutputTarget, displayPath, resolveOutput } from './output-paths.js';
import { parseBackendOption, parseEpochsOption, parseSeedOption, parseThreadsOption } from './options.js';
import { defaultSpecPath } from './default-spec.js';
import { pickTrainingDocument } from './pick-training.js';
import { parseDataRootOption } from './data-root-option.js';
import { renderRunDiagnostics } from './run-diagnostics.js';
import { TrainProgressPrinter } from './train-progress.js';
import { EXIT_INTERRUPTED, listenForStop } from './interrupts.js';
import { writeTrainingOutputs } from '../node/write-training-outputs.js';
import { initBackend } from '../backend/index.js';
import { runTraining } from '../train/runner/index.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { escapeControlChars } from '../util/terminal-text.js';

/** Runs `nnspec train` and returns its exit code. */
export async function runTrain(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 1) throw new CliUsageError('`nnspec train` takes at most one spec file');
  const backend = parseBackendOption(values.backend);
  const threads = parseThreadsOption(values.threads);
  const epochs = parseEpochsOption(values.epochs);
  const seed = parseSeedOption(values.seed);
  const dataRoot = parseDataRootOption(values['data-root'], io);
  const color = useColor(io, values['no-color'] as boolean | undefined);
  const quiet = Boolean(values.quiet);
  const outputs = {
    json: resolveOutput(io, values.json),
    html: resolveOutput(io, values.html),
    save: resolveOutput(io, values.save),
  };

  if (outputs.json) checkOutputTarget('--json', outputs.json, 'file');
  if (outputs.html) checkOutputTarget('--html', outputs.html, 'file');
  if (outputs.save) checkOutputTarget('--save', outputs.save, 'folder');
  const source = await readSpec(positionals[0], io);
  const documents = compileSourceForCli(source, io, color, { mentionStudies: true });
  if (!documents) return 1;
  const document = pickTrainingDocument(documents, values.model as string | undefined);

  const backendInfo = await initBackend(backend);
  const printer = new TrainProgressPrinter(io, { color, quiet });

  // A second Ctrl-C means "now": leave without waiting for the batch or writing files.
  const stop = listenForStop(
    io,
    () => printer.note('interrupted: stopping after this batch (the report and best weights will still be written)'),
    'interrupted again: quitting at once, nothing written',
  );
  try {
    const result = await runTraining(document, {
      baseDir: source.baseDir,
      specName: source.displayName,
      specText: source.text,
      backend,
      threads,
      epochs,
      seed,
      ...(dataRoot !== undefined ? { dataRoot } : {}),
      onStart: (start) => printer.start(start, source.displayName, backendInfo),
      shouldStop: () => stop.requested,
      onBatch: (progress) => printer.batch(progress),
      onEpoch: (record) => printer.epoch(record),
    });
    renderRunDiagnostics(result.diagnostics, source, io, color);
    const run = result.value;
    if (!run) return 1;
    try {
      printer.finish(run.report);
      const written = await writeTrainingOutputs(run, { ...outputs, ...(source.absolutePath !== undefined ? { specPath: source.absolutePath } : {}) });
      for (const file of written) io.stderr(`wrote ${escapeControlChars(displayPath(io, file))}\n`);
    } finally {
      run.model.dispose();
    }
    if (run.report.summary.stopReason === 'interrupted') return EXIT_INTERRUPTED;
    return hasErrors(result.diagnostics) ? 1 : 0;
  } finally {
    stop.dispose();
  }
}

async function readSpec(argument: string | undefined, io: CliIo): Promise<SourceFile> {
  if (argument !== undefined) return readSourceFile(argument, io);
  const specPath = defaultSpecPath();
  const source = await readSourceFile(specPath, { ...io, cwd: path.dirname(specPath) });
  return { ...source, displayName: path.relative(io.cwd, specPath) || specPath };
}
