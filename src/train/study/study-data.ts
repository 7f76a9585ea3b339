/**
 * A study's data, loaded once before any trial starts: one load per distinct data block and
 * split seed among its settings (a study may vary `limit`), every trial of a setting then
 * training on the same prepared arrays. A data error stops the study here. Browser-safe: the
 * loader is given (`study-data-node.ts` gives Node's file loader by default; the playground its own).
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { IrDocument } from '../../ir/schema.js';
import type { StudyPlan } from '../../ir/study-plan.js';
import type { DataFileFact } from '../../report/report-schema.js';
import type { PreparedData } from '../data/dataset.js';
import { checkEmbeddingInputs } from '../data/embedding-inputs.js';
import type { DataLoader } from '../data/training-data.js';
import type { RunOptions } from '../runner/run-training.js';
import { irJsonWithoutSourceSpan } from '../../ir/json-text.js';

/** Where and how a study's data is loaded (as {@link RunOptions} gives them to one run). */
export type StudyDataOptions = Pick<RunOptions, 'baseDir' | 'specText' | 'loadData' | 'dataRoot' | 'readLimits'>;

/** {@link StudyDataOptions} with the loader given. */
export type LoadedStudyDataOptions = StudyDataOptions & { loadData: DataLoader };

/** The loaded data of a study. */
export interface StudyData {
  /** The prepared data by key. */
  byKey: Map<string, PreparedData>;
  /** Setting index to its data's key. */
  keyOfSetting: string[];
  /** Every file read, once each, in loading order. */
  files: DataFileFact[];
}

/** The key of a setting's data: its data block (without source positions) and the seed of its split. */
export function dataKey(document: IrDocument): string {
  const training = document.training;
  if (!training) throw new Error('nnspec study: a setting document has no training');
  const data = irJsonWithoutSourceSpan(training.data);
  return `${training.splitSeed ?? training.seed}:${data}`;
}

/**
 * Loads every distinct data block of the plan's settings with `options.loadData`, and checks that each setting's model
 * can take its data (embedding indices). Errors come back as diagnostics with no value.
 */
export async function loadStudyDataWith(plan: StudyPlan, options: LoadedStudyDataOptions): Promise<StageResult<StudyData | undefined>> {
  const load = options.loadData;
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, PreparedData>();
  const files = new Map<string, DataFileFact>();
  const keyOfSetting: string[] = [];
  for (const setting of plan.settings) {
    const document = setting.document;
    const training = document.training!;
    const key = dataKey(document);
    keyOfSetting.push(key);
    if (!byKey.has(key)) {
      // As runTraining loads it: data that cannot take the declared input shape is reported at the `input` layer.
      const inputKnown = document.model.nodes[0]?.source !== undefined && document.model.inputShape.every((axis) => axis !== null);
      const loaded = await load(training.data, {
        baseDir: options.baseDir,
        seed: training.splitSeed ?? training.seed,
        specText: options.specText,
        inputSpan: inputKnown ? document.model.nodes[0]?.source : undefined,
        ...(options.dataRoot !== undefined ? { dataRoot: options.dataRoot } : {}),
        ...(options.readLimits !== undefined ? { readLimits: options.readLimits } : {}),
      });
      diagnostics.push(...loaded.diagnostics);
      if (!loaded.value || hasErrors(loaded.diagnostics)) return { value: undefined, diagnostics };
      byKey.set(key, loaded.value);
      for (const file of loaded.value.files ?? []) files.set(`${file.data}\u0000${file.path}`, file);
    }
    const unfit = checkEmbeddingInputs(byKey.get(key)!, document.model, options.specText);
    diagnostics.push(...unfit);
    if (hasErrors(unfit)) return { value: undefined, diagnostics };
  }
  return { value: { byKey, keyOfSetting, files: [...files.values()] }, diagnostics: dedupe(diagnostics) };
}

/** The same warning once, though every setting's data load reported it. */
export function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${diagnostic.code}\u0000${diagnostic.message}\u0000${diagnostic.range.start.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
