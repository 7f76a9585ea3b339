/**
 * The files a training run asked for (`--json`, `--html`, `--save`), each written atomically:
 * a run that fails or is interrupted never leaves a half-written file. Node-only.
 */
import type { TrainingRun } from '../train/runner/index.js';
import { renderHtmlReport, toReportJson } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { exportModelFiles } from './model-files.js';
import path from 'node:path';

/** Where to write each output; undefined ones are skipped. Absolute paths. */
export interface TrainingOutputs {
  json?: string;
  html?: string;
  save?: string;
}

/** Writes the requested outputs of a finished (or stopped) run and returns the paths written. */
export async function writeTrainingOutputs(run: TrainingRun, outputs: TrainingOutputs): Promise<string[]> {
  const written: string[] = [];
  if (outputs.json) {
    await writeFileAtomic(outputs.json, `${JSON.stringify(toReportJson(run.report), null, 2)}\n`);
    written.push(outputs.json);
  }
  if (outputs.html) {
    await writeFileAtomic(outputs.html, renderHtmlReport(run.report));
    written.push(outputs.html);
  }
  if (outputs.save) {
    await exportModelFiles(run.model, outputs.save);
    written.push(path.join(outputs.save, 'model.json'));
  }
  return written;
}
