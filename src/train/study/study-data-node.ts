/**
 * A study's data in Node: {@link loadStudyDataWith} with Node's file loader unless another is
 * given. Node-only (the default loader reads files).
 */
import type { StageResult } from '../../diagnostics/diagnostic.js';
import type { StudyPlan } from '../../ir/study-plan.js';
import { loadStudyDataWith, type StudyData, type StudyDataOptions } from './study-data.js';

export { dataKey, dedupe } from './study-data.js';
export type { StudyData, StudyDataOptions } from './study-data.js';

/** Loads every distinct data block of the plan's settings (Node's `loadData` by default); see {@link loadStudyDataWith}. */
export async function loadStudyData(plan: StudyPlan, options: StudyDataOptions): Promise<StageResult<StudyData | undefined>> {
  const loadData = options.loadData ?? (await import('../data/load-data.js')).loadData;
  return loadStudyDataWith(plan, { ...options, loadData });
}
