/**
 * A study's output folder: `study.json` (the manifest: what the study is, hashes of its plan,
 * spec and data) and `trials/<id>.json`, one file per finished trial, each written whole
 * (temporary file, then rename) the moment its trial ends. Opening the folder decides which
 * trials are already done (`resume`) and refuses a folder whose trials belong to another study
 * or were made from another spec or data. Node-only.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { STUDY_RUN_CODE } from '../../diagnostics/codes/study-codes.js';
import type { IrValue } from '../../ir/schema.js';
import { STUDY_PLAN_VERSION, type IrPrune, type StudyPlan } from '../../ir/study-plan.js';
import { trainingReportSchema, type DataFileFact } from '../../report/report-schema.js';
import { dataFilesDifference } from '../data/data-files-difference.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { FILE_START } from '../data/data-diagnostic.js';
import { isFinishedStatus, type TrialResult, type TrialStatus } from './trial-result.js';
import { irJsonWithoutSourceSpan } from '../../ir/json-text.js';

/** The manifest's file name in the study's folder. */
export const MANIFEST_FILE = 'study.json';
/** The folder of the trial files. */
export const TRIALS_FOLDER = 'trials';

/** `study.json`: what the study in a folder is, to refuse mixing it with another. */
export interface StudyManifest {
  format: 'nnspec-study';
  version: number;
  /** SHA-256 of the study plan (its settings' IR documents without source positions, its seeds and prune rule). */
  planSha256: string;
  /** SHA-256 of the spec's text (UTF-8); null when the caller gave no text. */
  specSha256: string | null;
  /** Every data file the study's settings read, as loaded before the first trial. */
  dataFiles: DataFileFact[];
  /** The plan in brief, for people and tools reading the folder. */
  study: string;
  model: string;
  kind: StudyPlan['kind'];
  params: string[];
  settings: { index: number; label: string; values: Record<string, IrValue> }[];
  seeds: number[];
  prune: IrPrune | null;
  /** The trial ids in run order: the files `trials/<id>.json` a finished study holds. */
  trials: string[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The manifest of `plan` run from `specText` on data read from `dataFiles`. */
export function studyManifest(plan: StudyPlan, trialIds: readonly string[], specText: string | undefined, dataFiles: readonly DataFileFact[]): StudyManifest {
  // The spec's own hash covers the text.
  const planText = irJsonWithoutSourceSpan(plan);
  return {
    format: 'nnspec-study',
    version: STUDY_PLAN_VERSION,
    planSha256: sha256(planText),
    specSha256: specText === undefined ? null : sha256(specText),
    dataFiles: [...dataFiles],
    study: plan.name,
    model: plan.model,
    kind: plan.kind,
    params: plan.params,
    settings: plan.settings.map((setting) => ({ index: setting.index, label: setting.label, values: setting.values })),
    seeds: plan.seeds,
    prune: plan.prune,
    trials: [...trialIds],
  };
}

function folderError(code: string, message: string, help: string): Diagnostic {
  return { code, severity: 'error', message, range: FILE_START, help };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** The `.json` files in `trials/` (temporary files, which start with a dot, left out). */
async function trialFiles(outDir: string): Promise<string[]> {
  try {
    return (await readdir(path.join(outDir, TRIALS_FOLDER))).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

function readManifest(text: string): StudyManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<StudyManifest> | null;
    if (
      value === null ||
      typeof value !== 'object' ||
      value.format !== 'nnspec-study' ||
      typeof value.planSha256 !== 'string' ||
      !Array.isArray(value.dataFiles)
    )
      return undefined;
    return value as StudyManifest;
  } catch {
    return undefined;
  }
}

/** What {@link openStudyFolder} found: the trials already finished (by id; empty unless resuming). */
export interface StudyFolder {
  finished: Map<string, TrialResult>;
}

/**
 * Checks `outDir` for the study of `manifest` and reads back its finished trials when `resume`.
 * Refuses (diagnostics, no value) a file in the way, trials without a manifest, another study's
 * trials, and, when resuming, a changed spec, data or plan. Writes nothing.
 */
export async function openStudyFolder(outDir: string, manifest: StudyManifest, resume: boolean): Promise<StageResult<StudyFolder | undefined>> {
  const refuse = (diagnostic: Diagnostic): StageResult<undefined> => ({ value: undefined, diagnostics: [diagnostic] });
  const fresh: StageResult<StudyFolder> = { value: { finished: new Map() }, diagnostics: [] };
  const newFolder = 'give the study a new or empty folder';
  if ((await exists(outDir)) && !(await stat(outDir)).isDirectory()) {
    return refuse(folderError(STUDY_RUN_CODE.notStudyFolder, `the study's output \`${outDir}\` is a file, not a folder`, newFolder));
  }
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  const files = await trialFiles(outDir);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    if (files.length === 0) return fresh;
    return refuse(
      folderError(
        STUDY_RUN_CODE.notStudyFolder,
        `\`${outDir}\` holds trial files but no \`${MANIFEST_FILE}\`: nothing says which study they belong to`,
        `${newFolder}, or restore \`${MANIFEST_FILE}\``,
      ),
    );
  }
  const previous = readManifest(text);
  if (!previous) {
    return refuse(
      folderError(STUDY_RUN_CODE.notStudyFolder, `\`${manifestPath}\` is not a study manifest nnspec wrote`, `${newFolder}, or restore \`${MANIFEST_FILE}\``),
    );
  }
  const restart = 'run the study without `--resume` into a new output folder (`--out`)';
  const specDiffers = previous.specSha256 !== manifest.specSha256;
  const dataDiffers = dataFilesDifference(previous.dataFiles, manifest.dataFiles, 'when the study began');
  const planDiffers = previous.planSha256 !== manifest.planSha256;
  if (!resume) {
    if ((specDiffers || dataDiffers !== undefined || planDiffers) && files.length > 0) {
      const what = specDiffers ? 'another spec' : dataDiffers !== undefined ? 'other data' : 'another study plan';
      return refuse(
        folderError(
          STUDY_RUN_CODE.otherStudyInFolder,
          `\`${outDir}\` holds ${files.length} trial${files.length === 1 ? '' : 's'} of another study (study \`${previous.study}\`, made from ${what}); the two would be mixed`,
          `give this study its own folder (\`--out\`), or delete \`${outDir}\` if its trials are no longer wanted`,
        ),
      );
    }
    return fresh;
  }
  if (specDiffers) {
    return refuse(
      folderError(
        STUDY_RUN_CODE.specChanged,
        `the spec changed since the study in \`${outDir}\` began (its SHA-256 is not the one in \`${MANIFEST_FILE}\`), so its trials cannot be resumed`,
        `restore the spec as it was, or ${restart}`,
      ),
    );
  }
  if (dataDiffers !== undefined) {
    return refuse(
      folderError(
        STUDY_RUN_CODE.dataChanged,
        `the data changed since the study in \`${outDir}\` began: ${dataDiffers}`,
        `restore the data as it was, or ${restart}`,
      ),
    );
  }
  if (planDiffers) {
    return refuse(
      folderError(
        STUDY_RUN_CODE.planChanged,
        `the study in \`${outDir}\` is study \`${previous.study}\` with other settings, seeds or pruning than this one, though the spec and data are unchanged`,
        `resume the same study (\`--name ${previous.study}\`) with the same nnspec, or ${restart}`,
      ),
    );
  }
  const finished = new Map<string, TrialResult>();
  const ids = new Set(manifest.trials);
  for (const name of files) {
    const id = name.slice(0, -'.json'.length);
    if (!ids.has(id)) continue;
    const file = path.join(outDir, TRIALS_FOLDER, name);
    const result = parseTrialFile(await readFile(file, 'utf8'), id, manifest.planSha256);
    if (typeof result === 'string') {
      return refuse(
        folderError(
          STUDY_RUN_CODE.badTrialFile,
          `\`${file}\` is not a finished trial of this study: ${result}`,
          'delete the file: `--resume` then runs its trial again',
        ),
      );
    }
    finished.set(id, result);
  }
  return { value: { finished }, diagnostics: [] };
}

const STATUSES: readonly TrialStatus[] = ['completed', 'pruned', 'diverged', 'interrupted', 'failed'];

/** A trial file's result, or what is wrong with it. */
function parseTrialFile(text: string, id: string, planSha256: string): TrialResult | string {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'it is not valid JSON';
  }
  if (value === null || typeof value !== 'object' || value.format !== 'nnspec-study-trial') return 'it is not a trial file';
  if (value.planSha256 !== planSha256) return 'it was written for another study plan';
  if (value.id !== id) return `it holds trial \`${String(value.id)}\``;
  const status = value.status as TrialStatus;
  if (!STATUSES.includes(status) || !isFinishedStatus(status)) return `its status \`${String(status)}\` is not a finished one`;
  const report = trainingReportSchema.safeParse(value.report);
  if (!report.success) return 'its training report does not match the report schema';
  const number = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : null);
  return {
    id,
    setting: number('setting') ?? -1,
    seed: number('seed') ?? -1,
    status,
    report: report.data,
    prunedAtEpoch: number('prunedAtEpoch'),
    message: typeof value.message === 'string' ? value.message : null,
  };
}

/** Writes `study.json` (atomically). */
export async function writeStudyManifest(outDir: string, manifest: StudyManifest): Promise<void> {
  await writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Writes `trials/<id>.json` (atomically): the trial's full result, marked with the plan it belongs to. */
export async function writeTrialFile(outDir: string, planSha256: string, result: TrialResult): Promise<string> {
  const file = path.join(outDir, TRIALS_FOLDER, `${result.id}.json`);
  await writeFileAtomic(file, `${JSON.stringify({ format: 'nnspec-study-trial', version: STUDY_PLAN_VERSION, planSha256, ...result }, null, 2)}\n`);
  return file;
}

/** The diagnostic for a failed write of the study's output. */
export function writeFailed(error: unknown): Diagnostic {
  const failure = error as NodeJS.ErrnoException;
  const where = typeof failure.path === 'string' ? `\`${failure.path}\`` : "the study's output";
  return folderError(
    STUDY_RUN_CODE.writeFailed,
    `could not write ${where}: ${failure.message ?? String(error)}`,
    "free space or fix the folder's permissions, then continue with `--resume`",
  );
}
