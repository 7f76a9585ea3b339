/**
 * Reading a report JSON back (`nnspec report FILE`): the file `nnspec train --json` or an exported
 * `train.py --json` wrote, checked against the report schema with every problem naming its field
 * (NN5211). Browser-safe.
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { DOCUMENT_START } from '../diagnostics/diagnostic.js';
import { EXPORT_CODE } from '../diagnostics/codes/export-codes.js';
import { describeIssue } from '../ir/validate.js';
import { REPORT_VERSION, trainingReportSchema, type TrainingReport } from './report-schema.js';

/** At most this many schema problems are listed, so one bad array does not flood the terminal. */
const LISTED = 5;

function problem(file: string, message: string, help: string): Diagnostic {
  return { code: EXPORT_CODE.notAReport, severity: 'error', message, range: DOCUMENT_START, file, help };
}

const HELP = 'give the JSON file `nnspec train --json FILE` (or an exported `train.py --json FILE`) wrote, unedited';

/** Parses and checks a report's text; `file` names it in messages. */
export function parseReportJson(text: string, file: string): StageResult<TrainingReport | undefined> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { value: undefined, diagnostics: [problem(file, `not valid JSON: ${(error as Error).message}`, HELP)] };
  }
  const record = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (record?.format !== 'nnspec-report') {
    return { value: undefined, diagnostics: [problem(file, 'not an nnspec report: `format` is not "nnspec-report"', HELP)] };
  }
  if (record.version !== REPORT_VERSION) {
    return {
      value: undefined,
      diagnostics: [
        problem(
          file,
          `report version ${JSON.stringify(record.version)}; this nnspec reads version ${REPORT_VERSION}`,
          'render it with the nnspec version that wrote it, or train again with this one',
        ),
      ],
    };
  }
  const checked = trainingReportSchema.safeParse(json, { reportInput: true });
  if (checked.success) return { value: checked.data, diagnostics: [] };
  const issues = checked.error.issues;
  const diagnostics = issues.slice(0, LISTED).map((issue) => problem(file, describeIssue(issue, 'a report has every field'), HELP));
  if (issues.length > LISTED) diagnostics.push({ ...diagnostics[0]!, message: `and ${issues.length - LISTED} more problems` });
  return { value: undefined, diagnostics };
}
