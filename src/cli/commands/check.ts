import type { Command } from '../command.js';
import { CliUsageError, useColor } from '../io.js';
import { readSourceFile, type SourceFile } from '../read-source.js';
import {
  checkSource,
  renderSummary,
  renderStudySize,
  studySize,
  summarizeModel,
  type CheckedProgram,
  type ModelSummary,
  type StudySize,
} from '../../check/index.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics, tallyDiagnostics } from '../../diagnostics/render-terminal.js';
import { toJsonDiagnostics, type JsonFileDiagnostics } from '../../diagnostics/render-json.js';
import { probeData, type DataProbe } from '../../train/data/probe.js';
import { readDataHead } from '../../train/data/read-head-node.js';
import { resolveDataPath } from '../../train/data/read-file-node.js';
import { escapeControlChars, escapeControlCharsKeepingLines } from '../../util/terminal-text.js';
import { dataRootDiagnostics } from '../../train/data/data-root-node.js';
import { parseDataRootOption } from '../data-root-option.js';

/** `nnspec check`: parses and type-checks specs, prints diagnostics and a summary per model. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'parse and type-check specs; print diagnostics and a summary of each model',
  usage: [
    'Usage: nnspec check FILE... [--data [--data-root DIR]] [--format human|json] [--quiet] [--no-color]',
    '       nnspec check -          check standard input',
    '',
    'Reports every problem in each spec (sorted by position) without reading data or training,',
    'then, for a spec without errors, a summary of each model: output shapes, parameter counts,',
    'weight bytes, and the data set it trains on.',
    '',
    'With --data it also reads the start of each CSV and IDX file a `train` block would load',
    '(its header, at most 64 KiB of a CSV; never the whole data) and reports what training would:',
    'a missing file, an unknown label column, a bad IDX header, or examples of another shape than',
    "the model's input.",
    '',
    'Options:',
    "  --data               also read the data files' headers (see above)",
    '  --data-root DIR      read data files only inside DIR (for specs from others; see',
    '                       docs/running-untrusted-specs.md)',
    '  --format human|json  how to print (default: human)',
    '  --quiet              diagnostics only, no model summaries',
    '  --no-color           no ANSI colours',
    '',
    'Exit codes: 0 no errors (warnings allowed), 1 errors in a spec or its data, 2 usage error or a',
    'spec file that cannot be read (the other files are still checked and reported).',
    '',
  ].join('\n'),
  options: {
    data: { type: 'boolean' },
    'data-root': { type: 'string' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new CliUsageError('`nnspec check` needs at least one file (or `-` for standard input)');
    const format = (values.format as string | undefined) ?? 'human';
    if (format !== 'human' && format !== 'json') throw new CliUsageError(`--format must be \`human\` or \`json\`, not \`${format}\``);
    const color = useColor(io, values['no-color'] as boolean | undefined);
    const quiet = Boolean(values.quiet);
    const withData = Boolean(values.data);
    const dataRoot = parseDataRootOption(values['data-root'], io);
    let failed = false;
    // A file that cannot be read is reported in its turn and the others are still checked;
    // the exit code is then 2 (an I/O error), whatever the other files hold.
    let unreadable = false;
    const jsonFiles: CheckJsonFile[] = [];
    for (const argument of positionals) {
      let source: SourceFile;
      try {
        source = await readSourceFile(argument, io);
      } catch (error) {
        if (!(error instanceof CliUsageError)) throw error;
        unreadable = true;
        if (format === 'json') jsonFiles.push({ ...toJsonDiagnostics(argument, []), error: error.message, errors: 1, models: [], studies: [] });
        else io.stderr(`error: ${escapeControlChars(error.message)}\n`);
        continue;
      }
      const result = checkSource(source.text);
      const data = withData ? await probeSpecData(result.value, source, dataRoot) : undefined;
      const diagnostics = [...result.diagnostics, ...(data?.diagnostics ?? [])];
      const errors = hasErrors(diagnostics);
      failed ||= errors;
      const summaries = errors ? [] : summarizeProgram(result.value, data?.featureShapes);
      const studies = errors ? [] : result.value.studies.filter((study) => study.complete).map((study) => studySize(study));
      if (format === 'json') {
        jsonFiles.push({ ...toJsonDiagnostics(source.displayName, diagnostics), models: quiet ? [] : summaries, studies: quiet ? [] : studies });
        continue;
      }
      if (diagnostics.length > 0) {
        const sourceOf = (file: string): string | undefined => data?.texts.get(file);
        io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color, sourceOf }));
      }
      // Names in a summary are the checker's identifiers; escaping is a second guard, as for every terminal line.
      if (!quiet) for (const summary of summaries) io.stdout(`${escapeControlCharsKeepingLines(renderSummary(summary))}\n`);
      if (!quiet) for (const study of studies) io.stdout(`${escapeControlCharsKeepingLines(renderStudySize(study))}\n\n`);
      const tally = tallyDiagnostics(diagnostics);
      io.stderr(`${escapeControlChars(source.displayName)}: ${tally}\n`);
    }
    if (format === 'json') io.stdout(`${JSON.stringify({ files: jsonFiles }, null, 2)}\n`);
    return unreadable ? 2 : failed ? 1 : 0;
  },
};

/** One file of `check --format json`: its diagnostics and summaries, or why it could not be read. */
interface CheckJsonFile extends JsonFileDiagnostics {
  /** Set when the file could not be read (then `errors` is 1 and there are no diagnostics). */
  error?: string;
  models: ModelSummary[];
  /** The size of each study (settings x seeds = trials, epochs, multiply-adds). */
  studies?: StudySize[];
}

/** `--data`: the data files' heads, read relative to the spec's folder (and only inside `dataRoot`, when given). */
function probeSpecData(program: CheckedProgram, source: SourceFile, dataRoot: string | undefined): Promise<DataProbe> {
  return probeData(program, {
    readHead: readDataHead,
    resolvePath: (file) => resolveDataPath(file, source.baseDir),
    specText: source.text,
    checkPaths: (data, paths) => dataRootDiagnostics(data, paths, dataRoot, source.text),
  });
}

/**
 * A summary per model, with the data set of the first `train` declaration that uses it; a CSV
 * or IDX source's feature shape is the one its files gave when `--data` read them.
 */
function summarizeProgram(program: CheckedProgram, probedShapes?: ReadonlyMap<string, number[]>): ModelSummary[] {
  return program.models.map((model) => {
    const train = program.trains.find((candidate) => candidate.model === model.name);
    const data = train ? program.data.find((candidate) => candidate.name === train.data) : undefined;
    const featureShape = data?.featureShape ?? (data ? probedShapes?.get(data.name) : undefined) ?? null;
    return summarizeModel(model, data ? { ...data, featureShape } : null, train ?? null);
  });
}
