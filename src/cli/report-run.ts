/** What `nnspec report` does once its options are parsed. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import { checkOutputTarget, describeFsError, displayPath, resolveOutput } from './output-paths.js';
import { parseReportJson } from '../report/read-report.js';
import { renderHtmlReport, renderLossChart, renderRunSummary } from '../report/index.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { escapeControlChars } from '../util/terminal-text.js';

/** Runs `nnspec report` and returns its exit code. */
export async function runReport(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new CliUsageError('`nnspec report` takes one report JSON file (see `nnspec report --help`)');
  const html = resolveOutput(io, values.html);
  if (html !== undefined) checkOutputTarget('--html', html, 'file');
  const color = useColor(io, values['no-color'] as boolean | undefined);
  const file = path.resolve(io.cwd, positionals[0]!);
  const shown = displayPath(io, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read \`${shown}\`: ${describeFsError(error as NodeJS.ErrnoException)}`);
  }
  const parsed = parseReportJson(text, shown);
  if (parsed.value === undefined) {
    io.stderr(renderDiagnostics(parsed.diagnostics, '', { fileName: shown, color }));
    return 1;
  }
  const report = parsed.value;
  if (values.quiet !== true) {
    io.stdout(`${renderRunSummary(report, { color })}\n`);
    if (report.history.length >= 2) io.stdout(`\n${renderLossChart(report, { width: 60, height: 12 })}\n`);
  }
  if (html !== undefined) {
    await writeFileAtomic(html, renderHtmlReport(report));
    io.stderr(`wrote ${escapeControlChars(displayPath(io, html))}\n`);
  }
  return 0;
}
