import type { Command } from '../command.js';
import { CliUsageError, useColor } from '../io.js';
import { readSourceFile } from '../read-source.js';
import { checkSource, renderSummary, summarizeModel, type CheckedProgram, type ModelSummary } from '../../check/index.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics, tallyDiagnostics } from '../../diagnostics/render-terminal.js';
import { toJsonDiagnostics } from '../../diagnostics/render-json.js';

/** `nnspec check`: parses and type-checks specs, prints diagnostics and a summary per model. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'parse and type-check specs; print diagnostics and a summary of each model',
  usage: [
    'Usage: nnspec check FILE... [--format human|json] [--quiet] [--no-color]',
    '       nnspec check -          check standard input',
    '',
    'Reports every problem in each spec (sorted by position) without reading data or training,',
    'then, for a spec without errors, a summary of each model: output shapes, parameter counts,',
    'weight bytes, and the data set it trains on.',
    '',
    'Options:',
    '  --format human|json  how to print (default: human)',
    '  --quiet              diagnostics only, no model summaries',
    '  --no-color           no ANSI colours',
    '',
    'Exit codes: 0 no errors (warnings allowed), 1 errors in a spec, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: { format: { type: 'string' }, quiet: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new CliUsageError('`nnspec check` needs at least one file (or `-` for standard input)');
    const format = (values.format as string | undefined) ?? 'human';
    if (format !== 'human' && format !== 'json') throw new CliUsageError(`--format must be \`human\` or \`json\`, not \`${format}\``);
    const color = useColor(io, values['no-color'] as boolean | undefined);
    const quiet = Boolean(values.quiet);
    // Read every file first: an unreadable file is a usage error (exit 2) before anything is printed.
    const sources = [];
    for (const argument of positionals) sources.push(await readSourceFile(argument, io));
    let failed = false;
    const jsonFiles = [];
    for (const source of sources) {
      const result = checkSource(source.text);
      const errors = hasErrors(result.diagnostics);
      failed ||= errors;
      const summaries = errors ? [] : summarizeProgram(result.value);
      if (format === 'json') {
        jsonFiles.push({ ...toJsonDiagnostics(source.displayName, result.diagnostics), models: quiet ? [] : summaries });
        continue;
      }
      if (result.diagnostics.length > 0) {
        io.stderr(renderDiagnostics(result.diagnostics, source.text, { fileName: source.displayName, color }));
      }
      if (!quiet) for (const summary of summaries) io.stdout(renderSummary(summary) + '\n');
      const tally = tallyDiagnostics(result.diagnostics);
      io.stderr(`${source.displayName}: ${tally}\n`);
    }
    if (format === 'json') io.stdout(JSON.stringify({ files: jsonFiles }, null, 2) + '\n');
    return failed ? 1 : 0;
  },
};

/** A summary per model, with the data set of the first `train` declaration that uses it. */
function summarizeProgram(program: CheckedProgram): ModelSummary[] {
  return program.models.map((model) => {
    const train = program.trains.find((candidate) => candidate.model === model.name);
    const data = train ? program.data.find((candidate) => candidate.name === train.data) : undefined;
    return summarizeModel(model, data ?? null);
  });
}
