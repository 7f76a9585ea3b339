/**
 * The files a training run asked for (`--json`, `--html`, `--save`), each written atomically:
 * a run that fails or is interrupted never leaves a half-written file. Node-only.
 */
import path from 'node:path';
import type { TrainingRun } from '../train/runner/index.js';
import { renderHtmlReport, toReportJson } from '../report/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { createBundleJson } from '../bundle/create-bundle.js';
import { BUNDLE_FILE } from '../bundle/bundle-schema.js';
import { NNSPEC_VERSION } from '../cli/version.js';
import { exportModelFiles } from './model-files.js';

/** Where to write each output; undefined ones are skipped. Absolute paths. */
export interface TrainingOutputs {
  json?: string;
  html?: string;
  /** A model bundle folder: the TF.js files and `nnspec.json` (docs/bundle.md). */
  save?: string;
  /** The spec's absolute path, recorded in the bundle relative to its folder (so `nnspec evaluate --split` finds the data); default: the report's spec name. */
  specPath?: string;
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
    const dir = outputs.save;
    const specPath = outputs.specPath === undefined ? undefined : path.relative(dir, outputs.specPath).split(path.sep).join('/');
    await exportModelFiles(run.model, dir, {
      extraFiles: (facts) => ({
        [BUNDLE_FILE]: `${JSON.stringify(createBundleJson(run.report, { nnspecVersion: NNSPEC_VERSION, ...facts, ...(specPath !== undefined ? { specPath } : {}) }), null, 2)}\n`,
      }),
    });
    written.push(dir);
  }
  return written;
}
