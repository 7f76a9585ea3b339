/** What `nnspec study` does once its options are parsed (loaded lazily: it starts worker threads). */
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { OptionValues } from './command.js';
import { CliUsageError, useColor, type CliIo } from './io.js';
import { readSourceFile } from './read-source.js';
import { compileStudyForCli } from './front-end.js';
import { checkOutputTarget, displayPath, resolveOutput } from './output-paths.js';
import { parseBackendOption, parseJobsOption } from './options.js';
import { parseDataRootOption } from './data-root-option.js';
import { renderRunDiagnostics } from './run-diagnostics.js';
import { StudyProgressPrinter } from './study-progress.js';
import { EXIT_INTERRUPTED, listenForStop } from './interrupts.js';
import { runStudy } from '../train/study/run-study-node.js';
import { studyTrials } from '../ir/study-plan.js';
import { buildStudyReport, renderStudyHtml, renderStudyReport, toStudyReportJson } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { escapeControlChars, escapeControlCharsKeepingLines } from '../util/terminal-text.js';

/** Runs `nnspec study` and returns its exit code. */
export async function runStudyCommand(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) throw new CliUsageError('`nnspec study` takes one spec file');
  const backend = parseBackendOption(values.backend);
  const jobsOption = parseJobsOption(values.jobs);
  const dataRoot = parseDataRootOption(values['data-root'], io);
  const color = useColor(io, values['no-color'] as boolean | undefined);
  const quiet = Boolean(values.quiet);
  const resume = Boolean(values.resume);
  const name = values.name === undefined ? undefined : String(values.name);
  const json = resolveOutput(io, values.json);
  const html = resolveOutput(io, values.html);
  if (json) checkOutputTarget('--json', json, 'file');
  if (html) checkOutputTarget('--html', html, 'file');

  const source = await readSourceFile(positionals[0]!, io);
  const plan = compileStudyForCli(source, io, color, name);
  if (!plan) return 1;
  const outDir = resolveOutput(io, values.out) ?? path.resolve(io.cwd, `${plan.name}.study`);
  checkOutputTarget('--out', outDir, 'folder');
  if (resume && !existsSync(path.join(outDir, 'study.json'))) {
    throw new CliUsageError(`--resume: \`${displayPath(io, outDir)}\` holds no study to resume (no study.json); run without --resume to start it`);
  }
  const total = studyTrials(plan).length;
  const jobs = Math.max(1, Math.min(jobsOption ?? availableParallelism(), total));
  const printer = new StudyProgressPrinter(io, plan, { color, quiet });

  const stop = listenForStop(
    io,
    () => printer.note('interrupted: stopping the running trials after their current batch (finished trials are kept; --resume runs the rest)'),
    'interrupted again: quitting at once; the finished trials are in the study folder',
  );
  printer.start(source.displayName, jobs, resume ? trialFilesIn(outDir) : 0);
  try {
    const result = await runStudy(plan, {
      baseDir: source.baseDir,
      specName: source.displayName,
      specText: source.text,
      jobs,
      backend,
      outDir,
      resume,
      ...(dataRoot !== undefined ? { dataRoot } : {}),
      shouldStop: () => stop.requested,
      onTrialStart: (trial) => printer.trialStarted(trial),
      onTrialEnd: (trial, trialResult, progress) => printer.trialEnded(trial, trialResult, progress),
    });
    printer.finish();
    renderRunDiagnostics(result.diagnostics, source, io, color);
    const run = result.value;
    if (!run) return 1;
    const report = toStudyReportJson(buildStudyReport(plan, run.trials, { spec: source.displayName }));
    io.stdout(`${escapeControlCharsKeepingLines(renderStudyReport(report, { color }))}\n`);
    if (json) await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
    if (html) await writeFileAtomic(html, renderStudyHtml(report));
    for (const file of [outDir, json, html]) if (file) io.stderr(`wrote ${escapeControlChars(displayPath(io, file))}${file === outDir ? '/' : ''}\n`);
    const unfinished = run.trials.filter((trial) => trial.status === 'interrupted').length;
    if (stop.requested || unfinished > 0) {
      io.stderr(
        `${unfinished} of ${total} trials did not finish; run again with --resume${values.out === undefined ? '' : ` --out ${escapeControlChars(displayPath(io, outDir))}`} to run them\n`,
      );
      return EXIT_INTERRUPTED;
    }
    const failed = run.trials.filter((trial) => trial.status === 'failed').length;
    return failed > 0 || hasErrors(result.diagnostics) ? 1 : 0;
  } finally {
    stop.dispose();
  }
}

/** How many trial files a study folder holds (for the header of a resumed study). */
function trialFilesIn(outDir: string): number {
  try {
    return readdirSync(path.join(outDir, 'trials')).filter((file) => file.endsWith('.json')).length;
  } catch {
    return 0;
  }
}
